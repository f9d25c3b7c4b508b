"""K-13: the late-completion penalty, assessed and settled."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation
from itaku.core.wareki import to_wareki
from itaku.journal.services import journal_append
from itaku.rates.calculations import late_completion_penalty
from itaku.rates.selectors import statutory_rate_on

from ...choices import ContractState
from ...models.lifecycle import CompletionReport, Invoice, InvoiceState, LatePenalty, PenaltyBase, Settlement
from ...states import check_accepts_work
from ._common import _check_day, _check_yen, _lock, _require_role, _text, invoice_payable, passed_inspection
from .billing import paid_by_set_off


def completion_that_passed(contract) -> CompletionReport | None:
    """The report of the finished work that passed inspection: its date is the completion (K-13)."""
    passed = passed_inspection(contract)
    return passed.report if passed else None


PENALTY_STATES = {ContractState.PASSED, ContractState.INVOICED, ContractState.PAID}


@transaction.atomic
def penalty_assess(*, actor, contract, decided_on: dt.date, base_kind: str = PenaltyBase.AMOUNT,
                   base_amount: int | None = None, reason: str = "") -> LatePenalty:
    """The officer assesses the late-completion penalty (K-13): the contract amount, or the unperformed
    part where the delay matters little (with the reason), × the statutory rate in force when the delay
    began × days late / 365; fractions of a yen cut off; nothing under 100 yen."""
    _require_role(actor, contract, {Role.OFFICER}, _("延滞違約金を決定できるのはこの契約の契約担当者です。"))
    contract = _lock(contract)
    check_accepts_work(contract)
    if contract.state not in PENALTY_STATES:
        raise ClauseViolation(_("延滞違約金は、完了の検査に合格した後に決定します。"), code="not_passed",
                              clause="K-13")
    report = completion_that_passed(contract)
    if report.reported_on <= contract.ends_on:
        raise ClauseViolation(
            _("完了（%(done)s）は履行期限（%(end)s）までにあったため、延滞違約金は生じません。")
            % {"done": to_wareki(report.reported_on), "end": to_wareki(contract.ends_on)},
            code="not_late", clause="K-13",
        )
    if LatePenalty.objects.filter(contract=contract).exists():
        raise ClauseViolation(_("この契約の延滞違約金はすでに決定されています。"), code="penalty_exists", clause="K-13")
    if base_kind == PenaltyBase.UNPERFORMED:
        base_amount = _check_yen(base_amount, field="base_amount", clause="K-13", maximum=contract.amount,
                                 max_text=_("契約額"))
        reason = _text(reason, field="reason", clause="K-13",
                       message=_("未履行部分によるときは、遅延による支障が少ないと認める理由を入力してください。"))
    elif base_kind == PenaltyBase.AMOUNT:
        base_amount, reason = contract.amount, ""
    else:
        raise ClauseViolation(_("計算の基礎を選んでください。"), code="base_missing", clause="K-13", field="base_kind")
    _check_day(decided_on, field="decided_on", clause="K-13", not_before=report.reported_on,
               before_text=_("完了日"))
    # 民法404条1項: the rate in force when the delay began, the day after the end date.
    rate = statutory_rate_on(contract.ends_on + dt.timedelta(days=1))
    calc = late_completion_penalty(amount=base_amount, ends_on=contract.ends_on, completed_on=report.reported_on,
                                   rate=rate, base=str(PenaltyBase(base_kind).label))
    penalty = LatePenalty.objects.create(
        contract=contract, base_kind=base_kind, base_amount=base_amount, base_reason=reason,
        completed_on=report.reported_on, days=calc.days, rate_percent=rate.percent, rate_source=rate.source,
        result=calc.result, working={**calc.as_dict(), "rate": rate.as_dict()}, decided_on=decided_on,
        decided_by=actor, settlement=Settlement.UNSETTLED,
    )
    journal_append(actor=actor, action="contracts.penalty.assessed", contract=contract, clause="K-13", obj=penalty,
                   data={"base_kind": base_kind, "base_amount": base_amount, "reason": reason, "decided_on": decided_on,
                         "completed_on": report.reported_on, "ends_on": contract.ends_on, "days": calc.days,
                         "rate": rate.as_dict(), "result": calc.result})
    return penalty


@transaction.atomic
def penalty_settle(*, actor, penalty: LatePenalty, settlement: str, settled_on: dt.date) -> LatePenalty:
    """The officer or the accountant records how the penalty was settled: paid by the contractor, or set
    off against the payment of the contract amount (K-13)."""
    contract = penalty.contract
    _require_role(actor, contract, {Role.OFFICER, Role.ACCOUNTANT},
                  _("延滞違約金の精算を記録できるのはこの契約の契約担当者又は会計担当者です。"))
    contract = _lock(contract)
    penalty = LatePenalty.objects.select_for_update().get(pk=penalty.pk)
    if penalty.settlement != Settlement.UNSETTLED:
        raise ClauseViolation(_("この延滞違約金の精算はすでに記録されています。"), code="already_settled",
                              clause="K-13")
    if settlement not in (Settlement.PAID, Settlement.SET_OFF):
        raise ClauseViolation(_("精算の方法（納付・相殺）を選んでください。"), code="settlement_missing", clause="K-13",
                              field="settlement")
    _check_day(settled_on, field="settled_on", clause="K-13", not_before=penalty.decided_on, before_text=_("決定日"))
    invoice = None
    if settlement == Settlement.SET_OFF:
        if contract.state not in (ContractState.PASSED, ContractState.INVOICED):
            raise ClauseViolation(_("契約額の支払が済んだ後は相殺できません。"), code="nothing_to_set_off",
                                  clause="K-13")
        invoice = Invoice.objects.filter(contract=contract, state=InvoiceState.RECEIVED).first()
        if invoice is not None and invoice_payable(invoice) < penalty.result:
            raise ClauseViolation(_("未払額が延滞違約金より少ないため、相殺できません。"), code="set_off_too_large",
                                  clause="K-13")
    penalty.settlement, penalty.settled_on, penalty.settled_by = settlement, settled_on, actor
    penalty.save(update_fields=["settlement", "settled_on", "settled_by"])
    paid = False
    if invoice is not None:
        # K-12, K-13: a set-off that leaves nothing to pay on the received invoice pays the contract.
        paid = paid_by_set_off(contract=contract, invoice=invoice, actor=actor, on=settled_on)
    journal_append(actor=actor, action="contracts.penalty.settled", contract=contract, clause="K-13", obj=penalty,
                   data={"settlement": settlement, "settled_on": settled_on, "result": penalty.result,
                         "paid_by_set_off": paid})
    return penalty
