"""K-12: the invoice (received or returned), its payment deadline, and the payment with its interest."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation
from itaku.core.wareki import to_wareki
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_meet
from itaku.rates.calculations import late_payment_interest
from itaku.rates.selectors import contract_late_payment_rate

from ...choices import ContractState
from ...models.lifecycle import PAYMENT_DAYS, Inspection, Invoice, InvoiceState, Payment
from ...states import check_accepts_work, move
from ._common import _check_day, _check_yen, _lock, _require_role, _text, invoice_payable, passed_inspection

KIND_PAYMENT = "contracts.payment"


def paid_by_set_off(*, contract, invoice: Invoice, actor, on: dt.date) -> bool:
    """When penalties set off against a received invoice leave nothing to pay (K-13), the contract is paid:
    it moves to paid and the payment obligation is met (K-12). Called inside the caller's transaction, on the
    locked contract; returns whether it did."""
    if contract.state != ContractState.INVOICED or invoice.state != InvoiceState.RECEIVED or invoice_payable(invoice):
        return False
    move(contract, "record_payment", clause="K-12")
    contract.save(update_fields=["state"])
    obligations_meet(source=invoice, kind=KIND_PAYMENT, actor=actor, on=on)
    return True


def payment_due(*, contract, received_on: dt.date) -> tuple[dt.date, int, dict]:
    """The payment deadline for a proper invoice received on ``received_on`` (K-12, 支払遅延防止法 6条・9条).

    30 days from receipt, shortened by the days the inspections of the whole work ran past their
    10-day periods (9条); when those days reach 30, the deadline is the day of receipt.
    """
    late = [i for i in Inspection.objects.filter(contract=contract, report__partial=False)
            .select_related("report").order_by("inspected_on", "id") if i.days_late]
    days_late = sum(i.days_late for i in late)
    days = max(PAYMENT_DAYS - days_late, 0)
    due_on = received_on + dt.timedelta(days=days)
    steps = [{"label": _("支払期間"), "value": _("受領日から%(n)s日（K-12・支払遅延防止法6条）") % {"n": PAYMENT_DAYS}}]
    for i in late:
        steps.append({"label": _("検査の遅延"), "value": _(
            "%(reported)s報告・検査期限%(end)s・検査日%(inspected)s → %(n)s日超過（支払遅延防止法9条）") % {
            "reported": to_wareki(i.report.reported_on), "end": to_wareki(i.period_ends_on),
            "inspected": to_wareki(i.inspected_on), "n": i.days_late}})
    steps.append({"label": _("計算"), "value": _("%(received)s ＋ %(base)s日 − %(late)s日 ＝ %(due)s") % {
        "received": to_wareki(received_on), "base": PAYMENT_DAYS, "late": days_late, "due": to_wareki(due_on)}})
    working = {"title": _("支払期限 (K-12)"), "received_on": received_on.isoformat(), "payment_days": PAYMENT_DAYS,
               "inspection_days_late": days_late, "due_on": due_on.isoformat(), "steps": steps,
               "text": _("%(received)s ＋ %(base)s日 − 検査の遅延%(late)s日 ＝ %(due)s") % {
                   "received": to_wareki(received_on), "base": PAYMENT_DAYS, "late": days_late,
                   "due": to_wareki(due_on)}}
    return due_on, days_late, working


@transaction.atomic
def invoice_register(*, actor, contract, received_on: dt.date, amount: int | None = None, proper: bool = True,
                     return_reason: str = "") -> Invoice:
    """The accountant registers an invoice: received as proper, which starts the 30-day period, or
    returned as improper with the reason, which starts nothing (K-12; 支払遅延防止法 6条)."""
    _require_role(actor, contract, {Role.ACCOUNTANT}, _("請求書を登録できるのはこの契約の会計担当者です。"))
    contract = _lock(contract)
    check_accepts_work(contract)
    # K-12-1: the contractor requests payment only after the inspection is passed.
    if contract.state != ContractState.PASSED:
        raise ClauseViolation(
            _("検査に合格する前の請求書は登録できません（現在の状態：%(state)s）。")
            % {"state": contract.get_state_display()}, code="not_passed", clause="K-12",
        )
    passed = passed_inspection(contract)
    amount = contract.amount if amount is None else amount
    _check_yen(amount, field="amount", clause="K-12", maximum=contract.amount, max_text=_("契約額"))
    _check_day(received_on, field="received_on", clause="K-12", not_before=passed.inspected_on if passed else None,
               before_text=_("検査合格日"))
    if proper:
        due_on, days_late, working = payment_due(contract=contract, received_on=received_on)
        move(contract, "receive_invoice", clause="K-12")
        contract.save(update_fields=["state"])
        invoice = Invoice.objects.create(
            contract=contract, amount=amount, received_on=received_on, state=InvoiceState.RECEIVED, due_on=due_on,
            inspection_days_late=days_late, due_working=working, recorded_by=actor,
        )
        obligation_open(contract=contract, clause="K-12", kind=KIND_PAYMENT,
                        title=_("契約額の支払（%(amount)s円）") % {"amount": f"{amount:,}"},
                        role=Role.ACCOUNTANT, due_on=due_on, source=invoice)
        # K-13: a penalty already set off may leave nothing to pay; the contract is then paid.
        settled = paid_by_set_off(contract=contract, invoice=invoice, actor=actor, on=received_on)
        journal_append(actor=actor, action="contracts.invoice.received", contract=contract, clause="K-12",
                       obj=invoice, data={"amount": amount, "received_on": received_on, "due_on": due_on,
                                          "inspection_days_late": days_late, "working": working["text"],
                                          "paid_by_set_off": settled})
        return invoice
    # 支払遅延防止法 6条: an improper request returned to the contractor starts no period.
    return_reason = _text(return_reason, field="return_reason", clause="K-12",
                          message=_("返戻する理由（不適法な点）を入力してください。"))
    invoice = Invoice.objects.create(contract=contract, amount=amount, received_on=received_on,
                                     state=InvoiceState.RETURNED, return_reason=return_reason, recorded_by=actor)
    journal_append(actor=actor, action="contracts.invoice.returned", contract=contract, clause="K-12", obj=invoice,
                   data={"amount": amount, "received_on": received_on, "return_reason": return_reason})
    return invoice


@transaction.atomic
def payment_record(*, actor, invoice: Invoice, paid_on: dt.date, amount: int) -> Payment:
    """The accountant records a payment (K-12). Paid after the due date, the unpaid amount it settles
    carries late-payment interest at the contract's rate (支払遅延防止法 8条); the working is stored."""
    contract = invoice.contract
    _require_role(actor, contract, {Role.ACCOUNTANT}, _("支払を記録できるのはこの契約の会計担当者です。"))
    contract = _lock(contract)
    if invoice.state != InvoiceState.RECEIVED:
        raise ClauseViolation(_("返戻した請求書には支払を記録できません。"), code="invoice_returned", clause="K-12")
    if contract.state != ContractState.INVOICED:
        raise ClauseViolation(
            _("現在の状態（%(state)s）の契約では支払を記録できません。") % {"state": contract.get_state_display()},
            code="state_not_allowed", clause="K-12",
        )
    unpaid = invoice_payable(invoice)
    _check_yen(amount, field="amount", clause="K-12", maximum=unpaid, max_text=_("未払額"))
    _check_day(paid_on, field="paid_on", clause="K-12", not_before=invoice.received_on, before_text=_("請求書の受領日"))
    late_amount, interest, working, rate = 0, 0, {}, None
    if paid_on > invoice.due_on:
        rate = contract_late_payment_rate(contract)
        late_amount = amount  # the unpaid amount this payment settles, unpaid from the due date to today
        calc = late_payment_interest(amount=late_amount, due_on=invoice.due_on, paid_on=paid_on, rate=rate)
        interest, working = calc.result, {**calc.as_dict(), "rate": rate.as_dict()}
    payment = Payment.objects.create(invoice=invoice, contract=contract, paid_on=paid_on, amount=amount,
                                     late_amount=late_amount, interest=interest, interest_working=working,
                                     recorded_by=actor)
    full = amount == unpaid
    if full:
        move(contract, "record_payment", clause="K-12")
        contract.save(update_fields=["state"])
        obligations_meet(source=invoice, kind=KIND_PAYMENT, actor=actor, on=paid_on)
    journal_append(actor=actor, action="contracts.payment.recorded", contract=contract, clause="K-12", obj=payment,
                   data={"invoice": invoice.pk, "paid_on": paid_on, "amount": amount, "due_on": invoice.due_on,
                         "full": full, "interest": interest, "late_amount": late_amount,
                         "rate": rate.as_dict() if rate else None})
    return payment
