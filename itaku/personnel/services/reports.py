"""Writes on the responsibility report (P-3, F-P, P-9-4) and on the people it names (P-2, P-4, P-6-2, K-7).

Each service checks the actor's role on the contract and the clause's conditions, changes the models and
appends one journal event, in one transaction.

- The contractor's representative drafts a version, names the people, and submits it; the client's
  officer accepts it or returns it with a comment. A subcontractor's report (P-9-4) is drafted and
  submitted the same way by the contractor's representative, for a subcontractor attached to the contract.
- Every change is a new version: a submitted or accepted version is never edited; a new draft starts
  from the newest version and must be submitted and accepted again (P-3, 「変更があったときも同様」).
"""

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.consents.models import Subcontractor
from itaku.contracts.models import Contract
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append

from ..choices import Employment, EntryRole, VersionState
from ..models import ReportEntry, ReportVersion, ResponsibilityReport
from ..texts import sha256_of

EARLIEST = dt.date(1989, 1, 8)
MANAGERS = frozenset({Role.REPRESENTATIVE, Role.PRIVACY_OFFICER})


def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract_id=contract.pk, user=actor).values_list("role", flat=True))


def _require(actor, contract, roles, message, clause="P-3") -> None:
    if not roles_of(actor, contract) & set(roles):
        raise PermissionRefused(message, clause=clause)


def _day(on, *, clause: str, field: str) -> dt.date:
    today = timezone.localdate()
    on = on or today
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause=clause, field=field)
    if on > today:
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if on < EARLIEST:
        raise ClauseViolation(_("日付が古すぎます。"), code="date_too_early", clause=clause, field=field)
    return on


def _locked_version(version: ReportVersion) -> ReportVersion:
    return (ReportVersion.objects.select_for_update(of=("self",))
            .select_related("report__contract", "report__organisation").get(pk=version.pk))


def _check_state(version: ReportVersion, *states) -> None:
    if version.state not in states:
        raise ClauseViolation(
            _("この報告書（第%(number)s版）は「%(state)s」のため、この操作はできません。")
            % {"number": version.number, "state": version.get_state_display()},
            code="version_state", clause="P-3")


def version_content(version: ReportVersion) -> dict:
    """What a version reports, as the officer accepts it (hashed at the submission)."""
    return {
        "organisation": version.report.organisation.name,
        "section_name": version.section_name,
        "entries": [
            {"user": e.user.get_username(), "role": e.role, "affiliation": e.affiliation, "name": e.name,
             "contact": e.contact, "employment": e.employment}
            for e in version.entries.select_related("user").order_by("role", "position", "id")
        ],
    }


# -- the report and its versions -------------------------------------------------------------------

@transaction.atomic
def report_draft(*, actor, contract: Contract, organisation=None, section_name: str | None = None) -> ReportVersion:
    """Open the draft of a new version of the report of ``organisation`` (the contractor by default, or an
    attached subcontractor, P-9-4), starting from its newest version. Returns the existing draft if any."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _require(actor, contract, {Role.REPRESENTATIVE}, _("責任体制報告書を作成できるのはこの契約の乙の代表者です。"))
    check_accepts_work(contract, clause="P-3")
    organisation = organisation or contract.contractor
    subcontractor = None
    if organisation.pk != contract.contractor_id:
        # P-9-4: a subcontractor's report goes through the contractor, for a subcontractor attached to this
        # contract through the client's approval (K-6, P-9-1).
        subcontractor = Subcontractor.objects.filter(contract=contract, organisation=organisation).first()
        if subcontractor is None:
            raise ClauseViolation(_("この組織は承諾を得てこの契約の再委託先として登録されていません。"),
                                  code="not_subcontractor", clause="P-9", field="organisation")
    now = timezone.now()
    report, _created = ResponsibilityReport.objects.get_or_create(
        contract=contract, organisation=organisation,
        defaults={"subcontractor": subcontractor, "created_at": now, "created_by": actor})
    # The contract's row is locked above: one draft at a time, numbered in order.
    versions = ReportVersion.objects.filter(report=report)
    draft = versions.filter(state=VersionState.DRAFT).order_by("number").first()
    if draft is not None:
        return draft
    previous = versions.order_by("-number").first()
    draft = ReportVersion.objects.create(
        report=report, number=(previous.number + 1) if previous else 1, created_at=now, created_by=actor,
        section_name=section_name if section_name is not None else (previous.section_name if previous else ""))
    if previous is not None:
        ReportEntry.objects.bulk_create([
            ReportEntry(version=draft, user_id=e.user_id, role=e.role, affiliation=e.affiliation, name=e.name,
                        contact=e.contact, employment=e.employment, position=e.position)
            for e in previous.entries.all()])
    journal_append(actor=actor, action="personnel.report.drafted", contract=contract, clause="P-9" if subcontractor
                   else "P-3", obj=draft, data={"organisation": organisation.name, "number": draft.number})
    return draft


def _check_draft_editor(actor, version: ReportVersion) -> None:
    _require(actor, version.report.contract, {Role.REPRESENTATIVE},
             _("責任体制報告書を編集できるのはこの契約の乙の代表者です。"))
    _check_state(version, VersionState.DRAFT)


@transaction.atomic
def entry_save(*, actor, version: ReportVersion, user, role: str, affiliation: str, name: str, contact: str = "",
               employment: str = Employment.EMPLOYEE, entry: ReportEntry | None = None) -> ReportEntry:
    """Name ``user`` in the draft ``version`` as ``role`` (or change ``entry``)."""
    version = _locked_version(version)
    _check_draft_editor(actor, version)
    report = version.report
    if user is None or user.organisation_id != report.organisation_id or not user.is_active:
        raise ClauseViolation(_("報告書に記載できるのは%(org)sの利用者です。") % {"org": report.organisation.name},
                              code="entry_other_organisation", clause="P-3", field="user")
    if role not in EntryRole.values:
        raise ClauseViolation(_("区分を選んでください。"), code="entry_role", clause="P-3", field="role")
    if employment not in Employment.values:
        raise ClauseViolation(_("雇用形態を選んでください。"), code="entry_employment", clause="P-3",
                              field="employment")
    if not affiliation.strip() or not name.strip():
        raise ClauseViolation(_("所属・役職と氏名を入力してください。"), code="entry_incomplete", clause="P-3",
                              field="name" if affiliation.strip() else "affiliation")
    if role == EntryRole.RESPONSIBLE and not contact.strip():
        raise ClauseViolation(_("個人情報保護責任者の連絡先を入力してください。"), code="entry_contact", clause="P-3",
                              field="contact")
    others = version.entries.exclude(pk=entry.pk if entry else None)
    if others.filter(user=user, role=role).exists():
        raise ClauseViolation(_("%(name)sはすでにこの区分で記載されています。") % {"name": user},
                              code="entry_duplicate", clause="P-3", field="user")
    if role == EntryRole.RESPONSIBLE and others.filter(role=EntryRole.RESPONSIBLE).exists():
        raise ClauseViolation(_("個人情報保護責任者は1名です。記載済みの者を変更してください。"),
                              code="entry_one_responsible", clause="P-3", field="role")
    if entry is None:
        position = (others.filter(role=role).aggregate(m=Max("position"))["m"] or 0) + 1
        entry = ReportEntry(version=version, position=position)
    elif entry.version_id != version.pk:
        raise ClauseViolation(_("この記載は別の版のものです。"), code="entry_other_version", clause="P-3")
    entry.user, entry.role, entry.affiliation, entry.name = user, role, affiliation.strip(), name.strip()
    entry.contact, entry.employment = contact.strip(), employment
    entry.save()
    journal_append(actor=actor, action="personnel.entry.saved", contract=report.contract, clause="P-3", obj=entry,
                   data={"version": version.number, "user": user.get_username(), "role": role,
                         "employment": employment})
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: ReportEntry) -> None:
    version = _locked_version(entry.version)
    _check_draft_editor(actor, version)
    data = {"version": version.number, "user": entry.user.get_username(), "role": entry.role}
    entry.delete()
    journal_append(actor=actor, action="personnel.entry.removed", contract=version.report.contract, clause="P-3",
                   obj=version, data=data)


@transaction.atomic
def report_submit(*, actor, version: ReportVersion, on: dt.date | None = None,
                  section_name: str | None = None) -> ReportVersion:
    """The representative submits the draft to the client (P-3; P-9-4 for a subcontractor's, through 乙)."""
    version = _locked_version(version)
    _check_draft_editor(actor, version)
    on = _day(on, clause="P-3", field="submitted_on")
    if section_name is not None:
        version.section_name = section_name.strip()
    roles = list(version.entries.values_list("role", flat=True))
    if roles.count(EntryRole.RESPONSIBLE) != 1 or EntryRole.WORKER not in roles:
        raise ClauseViolation(_("個人情報保護責任者1名と作業従事者1名以上を記載してから提出してください。"),
                              code="report_incomplete", clause="P-3")
    content = version_content(version)
    version.content_sha256 = sha256_of(content)
    version.state = VersionState.SUBMITTED
    version.submitted_on, version.submitted_at, version.submitted_by = on, timezone.now(), actor
    version.save()
    clause = "P-9" if version.report.is_subcontractor else "P-3"
    journal_append(actor=actor, action="personnel.report.submitted", contract=version.report.contract, clause=clause,
                   obj=version, data={**content, "number": version.number, "submitted_on": on,
                                      "sha256": version.content_sha256})
    return version


@transaction.atomic
def report_decide(*, actor, version: ReportVersion, accept: bool, comment: str = "",
                  on: dt.date | None = None) -> ReportVersion:
    """The client's officer accepts the submitted version, or returns it with the reason (P-3, P-9-4)."""
    version = _locked_version(version)
    _require(actor, version.report.contract, {Role.OFFICER},
             _("責任体制報告書を受理・差し戻しできるのはこの契約の甲の契約担当です。"))
    _check_state(version, VersionState.SUBMITTED)
    on = _day(on, clause="P-3", field="decided_on")
    if version.submitted_on and on < version.submitted_on:
        raise ClauseViolation(_("受理・差戻しの日は報告日以後にしてください。"), code="date_too_early", clause="P-3",
                              field="decided_on")
    if not accept and not comment.strip():
        raise ClauseViolation(_("差し戻す理由を入力してください。"), code="comment_missing", clause="P-3",
                              field="comment")
    version.state = VersionState.ACCEPTED if accept else VersionState.RETURNED
    version.decided_on, version.decided_at, version.decided_by = on, timezone.now(), actor
    version.comment = comment.strip()
    version.save()
    journal_append(actor=actor, action="personnel.report.accepted" if accept else "personnel.report.returned",
                   contract=version.report.contract, clause="P-9" if version.report.is_subcontractor else "P-3",
                   obj=version, data={"number": version.number, "organisation": version.report.organisation.name,
                                      "decided_on": on, "comment": version.comment,
                                      "sha256": version.content_sha256})
    if accept and apps.is_installed("itaku.security"):
        # S-4-2: a change of the workers is notified under annex 2 too, by the next business day.
        from itaku.security.services import workers_changed

        workers_changed(contract=version.report.contract, source=version, on=on)
    return version
