"""What the client's requests leave waiting for a person (see :mod:`itaku.obligations.work`): the
contractor's response by its due date (K-10 and the annexes' clauses), and the officer's review of a
response (accept it, or ask for more), which has no deadline and shows how long it has waited."""

from collections.abc import Iterable

from django.db.models import Exists, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.accounts.choices import Role
from itaku.core.wareki import to_wareki
from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for, member_roles

from .choices import COMPLIANCE_KIND, RESPONSE_KIND, RequestState
from .models import OversightRequest

REVIEW_KIND = "oversight.review"


def _url(contract_id: int, pk: int, anchor: str) -> str:
    return reverse("oversight:request_detail", kwargs={"contract_pk": contract_id, "pk": pk}) + f"#{anchor}"


@work.provider("oversight", waiting=lambda contract: Exists(OversightRequest.objects.filter(
    contract=contract, state__in=[RequestState.OPEN, RequestState.ANSWERED])))
def oversight_items(actor, contracts) -> Iterable[WorkItem]:
    waiting = list(OversightRequest.objects.filter(contract__in=work.taking_part(actor, contracts),
                                                   state__in=[RequestState.OPEN, RequestState.ANSWERED])
                   .select_related("contract").annotate(answered_on=Max("responses__responded_on"))
                   .order_by("due_on", "id"))
    if not waiting:
        return
    roles = member_roles(actor, {r.contract_id for r in waiting})
    for r in waiting:
        common = {"contract_id": r.contract_id, "contract_title": r.contract.title, "clause": r.clause_id,
                  "detail": r.subject, "source_id": r.pk}
        if r.state == RequestState.OPEN:
            # The contractor responds by the due date (its obligation carries the same date).
            yield item_for(roles, (r.addressed_role,), kind=RESPONSE_KIND, label=_("回答する"), noun=_("回答"),
                           url=_url(r.contract_id, r.pk, "respond"), due_on=r.due_on, since=r.issued_on,
                           since_what=pgettext("since", "発出"), **common)
        else:
            # K-10: the officer accepts the response or asks for more.
            yield item_for(roles, (Role.OFFICER,), kind=REVIEW_KIND, label=_("回答を確認する"),
                           noun=_("回答の確認"), url=_url(r.contract_id, r.pk, "review"), since=r.answered_on,
                           since_what=pgettext("since", "回答"),
                           **common)


work.obligation_link(RESPONSE_KIND)(lambda o: _url(o.contract_id, o.source_id, "respond"))


# -- compliance reports (P-10-1) ----------------------------------------------------------------------

ACKNOWLEDGE_KIND = "oversight.compliance_review"


def _compliance_url(contract_id: int, pk: int, anchor: str) -> str:
    return reverse("oversight:compliance_detail", kwargs={"contract_pk": contract_id, "pk": pk}) + f"#{anchor}"


def _compliance_waiting(contract):
    from .choices import ComplianceState
    from .models import ComplianceReport

    return Exists(ComplianceReport.objects.filter(contract=contract, state=ComplianceState.SUBMITTED))


@work.provider("oversight.compliance", waiting=_compliance_waiting)
def compliance_items(actor, contracts) -> Iterable[WorkItem]:
    """The officer acknowledges (or returns) a submitted compliance report; the report due is the privacy
    officer's obligation (linked below)."""
    from .choices import ComplianceState
    from .models import ComplianceReport

    submitted = list(ComplianceReport.objects.filter(contract__in=work.taking_part(actor, contracts),
                                                     state=ComplianceState.SUBMITTED)
                     .select_related("contract").order_by("submitted_on", "id"))
    if not submitted:
        return
    roles = member_roles(actor, sorted({r.contract_id for r in submitted}))
    for report in submitted:
        yield item_for(roles, (Role.OFFICER,), kind=ACKNOWLEDGE_KIND, label=_("遵守状況報告を確認する"),
                       noun=_("遵守状況報告の確認"), url=_compliance_url(report.contract_id, report.pk, "review"),
                       since=report.submitted_on, since_what=pgettext("since", "提出"),
                       contract_id=report.contract_id, contract_title=report.contract.title, clause="P-10",
                       detail=f"{to_wareki(report.period_start)}〜{to_wareki(report.period_end)}",
                       source_id=report.pk)


work.obligation_link(COMPLIANCE_KIND)(lambda o: _compliance_url(o.contract_id, o.source_id, "submit"))
