"""What the self-assessment sheet (F-S) leaves waiting for a person (see :mod:`itaku.obligations.work`).

- The representative: a contract in force with no sheet yet (due the template's days after signing), a
  draft not submitted, a version returned and not yet followed by a new one.
- The officer: a submitted version to accept or return; no deadline.
- The remedies (an いいえ with its target date) are obligations, shown with the other due dates; they link
  to the version that promised them.
"""

import datetime as dt
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.contracts.choices import ContractState
from itaku.contracts.models import Contract
from itaku.contracts.panels import section_url
from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for

from .models import QuestionnaireTemplate, SheetVersion
from .questionnaire_choices import CLAUSE, REMEDY_KIND, SheetState

OPEN_STATES = [ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.REWORK]
CONCERNED = {Role.OFFICER, Role.REPRESENTATIVE, Role.SECURITY_OFFICER}


def version_url(contract_id, pk, anchor=""):
    url = reverse("security:sheet_version", kwargs={"contract_pk": contract_id, "pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _remedy_url(obligation) -> str:
    # The accepted sheet is shown in the contract's section, with its open remedies (no query per row).
    return section_url(obligation.contract_id, "sheet", "sheet")


work.obligation_link(REMEDY_KIND)(_remedy_url)


def _concerned(actor, contracts):
    """``contracts`` on which ``actor`` holds a role the sheet concerns, each with the roles as ``is_<role>``."""
    held = {role: Exists(Membership.objects.filter(contract_id=OuterRef("pk"), user_id=actor.pk, role=role))
            for role in CONCERNED}
    return (contracts.annotate(**{f"is_{role}": test for role, test in held.items()})
            .filter(reduce(or_, (Q(**{f"is_{role}": True}) for role in CONCERNED))))


def _roles(rows) -> dict[int, set[str]]:
    return {c.pk: {role for role in CONCERNED if getattr(c, f"is_{role}")} for c in rows}


def _newest_set():
    """The newest question set, which gives the days after signing within which the sheet is due."""
    return QuestionnaireTemplate.objects.filter(code="F-S").order_by("-version")


def _due_days() -> int | None:
    return _newest_set().values_list("due_days", flat=True).first()


def _unsheeted(actor, contracts):
    """The contracts in force without a sheet version, on which the sheet concerns ``actor``."""
    return _concerned(actor, contracts.filter(state__in=OPEN_STATES).exclude(
        Exists(SheetVersion.objects.filter(sheet__contract_id=OuterRef("pk")))))


@work.provider("security_questionnaire.new")
def new_sheet_items(actor, contracts) -> Iterable[WorkItem]:
    """A contract in force with no sheet yet, due the question set's days after signing (one item per
    contract: わたしの仕事 counts them with :func:`new_sheet_triage` and runs this on a few contracts only)."""
    if not getattr(actor, "is_authenticated", False) or work.known_contracts() is not None:
        return  # the contract hub's one contract: questionnaire_items reads it with its newest version
    # One query: the contracts, the actor's roles and the question set's days.
    rows = list(_unsheeted(actor, contracts).annotate(due_days=Subquery(_newest_set().values("due_days")[:1]))
                .only("pk", "title", "signed_on").order_by("pk"))
    roles = _roles(rows)
    for contract in rows:
        if contract.due_days is not None:
            yield _new_sheet_item(roles, contract)


def _new_sheet_item(roles, contract) -> WorkItem | None:
    return item_for(roles, (Role.REPRESENTATIVE,), kind="security.sheet_new", clause=CLAUSE,
                    label=_("外部委託先調査シートを作成して提出する"), noun=_("外部委託先調査シートの提出"),
                    url=section_url(contract.pk, "sheet", "sheet"), contract_id=contract.pk,
                    contract_title=contract.title,
                    due_on=contract.signed_on + dt.timedelta(days=contract.due_days), source_id=contract.pk)


@work.triage("security_questionnaire.new")
def new_sheet_triage(actor, contracts, *, today, horizon, limit, sections) -> work.Triage:
    """:func:`new_sheet_items` counted in SQL: the due date is the signing day plus the question set's days,
    so each section is a range of signing days."""
    result = work.Triage()
    days = _due_days()
    if days is None or not getattr(actor, "is_authenticated", False):
        return result
    lag = dt.timedelta(days=days)
    qs = _unsheeted(actor, contracts)
    rep = Q(**{f"is_{Role.REPRESENTATIVE}": True})
    ranges = {OVERDUE: rep & Q(signed_on__lt=today - lag),
              SOON: rep & Q(signed_on__gte=today - lag, signed_on__lte=horizon - lag),
              LATER: rep & Q(signed_on__gt=horizon - lag),
              OTHERS: ~rep & Q(signed_on__lte=horizon - lag)}
    result.counts.update(qs.order_by().aggregate(**{s: Count("pk", filter=q) for s, q in ranges.items()}))
    for section, condition in ranges.items():
        if result.counts[section] and section in sections:
            result.contracts[section] = list(qs.filter(condition).order_by("signed_on", "pk")
                                             .values_list("pk", flat=True)[:limit])
    return result


@work.provider("security_questionnaire", waiting=lambda contract: Q(
    Exists(SheetVersion.objects.filter(sheet__contract=contract)))
    | Q(Exists(Contract.objects.filter(pk=contract, state__in=OPEN_STATES))))
def questionnaire_items(actor, contracts) -> Iterable[WorkItem]:
    """What waits on a contract's newest sheet version; a contract without one is :func:`new_sheet_items`'s,
    but on the contract hub's one contract, read here in the same query."""
    if not getattr(actor, "is_authenticated", False):
        return
    # One query: the actor's roles, each contract's newest sheet version and the question set's days.
    newest = SheetVersion.objects.filter(sheet__contract_id=OuterRef("pk")).order_by("-number")
    hub = work.known_contracts() is not None
    rows = (_concerned(actor, contracts if hub else contracts.filter(Exists(newest)))
            .annotate(due_days=Subquery(_newest_set().values("due_days")[:1]),
                      v_pk=Subquery(newest.values("pk")[:1]), v_number=Subquery(newest.values("number")[:1]),
                      v_state=Subquery(newest.values("state")[:1]),
                      v_submitted=Subquery(newest.values("submitted_on")[:1]),
                      v_decided=Subquery(newest.values("decided_on")[:1]),
                      v_created=Subquery(newest.values("created_at")[:1]))
            .only("pk", "title", "state", "signed_on").order_by("pk"))
    rows = list(rows)
    roles = _roles(rows)
    for contract in rows:
        open_ = contract.state in OPEN_STATES
        if contract.v_pk is None:
            if open_ and contract.due_days is not None:
                yield _new_sheet_item(roles, contract)
            continue
        common = {"contract_id": contract.pk, "contract_title": contract.title, "source_id": contract.v_pk,
                  "clause": CLAUSE, "detail": _("第%(number)s版") % {"number": contract.v_number}}
        if contract.v_state == SheetState.SUBMITTED:
            yield item_for(roles, (Role.OFFICER,), kind="security.sheet_review",
                           label=_("外部委託先調査シートを確認して受理する"), noun=_("外部委託先調査シートの確認"),
                           url=version_url(contract.pk, contract.v_pk, "review"), since=contract.v_submitted,
                           since_what=pgettext("since", "提出"), **common)
        elif contract.v_state == SheetState.RETURNED and open_:
            yield item_for(roles, (Role.REPRESENTATIVE,), kind="security.sheet_returned",
                           label=_("差し戻された外部委託先調査シートを直して提出する"),
                           noun=_("外部委託先調査シートの再提出"), url=version_url(contract.pk, contract.v_pk),
                           since=contract.v_decided, since_what=pgettext("since", "差戻し"), **common)
        elif contract.v_state == SheetState.DRAFT and open_:
            yield item_for(roles, (Role.REPRESENTATIVE,), kind="security.sheet_submit",
                           label=_("外部委託先調査シートを提出する"), noun=_("外部委託先調査シートの提出"),
                           url=version_url(contract.pk, contract.v_pk, "submit"),
                           since=timezone.localtime(contract.v_created).date(), since_what=pgettext("since", "作成"),
                           **common)


OVERDUE, SOON, LATER, OTHERS = work.OVERDUE, work.SOON, work.LATER, work.OTHERS
