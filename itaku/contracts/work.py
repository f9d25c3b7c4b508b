"""What a contract's record leaves waiting for a person (see :mod:`itaku.obligations.work`): signing a
draft (K-end), the completion report (K-11), the inspection (K-11), the rework (K-11), the invoice and its
receipt (K-12), the payment (K-12), the penalty and its settlement (K-13), the close (K-12), the parts
performed before a termination (K-17), the force-majeure request's investigation and decision (K-16) and
the termination penalty (K-14).

Each provider reads the contracts given in a fixed number of queries, whatever their number.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itaku.accounts.choices import Role
from itaku.core.templatetags.itaku import date_text
from itaku.obligations import work
from itaku.obligations.work import WorkItem, item_for, member_roles

from .choices import ContractState
from .lifecycle.services import (
    KIND_INSPECTION,
    KIND_PAYMENT,
    KIND_REWORK,
    PENALTY_STATES,
    amount_to_invoice,
    deduction_totals,
)
from .models.lifecycle import (
    CompletionReport,
    Inspection,
    InspectionResult,
    Invoice,
    InvoiceState,
    LatePenalty,
    Payment,
    Settlement,
)
from .models.termination import ForceMajeureRequest, ForceMajeureState, PenaltySettlement, Termination
from .panels import section_url

REP, INSPECTOR, ACCOUNTANT, OFFICER = Role.REPRESENTATIVE, Role.INSPECTOR, Role.ACCOUNTANT, Role.OFFICER
KIND_FORCE_MAJEURE = "contracts.force_majeure"
KIND_FORCE_MAJEURE_DECISION = "contracts.force_majeure_decision"
KIND_TERMINATION_PENALTY = "contracts.termination_penalty"


def _action(contract_id: int, key: str, **choose) -> str:
    """The page of a lifecycle action; ``choose`` picks the record its form is about (``report=12``)."""
    url = reverse(f"contracts:lifecycle-{key}", kwargs={"contract_pk": contract_id})
    return url + ("?" + urlencode(choose) if choose else "")


def invoice_text(amount: int, set_off: int, reduction: int = 0) -> str:
    """請求額 金879,133円：違約金867円を相殺後 (K-12, K-13), and after a price reduction (P-13, S-14)."""
    text = _("請求額 金%(amount)s円") % {"amount": f"{amount_to_invoice(amount, set_off + reduction):,}"}
    if set_off:
        text += _("：違約金%(penalty)s円を相殺後") % {"penalty": f"{set_off:,}"}
    if reduction:
        text += _("：減額%(reduction)s円の後（P-13・S-14）") % {"reduction": f"{reduction:,}"}
    return text


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


STATE_KINDS = {
    # state → the items it leaves: (kind, who); the items of records (reports, inspections, invoices,
    # penalties) are in :func:`record_items`.
    ContractState.DRAFT: (("contracts.activate", OFFICER),),
    ContractState.ACTIVE: (("contracts.completion", REP),),
    ContractState.PASSED: (("contracts.invoice_submit", REP), ("contracts.invoice_receive", ACCOUNTANT)),
    ContractState.PAID: (("contracts.close", OFFICER),),
}


def _passed(ids) -> dict[int, Inspection]:
    """The passed inspection of the whole work, by contract (its date starts the wait for the invoice; its
    report's date says whether the completion was late, K-13)."""
    passed: dict[int, Inspection] = {}
    for i in (Inspection.objects.filter(contract_id__in=ids, result=InspectionResult.PASSED, report__partial=False)
              .select_related("report").order_by("inspected_on", "id")):
        passed[i.contract_id] = i
    return passed


@work.provider("contracts.lifecycle")
def lifecycle_items(actor, contracts) -> Iterable[WorkItem]:
    """K-end, K-11, K-12: what the contract's state leaves to do (one item or two per contract; わたしの仕事
    counts them with :func:`lifecycle_triage` and runs this on a few contracts only)."""
    states = work.known_states()
    if states is not None and not any(state in STATE_KINDS for state in states.values()):
        return
    fields = ("pk", "title", "state", "ends_on", "amount", "created_at")
    known = work.known_contracts()
    if known is not None:
        rows = [{f: getattr(c, f) for f in fields} for c in known if c.state in STATE_KINDS]
    else:
        rows = list(work.taking_part(actor, contracts).filter(state__in=list(STATE_KINDS)).values(*fields))
    if not rows:
        return
    ids = [r["pk"] for r in rows]
    roles = member_roles(actor, ids)
    by_state: dict[str, list[int]] = {}
    for r in rows:
        by_state.setdefault(r["state"], []).append(r["pk"])
    passed = _passed(by_state.get(ContractState.PASSED, []))
    deducted = deduction_totals(by_state[ContractState.PASSED]) if ContractState.PASSED in by_state else {}
    paid = by_state.get(ContractState.PAID, [])
    unsettled = set(LatePenalty.objects.filter(contract_id__in=paid, settlement=Settlement.UNSETTLED)
                    .values_list("contract_id", flat=True)) if paid else set()
    last_paid = dict(Payment.objects.filter(contract_id__in=paid).values("contract_id")
                     .annotate(day=Max("paid_on")).values_list("contract_id", "day")) if paid else {}

    def make(contract_id, who, **fields):
        return item_for(roles, who, contract_id=contract_id, contract_title=titles[contract_id], **fields)

    titles = {r["pk"]: r["title"] for r in rows}
    for r in rows:
        pk, state = r["pk"], r["state"]
        if state == ContractState.DRAFT:
            # K-end: the contract binds once both have signed it; the officer records the signing.
            yield make(pk, (OFFICER,), kind="contracts.activate", clause="K-end", label=_("締結を記録する"),
                       noun=_("締結の記録"), url=reverse("contracts:detail", args=[pk]),
                       since=_day(r["created_at"]), since_what=pgettext("since", "登録"), source_id=pk)
        elif state == ContractState.ACTIVE:
            # K-11-1: the contractor reports the work finished by the end date (late: K-13).
            yield make(pk, (REP,), kind="contracts.completion", clause="K-11", label=_("完了を報告する"),
                       noun=_("完了報告"), url=_action(pk, "completion"), due_on=r["ends_on"], source_id=pk)
        elif state == ContractState.PASSED:
            # K-12-1: the work has passed; the contractor invoices, the accountant records the invoice.
            since = passed[pk].inspected_on if pk in passed else None
            set_off, reduction = deducted.get(pk, (0, 0))
            text = invoice_text(r["amount"], set_off, reduction)
            yield make(pk, (REP,), kind="contracts.invoice_submit", clause="K-12",
                       label=_("請求書を提出する"), noun=_("請求書の提出"), note=text,
                       since_what=pgettext("since", "検査合格"),
                       url=section_url(pk, "lifecycle", "lifecycle-invoices-title"), since=since, detail=text,
                       source_id=pk, extra={"amount": amount_to_invoice(r["amount"], set_off + reduction),
                                            "set_off": set_off, "reduction": reduction})
            yield make(pk, (ACCOUNTANT,), kind="contracts.invoice_receive", clause="K-12",
                       label=_("請求書の受理を記録する"), noun=_("請求書の受理の記録"), url=_action(pk, "invoice"),
                       since_what=pgettext("since", "検査合格"),
                       since=since, detail=text, source_id=pk,
                       extra={"amount": amount_to_invoice(r["amount"], set_off + reduction),
                              "set_off": set_off, "reduction": reduction})
        elif state == ContractState.PAID and pk not in unsettled:
            # K-12, K-13: paid, and no penalty left to settle: the officer closes the contract.
            yield make(pk, (OFFICER,), kind="contracts.close", clause="K-12", label=_("契約を完結する"),
                       noun=_("契約の完結"), url=_action(pk, "close"), since=last_paid.get(pk),
                       since_what=pgettext("since", "支払"),
                       source_id=pk)


@work.triage("contracts.lifecycle")
def lifecycle_triage(actor, contracts, *, today, horizon, limit, sections) -> work.Triage:
    """:func:`lifecycle_items` counted in SQL, by section, with the contracts of the most urgent of each."""
    from collections import Counter

    from django.db.models import Case, CharField, Count, DateField, Exists, OuterRef, Q, Subquery, Value, When
    from django.db.models.functions import Cast

    from itaku.accounts.models import Membership
    from itaku.obligations.models import Obligation, ObligationState

    def holds(role):
        return Exists(Membership.objects.filter(contract=OuterRef("pk"), user=actor, role=role))

    qs = work.taking_part(actor, contracts).filter(state__in=list(STATE_KINDS)).annotate(
        r_officer=holds(OFFICER), r_rep=holds(REP), r_accountant=holds(ACCOUNTANT),
        # the completion's own obligation, where there is one, stands for the item (work._merge)
        completion_owed=Exists(Obligation.objects.filter(
            contract=OuterRef("pk"), kind="contracts.completion", source_id=OuterRef("pk"),
            state=ObligationState.OPEN)),
        unsettled=Exists(LatePenalty.objects.filter(contract=OuterRef("pk"), settlement=Settlement.UNSETTLED)),
    )
    held = {OFFICER: "r_officer", REP: "r_rep", ACCOUNTANT: "r_accountant"}
    passed_on = Subquery(Inspection.objects.filter(
        contract=OuterRef("pk"), result=InspectionResult.PASSED, report__partial=False,
    ).order_by("-inspected_on", "-id").values("inspected_on")[:1])
    undated = [  # (key, the contract's state, who, the day the wait began); the close waits for no penalty
        ("activate", ContractState.DRAFT, OFFICER, Cast("created_at", DateField())),
        ("invoice_submit", ContractState.PASSED, REP, passed_on),
        ("invoice_receive", ContractState.PASSED, ACCOUNTANT, passed_on),
        ("close", ContractState.PAID, OFFICER, Subquery(
            Payment.objects.filter(contract=OuterRef("pk")).order_by("-paid_on").values("paid_on")[:1])),
    ]
    completion = Q(state=ContractState.ACTIVE, completion_owed=False)
    mine_completion = completion & Q(r_rep=True)
    other_completion = completion & Q(r_rep=False, ends_on__lte=horizon)
    # Counted by groups of (state, roles, facts, the end date's section): each subquery runs once per
    # contract (an aggregate with a filter per section would run them once per filter).
    bucket = Case(When(ends_on__lt=today, then=Value(OVERDUE)), When(ends_on__lte=horizon, then=Value(SOON)),
                  default=Value(LATER), output_field=CharField())
    groups = qs.order_by().values("state", "r_officer", "r_rep", "r_accountant", "completion_owed", "unsettled",
                                  bucket=bucket).annotate(n=Count("pk"))
    totals = Counter()
    for g in groups:
        if g["state"] == ContractState.ACTIVE and not g["completion_owed"]:
            if g["r_rep"]:
                totals[g["bucket"]] += g["n"]
            elif g["bucket"] != LATER:
                totals["c_" + OTHERS] += g["n"]
        for key, state, who, _since in undated:
            if g["state"] == state and not (key == "close" and g["unsettled"]):
                totals[f"{key}_{'mine' if g[held[who]] else 'others'}"] += g["n"]
    result = work.Triage()
    result.counts.update({OVERDUE: totals[OVERDUE], SOON: totals[SOON], LATER: totals[LATER]})
    result.counts[WAITING] = sum(totals[f"{key}_mine"] for key, *_ in undated)
    result.counts[OTHERS] = totals["c_" + OTHERS] + sum(totals[f"{key}_others"] for key, *_ in undated)

    def first(condition, *order, **annotations):
        return list(qs.filter(condition).annotate(**annotations).order_by(*order, "pk")
                    .values_list("pk", flat=True)[:limit])

    for section, dates in ((OVERDUE, Q(ends_on__lt=today)), (SOON, Q(ends_on__gte=today, ends_on__lte=horizon)),
                           (LATER, Q(ends_on__gt=horizon))):
        if totals[section] and section in sections:
            result.contracts[section] = first(mine_completion & dates, "ends_on")
    result.contracts[WAITING], result.contracts[OTHERS] = [], []
    if totals["c_" + OTHERS] and OTHERS in sections:
        result.contracts[OTHERS] += first(other_completion, "ends_on")
    for key, state, who, since in undated:
        for section, held_it in ((WAITING, True), (OTHERS, False)):
            if totals[f"{key}_{'mine' if held_it else 'others'}"] and section in sections:
                waits = Q(state=state, unsettled=False) if key == "close" else Q(state=state)
                result.contracts[section] += first(waits & Q(**{held[who]: held_it}), "since", since=since)
    return result


OVERDUE, SOON, LATER, WAITING, OTHERS = work.OVERDUE, work.SOON, work.LATER, work.WAITING, work.OTHERS


@work.provider("contracts.records")
def record_items(actor, contracts) -> Iterable[WorkItem]:
    """K-11, K-13, K-17: what the contract's records leave to do: a report to inspect, a rework to report, an
    invoice to pay, a penalty to decide or settle, the parts performed before a termination. Each waits on
    a record, so they are few whatever the number of contracts."""
    mine = work.taking_part(actor, contracts)
    open_states = {ContractState.COMPLETION_REPORTED, ContractState.REWORK, ContractState.ACTIVE,
                   ContractState.PASSED, ContractState.INVOICED, ContractState.PAID}
    states = work.known_states()

    def wanted(allowed) -> bool:  # whether a contract's state allows this record to wait, when known
        return states is None or any(state in allowed for state in states.values())

    reports = list(CompletionReport.objects.filter(contract__in=mine, inspection__isnull=True,
                                                   contract__state__in=list(open_states))
                   .select_related("contract").order_by("reported_on", "id")) if wanted(open_states) else []
    failed = list(Inspection.objects.filter(contract__in=mine, result=InspectionResult.FAILED,
                                            rework_reports__isnull=True, contract__state=ContractState.REWORK)
                  .select_related("contract").order_by("inspected_on", "id")) \
        if wanted({ContractState.REWORK}) else []
    invoices = list(Invoice.objects.filter(contract__in=mine, state=InvoiceState.RECEIVED,
                                           contract__state=ContractState.INVOICED)
                    .select_related("contract").order_by("received_on", "id")) \
        if wanted({ContractState.INVOICED}) else []
    penalties = list(LatePenalty.objects.filter(contract__in=mine, settlement=Settlement.UNSETTLED)
                     .select_related("contract").order_by("decided_on", "id")) \
        if wanted(PENALTY_STATES | {ContractState.TERMINATED}) else []
    # K-13: completed after the end date, passed, and no penalty decided yet.
    late = list(Inspection.objects.filter(
        contract__in=mine.filter(state__in=list(PENALTY_STATES)), result=InspectionResult.PASSED,
        report__partial=False, report__reported_on__gt=F("contract__ends_on"), contract__late_penalties__isnull=True,
    ).select_related("contract", "report").order_by("-inspected_on", "-id")) if wanted(PENALTY_STATES) else []
    # K-17: terminated after an inspection passed, and the parts performed not recorded yet.
    performed = list(Inspection.objects.filter(
        contract__in=mine.filter(state=ContractState.TERMINATED), result=InspectionResult.PASSED,
        contract__performed_parts__isnull=True).select_related("contract").order_by("inspected_on", "id")) \
        if wanted({ContractState.TERMINATED}) else []
    ids = {r.contract_id for group in (reports, failed, invoices, penalties, late, performed) for r in group}
    if not ids:
        return
    roles = member_roles(actor, list(ids))
    terminated_on = dict(Termination.objects.filter(contract_id__in=[i.contract_id for i in performed])
                         .values_list("contract_id", "terminated_on")) if performed else {}

    def make(record, who, **fields):
        return item_for(roles, who, contract_id=record.contract_id, contract_title=record.contract.title, **fields)

    seen = set()
    for inspection in late:
        if inspection.contract_id in seen:  # the last passed inspection of the whole work decides
            continue
        seen.add(inspection.contract_id)
        # K-13: completed after the end date: the officer assesses the late-completion penalty.
        yield make(inspection, (OFFICER,), kind="contracts.penalty", clause="K-13", label=_("延滞違約金を決定する"),
                   noun=_("延滞違約金の決定"), url=_action(inspection.contract_id, "penalty"),
                   since=inspection.inspected_on, since_what=pgettext("since", "検査合格"),
                   source_id=inspection.contract_id)
    seen = set()
    for inspection in performed:
        if inspection.contract_id in seen:
            continue
        seen.add(inspection.contract_id)
        # K-17: the parts completed and inspected before the termination are paid for.
        yield make(inspection, (OFFICER,), kind="contracts.performed", clause="K-17",
                   label=_("既履行部分契約額を記録する"), noun=_("既履行部分契約額の記録"),
                   url=_action(inspection.contract_id, "performed"), since=terminated_on.get(inspection.contract_id),
                   since_what=pgettext("since", "解除"), source_id=inspection.contract_id)
    for p in penalties:
        # K-13: how the penalty is settled (paid, or set off against the payment).
        yield make(p, (OFFICER, ACCOUNTANT), kind="contracts.penalty_settle", clause="K-13",
                   label=_("延滞違約金の精算を記録する"), noun=_("延滞違約金の精算の記録"),
                   url=_action(p.contract_id, "settle", penalty=p.pk), since=p.decided_on,
                   since_what=pgettext("since", "決定"),
                   detail=_("延滞違約金 金%(amount)s円") % {"amount": f"{p.result:,}"}, source_id=p.pk)
    for report in reports:
        # K-11: the designated inspector inspects within 10 days of the report (支払遅延防止法 5条).
        yield make(report, (INSPECTOR,), kind=KIND_INSPECTION, clause="K-11", label=_("検査を記録する"),
                   noun=_("検査"), url=_action(report.contract_id, "inspection", report=report.pk),
                   due_on=report.inspection_due_on,
                   since=report.reported_on, since_what=pgettext("since", "報告"),
                   detail=_("%(what)s（%(day)s）") % {"what": report.get_kind_display(),
                                                    "day": date_text(report.reported_on)},
                   source_id=report.pk)
    for inspection in failed:
        # K-11-2: the contractor reworks by the date the inspector set, and reports it.
        yield make(inspection, (REP,), kind=KIND_REWORK, clause="K-11", label=_("手直しを完了し報告する"),
                   noun=_("手直しの完了報告"), url=_action(inspection.contract_id, "rework", inspection=inspection.pk),
                   due_on=inspection.rework_due_on, since=inspection.inspected_on, since_what=pgettext("since", "検査"),
                   source_id=inspection.pk)
    for invoice in invoices:
        # K-12: payment within 30 days of a proper invoice (支払遅延防止法 6条).
        yield make(invoice, (ACCOUNTANT,), kind=KIND_PAYMENT, clause="K-12", label=_("支払を記録する"),
                   noun=_("支払"), url=_action(invoice.contract_id, "payment", invoice=invoice.pk),
                   due_on=invoice.due_on,
                   since=invoice.received_on, since_what=pgettext("since", "受領"),
                   detail=_("請求額 金%(amount)s円") % {"amount": f"{invoice.amount:,}"}, source_id=invoice.pk)


@work.provider("contracts.termination", waiting=lambda contract: Q(Exists(ForceMajeureRequest.objects.filter(
    contract=contract, state__in=[ForceMajeureState.SUBMITTED, ForceMajeureState.INVESTIGATING])))
    | Q(Exists(Termination.objects.filter(contract=contract, settlement=PenaltySettlement.UNSETTLED))))
def termination_items(actor, contracts) -> Iterable[WorkItem]:
    """K-16: a force-majeure request awaiting its investigation or decision; K-14: a penalty to pay."""
    from .termination.services import FORCE_MAJEURE_INVESTIGATION_DAYS

    mine = work.taking_part(actor, contracts)
    requests = list(ForceMajeureRequest.objects.filter(contract__in=mine, state__in=[
        ForceMajeureState.SUBMITTED, ForceMajeureState.INVESTIGATING]).select_related("contract").order_by("id"))
    states = work.known_states()
    penalties = list(Termination.objects.filter(contract__in=mine, settlement=PenaltySettlement.UNSETTLED)
                     .select_related("contract").order_by("id")) \
        if states is None or ContractState.TERMINATED in states.values() else []
    if not requests and not penalties:
        return
    roles = member_roles(actor, [r.contract_id for r in requests + penalties])
    for r in requests:
        kw = {"contract_pk": r.contract_id, "pk": r.pk}
        if r.state == ForceMajeureState.SUBMITTED:
            # K-16-2: the client investigates the request (opened with a 14-day deadline).
            yield item_for(roles, (OFFICER,), contract_id=r.contract_id, contract_title=r.contract.title,
                           kind=KIND_FORCE_MAJEURE, clause="K-16-2", label=_("解除請求の調査を開始する"),
                           noun=_("解除請求の調査の開始"),
                           url=reverse("contracts:force-majeure-investigate", kwargs=kw),
                           due_on=r.submitted_on + dt.timedelta(days=FORCE_MAJEURE_INVESTIGATION_DAYS),
                           since=r.submitted_on, since_what=pgettext("since", "請求"), source_id=r.pk)
        else:
            # K-16-2: then decides, approving (the contract is terminated) or refusing with reasons.
            yield item_for(roles, (OFFICER,), contract_id=r.contract_id, contract_title=r.contract.title,
                           kind=KIND_FORCE_MAJEURE_DECISION, clause="K-16-2",
                           label=_("解除請求の承認又は不承認を決定する"),
                           noun=_("解除請求の決定"), url=reverse("contracts:force-majeure-decide", kwargs=kw),
                           due_on=r.decision_due_on, since=r.investigated_on, since_what=pgettext("since", "調査開始"),
                           source_id=r.pk)
    for t in penalties:
        # K-14-2: the contractor pays the penalty by the day the client set.
        yield item_for(roles, (REP,), contract_id=t.contract_id, contract_title=t.contract.title,
                       kind=KIND_TERMINATION_PENALTY, clause="K-14-2",
                       label=_("違約金を納付する"),
                       detail=_("違約金 金%(amount)s円") % {"amount": f"{t.penalty_amount:,}"},
                       noun=_("違約金の納付"), url=section_url(t.contract_id, "termination", "termination"),
                       due_on=t.penalty_due_on, since=t.terminated_on, since_what=pgettext("since", "解除"),
                       source_id=t.pk)


# Where an open obligation of these kinds is acted on, when no item above stands for it.
def _link(kind, url_of):
    work.obligation_link(kind)(url_of)


_link(KIND_INSPECTION, lambda o: _action(o.contract_id, "inspection", report=o.source_id))
_link(KIND_REWORK, lambda o: _action(o.contract_id, "rework", inspection=o.source_id))
_link(KIND_PAYMENT, lambda o: _action(o.contract_id, "payment", invoice=o.source_id))
_link(KIND_FORCE_MAJEURE, lambda o: reverse("contracts:force-majeure-investigate",
                                            kwargs={"contract_pk": o.contract_id, "pk": o.source_id}))
_link(KIND_FORCE_MAJEURE_DECISION, lambda o: reverse("contracts:force-majeure-decide",
                                                     kwargs={"contract_pk": o.contract_id, "pk": o.source_id}))
_link(KIND_TERMINATION_PENALTY, lambda o: section_url(o.contract_id, "termination", "termination"))
