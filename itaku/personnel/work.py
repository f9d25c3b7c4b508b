"""What the responsibility report and the briefing leave waiting for a person (see :mod:`itaku.obligations.work`).

- The officer accepts or returns a submitted version (P-3; P-9-4 for a subcontractor's); no deadline.
- The representative: a contract in force with no report yet (P-3: at signing), a draft not submitted, a
  version returned and not yet followed by a new one.
- Each named person: the briefing to acknowledge (P-4), before handling.
- The representative or privacy officer: a dispatched worker whose dispatch contract is not confirmed (P-6-2).
"""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.contracts.choices import ContractState
from itaku.contracts.panels import section_url
from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for, member_roles

from .choices import Employment, VersionState
from .models import Briefing, DispatchConfirmation, ReportEntry, ReportVersion, ResponsibilityReport

OPEN_STATES = [ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.REWORK]


def _version_url(contract_id, pk, anchor=""):
    url = reverse("personnel:version", kwargs={"contract_pk": contract_id, "pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _report_items(roles) -> Iterable[WorkItem]:
    latest = {}
    for v in (ReportVersion.objects.filter(report__contract_id__in=list(roles))
              .select_related("report__contract", "report__organisation").order_by("report_id", "number")):
        latest[v.report_id] = v
    for v in latest.values():
        contract = v.report.contract
        common = {"contract_id": contract.pk, "contract_title": contract.title, "source_id": v.pk,
                  "clause": "P-9" if v.report.subcontractor_id else "P-3",
                  "detail": _("%(org)s 第%(number)s版") % {"org": v.report.organisation.name, "number": v.number}}
        if v.state == VersionState.SUBMITTED:
            yield item_for(roles, (Role.OFFICER,), kind="personnel.accept", label=_("責任体制報告書を受理する"),
                           noun=_("責任体制報告書の受理"), url=_version_url(contract.pk, v.pk, "decision"),
                           since=v.submitted_on, since_what=pgettext("since", "提出"), **common)
        elif v.state == VersionState.RETURNED:
            yield item_for(roles, (Role.REPRESENTATIVE,), kind="personnel.returned",
                           label=_("差し戻された責任体制報告書を直して提出する"), noun=_("責任体制報告書の再提出"),
                           url=_version_url(contract.pk, v.pk), since=v.decided_on,
                           since_what=pgettext("since", "差戻し"), **common)
        elif v.state == VersionState.DRAFT:
            yield item_for(roles, (Role.REPRESENTATIVE,), kind="personnel.submit", label=_("責任体制報告書を提出する"),
                           noun=_("責任体制報告書の提出"), url=_version_url(contract.pk, v.pk, "submit"),
                           since=timezone.localtime(v.created_at).date(), since_what=pgettext("since", "作成"),
                           **common)


def _people_items(actor, roles, contracts) -> Iterable[WorkItem]:
    # Whether the actor was briefed on the entry's contract and whether the entry's person's dispatch was
    # confirmed are read with the entries, in the same query.
    contract_ref = OuterRef("version__report__contract_id")
    entries = (ReportEntry.objects.filter(version__report__contract_id__in=list(roles))
               .exclude(version__state=VersionState.RETURNED)
               .filter(version__report__contract__state__in=OPEN_STATES)
               .annotate(actor_briefed=Exists(Briefing.objects.filter(contract_id=contract_ref, user_id=actor.pk)),
                         dispatch_confirmed=Exists(DispatchConfirmation.objects.filter(
                             contract_id=contract_ref, user_id=OuterRef("user_id"))))
               .select_related("version__report__contract", "user").order_by("version__report__contract_id", "id"))
    seen = set()
    for e in entries:
        contract = e.version.report.contract
        if e.user_id == actor.pk and not e.actor_briefed and ("b", contract.pk) not in seen:
            seen.add(("b", contract.pk))
            # P-4: acknowledged beforehand, before the person handles the personal information.
            yield WorkItem(kind="personnel.briefing", clause="P-4", contract_id=contract.pk,
                           contract_title=contract.title, label=_("個人情報取扱特記事項の周知を確認する"),
                           noun=_("周知の確認"), url=reverse("personnel:briefing", args=[contract.pk]), mine=True,
                           since=e.version.submitted_on, since_what=pgettext("since", "提出"),
                           waiting_for=str(actor), source_id=actor.pk)
        key = ("d", contract.pk, e.user_id)
        if e.employment == Employment.DISPATCHED and not e.dispatch_confirmed and key not in seen:
            seen.add(key)
            yield item_for(roles, (Role.REPRESENTATIVE, Role.PRIVACY_OFFICER), kind="personnel.dispatch",
                           clause="P-6-2", label=_("派遣契約の秘密保持義務を確認する"),
                           noun=_("派遣契約の確認"), detail=e.name,
                           url=reverse("personnel:dispatch", args=[contract.pk]) + f"?person={e.user_id}",
                           contract_id=contract.pk, contract_title=contract.title, since=e.version.submitted_on,
                           since_what=pgettext("since", "提出"), source_id=e.user_id)


# Those concerned by the report: the parties that submit and accept it (the inspector, the accountant and
# the auditor are not waited for and are not shown the wait).
CONCERNED = {Role.OFFICER, Role.REPRESENTATIVE, Role.PRIVACY_OFFICER, Role.SECURITY_OFFICER, Role.WORKER}


@work.provider("personnel", waiting=lambda contract: Exists(ReportVersion.objects.filter(
    report__contract=contract)))
def personnel_items(actor, contracts) -> Iterable[WorkItem]:
    # The items wait on a report's versions and their people: only the contracts with a report (the contract
    # hub knows its one contract's roles without a query).
    if work.known_contracts() is None:
        contracts = contracts.filter(Exists(ReportVersion.objects.filter(report__contract=OuterRef("pk"))))
    roles = {pk: held for pk, held in member_roles(actor, contracts).items() if held & CONCERNED}
    if not roles:
        return
    yield from _report_items(roles)
    yield from _people_items(actor, roles, contracts)


@work.provider("personnel.unreported")
def unreported_items(actor, contracts) -> Iterable[WorkItem]:
    """P-3: a contract in force with no responsibility report of the contractor yet (one item per contract:
    わたしの仕事 counts them with :func:`unreported_triage` and runs this on a few contracts only)."""
    roles = {pk: held for pk, held in member_roles(actor, contracts).items() if held & CONCERNED}
    if not roles:
        return
    reported = set(ResponsibilityReport.objects.filter(contract__in=contracts, subcontractor__isnull=True)
                   .values_list("contract_id", flat=True))
    known = work.known_contracts()  # the contract hub's contract, already read: no query
    if known is not None:
        unreported = [c for c in known if c.state in OPEN_STATES and c.pk not in reported]
    else:
        unreported = contracts.filter(state__in=OPEN_STATES).exclude(pk__in=reported).only("pk", "title", "signed_on")
    for contract in unreported:
        if contract.pk in roles:
            # P-3: at signing, the contractor reports its workers and responsible person in writing.
            yield item_for(roles, (Role.REPRESENTATIVE,), kind="personnel.report", clause="P-3",
                           label=_("責任体制報告書を作成する"), noun=_("責任体制報告書の作成"),
                           url=section_url(contract.pk, "personnel", "reports"), contract_id=contract.pk,
                           contract_title=contract.title, since=contract.signed_on,
                           since_what=pgettext("since", "締結"))


@work.triage("personnel.unreported")
def unreported_triage(actor, contracts, *, today, horizon, limit, sections) -> work.Triage:
    """:func:`unreported_items` counted in SQL: undated, the representative's (待っているもの) or others'
    (ほかの人を待っているもの), the longest waiting (the earliest signed) first."""
    qs = (contracts.filter(state__in=OPEN_STATES)
          .exclude(pk__in=ResponsibilityReport.objects.filter(subcontractor__isnull=True).values("contract_id"))
          .filter(Exists(Membership.objects.filter(contract=OuterRef("pk"), user_id=actor.pk, role__in=CONCERNED)))
          .annotate(r_rep=Exists(Membership.objects.filter(contract=OuterRef("pk"), user_id=actor.pk,
                                                           role=Role.REPRESENTATIVE))))
    totals = qs.order_by().aggregate(mine=Count("pk", filter=Q(r_rep=True)), others=Count("pk", filter=Q(r_rep=False)))
    result = work.Triage()
    result.counts.update({work.WAITING: totals["mine"], work.OTHERS: totals["others"]})
    for section, mine in ((work.WAITING, True), (work.OTHERS, False)):
        if result.counts[section] and section in sections:
            result.contracts[section] = list(qs.filter(r_rep=mine).order_by("signed_on", "pk")
                                             .values_list("pk", flat=True)[:limit])
    return result
