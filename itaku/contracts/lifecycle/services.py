"""Writes of completion, inspection, rework (K-11), invoice and payment (K-12), the late-completion
penalty (K-13), the close, and the parts performed before a termination (K-17).

Each service checks the actor's role on the contract and the clause's conditions, changes the models,
moves the contract's state (through :func:`itaku.contracts.states.move`), appends one journal event and
opens or meets the obligations, in one transaction. Every refusal names its clause. The dates of the
record (reported_on, inspected_on, received_on, paid_on …) are given by the caller: a record is often
entered after the fact.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import to_wareki
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_meet
from itaku.rates.calculations import late_completion_penalty, late_payment_interest
from itaku.rates.selectors import contract_late_payment_rate, statutory_rate_on

from ..choices import ContractState
from ..models import Contract
from ..models.lifecycle import (
    INSPECTION_DAYS,
    PAYMENT_DAYS,
    CompletionReport,
    Deliverable,
    Inspection,
    InspectionResult,
    Invoice,
    InvoiceState,
    LatePenalty,
    Payment,
    PenaltyBase,
    PerformedPart,
    ReportKind,
    Settlement,
)
from ..states import check_accepts_work, move

DELIVERABLE_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".ppt", ".odt", ".ods", ".odp",
                          ".txt", ".csv", ".zip", ".png", ".jpg", ".jpeg")
MAX_FILES = 20

KIND_INSPECTION = "contracts.inspection"
KIND_REWORK = "contracts.rework"
KIND_PAYMENT = "contracts.payment"


# --- checks shared by the services -------------------------------------------------------------

def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def _require_role(actor, contract, roles, message) -> None:
    if not roles_of(actor, contract) & set(roles):
        raise PermissionRefused(message)


def _lock(contract) -> Contract:
    """The contract row, locked for the rest of the transaction: two moves cannot cross."""
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _check_day(day, *, field: str, clause: str, not_before: dt.date | None = None, before_text: str = "") -> None:
    if not isinstance(day, dt.date):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause=clause, field=field)
    if day > timezone.localdate():
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if not_before is not None and day < not_before:
        raise ClauseViolation(
            _("%(field)s は %(day)s（%(what)s）以後の日付にしてください。")
            % {"field": to_wareki(day), "day": to_wareki(not_before), "what": before_text},
            code="date_too_early", clause=clause, field=field,
        )


def _check_yen(value, *, field: str, clause: str, maximum: int, max_text: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ClauseViolation(_("金額は1円以上の整数（円）で入力してください。"), code="invalid_amount",
                              clause=clause, field=field)
    if value > maximum:
        raise ClauseViolation(
            _("金額は%(what)s（%(max)s円）以下にしてください。") % {"what": max_text, "max": f"{maximum:,}"},
            code="amount_too_large", clause=clause, field=field,
        )
    return value


def _text(value, *, field: str, clause: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ClauseViolation(message, code=f"{field}_missing", clause=clause, field=field)
    return value


def _check_files(files) -> list:
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_FILES:
        raise ClauseViolation(_("一度に登録できるファイルは%(n)s個までです。") % {"n": MAX_FILES},
                              code="too_many_files", clause="K-11", field="files")
    for f in files:
        if not f.name.lower().endswith(DELIVERABLE_EXTENSIONS):
            raise ClauseViolation(
                _("「%(name)s」は登録できない種類のファイルです（PDF・Office文書・テキスト・画像・ZIP）。")
                % {"name": f.name}, code="file_type", clause="K-11", field="files",
            )
        if f.size > settings.ITAKU_MAX_UPLOAD_BYTES:
            raise ClauseViolation(
                _("「%(name)s」が大きすぎます（上限 %(limit)s バイト）。")
                % {"name": f.name, "limit": settings.ITAKU_MAX_UPLOAD_BYTES},
                code="file_too_large", clause="K-11", field="files",
            )
    return files


def _store_files(report: CompletionReport, files) -> list[Deliverable]:
    stored = []
    try:
        for f in files:
            digest = hashlib.sha256()
            for chunk in f.chunks():
                digest.update(chunk)
            f.seek(0)
            name = f.name.rsplit("/", 1)[-1]
            item = Deliverable(report=report, name=name, size=f.size, sha256=digest.hexdigest())
            item.file.save(name, f, save=False)
            stored.append(item)
            item.save()
    except BaseException:
        for item in stored:
            item.file.storage.delete(item.file.name)
        raise
    return stored


def _on_error_remove(stored: list[Deliverable]):
    """Storage is not transactional: files stored by a transaction that rolls back are removed."""
    def remove():
        for item in stored:
            item.file.storage.delete(item.file.name)
    return remove


def _sole_inspector(contract):
    inspectors = list(Membership.objects.filter(contract=contract, role=Role.INSPECTOR)
                      .select_related("user")[:2])
    return inspectors[0].user if len(inspectors) == 1 else None


def _open_inspection(report: CompletionReport) -> None:
    # 支払遅延防止法 5条 (applied through 14条): inspect within 10 days of the report (K-11).
    obligation_open(
        contract=report.contract, clause="K-11", kind=KIND_INSPECTION,
        title=_("完了の検査（%(what)s・%(day)s報告）") % {"what": report.get_kind_display(),
                                                     "day": to_wareki(report.reported_on)},
        role=Role.INSPECTOR, due_on=report.inspection_due_on, source=report,
        assignee=_sole_inspector(report.contract),
    )


def _report_data(report: CompletionReport, files: list[Deliverable]) -> dict:
    return {"kind": report.kind, "reported_on": report.reported_on, "summary": report.summary,
            "partial": report.partial, "part_description": report.part_description,
            "inspection_due_on": report.inspection_due_on,
            "files": [{"name": d.name, "size": d.size, "sha256": d.sha256} for d in files]}


# --- K-11: completion, inspection, rework ------------------------------------------------------

@transaction.atomic
def completion_report(*, actor, contract, reported_on: dt.date, summary: str, files=(), partial: bool = False,
                      part_description: str = "") -> CompletionReport:
    """The contractor's representative reports the work finished, with its deliverables (K-11-1).

    A report of a completed part (``partial``) leaves the contract's state as it is: it is inspected,
    and a passed part may be counted when the contract is terminated (K-17).
    """
    _require_role(actor, contract, {Role.REPRESENTATIVE},
                  _("完了報告ができるのは受注者（乙）の代表者です。"))
    contract = _lock(contract)
    check_accepts_work(contract)  # K-14: a terminated or closed contract takes no report
    summary = _text(summary, field="summary", clause="K-11", message=_("報告の概要を入力してください。"))
    _check_day(reported_on, field="reported_on", clause="K-11", not_before=contract.signed_on,
               before_text=_("契約締結日"))
    files = _check_files(files)
    if partial:
        part_description = _text(part_description, field="part_description", clause="K-17",
                                 message=_("完了した部分を入力してください。"))
        if contract.state != ContractState.ACTIVE:
            raise ClauseViolation(_("既履行部分の報告は履行中の契約についてのみできます。"),
                                  code="state_not_allowed", clause="K-17")
    else:
        if not files:
            raise ClauseViolation(_("仕様書に基づく報告書等のファイルを添付してください。"),
                                  code="files_missing", clause="K-11", field="files")
        part_description = ""
        move(contract, "report_completion", clause="K-11")
        contract.save(update_fields=["state"])
    report = CompletionReport.objects.create(
        contract=contract, kind=ReportKind.COMPLETION, reported_on=reported_on, summary=summary,
        partial=bool(partial), part_description=part_description, reported_by=actor,
    )
    stored = _store_files(report, files)
    try:
        _open_inspection(report)
        journal_append(actor=actor, action="contracts.completion.reported", contract=contract, clause="K-11",
                       obj=report, data=_report_data(report, stored))
    except BaseException:
        _on_error_remove(stored)()
        raise
    return report


@transaction.atomic
def inspection_record(*, actor, report: CompletionReport, inspected_on: dt.date, result: str, findings: str = "",
                      rework_due_on: dt.date | None = None) -> Inspection:
    """The designated inspector records the result of the inspection of ``report`` (K-11).

    A pass meets the inspection obligation; a fail needs findings and a date for the rework, at the
    contractor's cost (K-11-2), and opens the rework obligation.
    """
    contract = report.contract
    # K-11-1: only the staff the client designated (検査職員) inspects.
    _require_role(actor, contract, {Role.INSPECTOR},
                  _("検査を記録できるのは、この契約の検査職員に指定された職員だけです。"))
    contract = _lock(contract)
    check_accepts_work(contract)
    report = CompletionReport.objects.select_for_update().get(pk=report.pk)
    if Inspection.objects.filter(report=report).exists():
        raise ClauseViolation(_("この報告の検査はすでに記録されています。"), code="already_inspected", clause="K-11")
    if result not in InspectionResult.values:
        raise ClauseViolation(_("検査の結果（合格・不合格）を選んでください。"), code="result_missing",
                              clause="K-11", field="result")
    _check_day(inspected_on, field="inspected_on", clause="K-11", not_before=report.reported_on,
               before_text=_("報告日"))
    findings = (findings or "").strip()
    if result == InspectionResult.FAILED:
        findings = _text(findings, field="findings", clause="K-11",
                         message=_("不合格のときは、仕様書に適合しない点（所見）を入力してください。"))
        if not isinstance(rework_due_on, dt.date):
            raise ClauseViolation(_("不合格のときは、手直しの期日を定めてください。"), code="rework_due_missing",
                                  clause="K-11", field="rework_due_on")
        if rework_due_on <= inspected_on:
            raise ClauseViolation(_("手直しの期日は検査日より後の日付にしてください。"), code="rework_due_early",
                                  clause="K-11", field="rework_due_on")
    else:
        rework_due_on = None
    if not report.partial:
        move(contract, "pass_inspection" if result == InspectionResult.PASSED else "fail_inspection",
             clause="K-11")
        contract.save(update_fields=["state"])
    inspection = Inspection.objects.create(
        report=report, contract=contract, inspector=actor, inspected_on=inspected_on, result=result,
        findings=findings, rework_due_on=rework_due_on,
    )
    obligations_meet(source=report, kind=KIND_INSPECTION, actor=actor, on=inspected_on)
    if result == InspectionResult.FAILED:
        obligation_open(
            contract=contract, clause="K-11", kind=KIND_REWORK,
            title=_("手直し（%(day)s検査の所見による・乙の負担）") % {"day": to_wareki(inspected_on)},
            role=Role.REPRESENTATIVE, due_on=rework_due_on, source=inspection,
        )
    journal_append(
        actor=actor, action=f"contracts.inspection.{result}", contract=contract, clause="K-11", obj=inspection,
        data={"report": report.pk, "inspected_on": inspected_on, "result": result, "findings": findings,
              "rework_due_on": rework_due_on, "period_ends_on": inspection.period_ends_on,
              "days_late": inspection.days_late},
    )
    return inspection


@transaction.atomic
def rework_report(*, actor, inspection: Inspection, reported_on: dt.date, summary: str,
                  files=()) -> CompletionReport:
    """The contractor reports the rework done; a new 10-day inspection period runs (K-11-2)."""
    contract = inspection.contract
    _require_role(actor, contract, {Role.REPRESENTATIVE},
                  _("手直しの完了を報告できるのは受注者（乙）の代表者です。"))
    contract = _lock(contract)
    check_accepts_work(contract)
    if inspection.result != InspectionResult.FAILED:
        raise ClauseViolation(_("手直しを求められていない検査です。"), code="not_failed", clause="K-11")
    if CompletionReport.objects.filter(rework_of=inspection).exists():
        raise ClauseViolation(_("この検査に対する手直しの完了はすでに報告されています。"), code="already_reworked",
                              clause="K-11")
    summary = _text(summary, field="summary", clause="K-11", message=_("手直しの内容を入力してください。"))
    _check_day(reported_on, field="reported_on", clause="K-11", not_before=inspection.inspected_on,
               before_text=_("検査日"))
    files = _check_files(files)
    original = inspection.report
    if not original.partial:
        move(contract, "report_rework", clause="K-11")
        contract.save(update_fields=["state"])
    report = CompletionReport.objects.create(
        contract=contract, kind=ReportKind.REWORK, rework_of=inspection, reported_on=reported_on,
        summary=summary, partial=original.partial, part_description=original.part_description, reported_by=actor,
    )
    stored = _store_files(report, files)
    try:
        obligations_meet(source=inspection, kind=KIND_REWORK, actor=actor, on=reported_on)
        _open_inspection(report)
        data = _report_data(report, stored)
        data.update({"rework_of": inspection.pk, "rework_due_on": inspection.rework_due_on,
                     "days_after_due": max((reported_on - inspection.rework_due_on).days, 0)})
        journal_append(actor=actor, action="contracts.rework.reported", contract=contract, clause="K-11",
                       obj=report, data=data)
    except BaseException:
        _on_error_remove(stored)()
        raise
    return report


# --- K-12: invoice, payment, interest ----------------------------------------------------------

def passed_inspection(contract) -> Inspection | None:
    """The passed inspection of the whole work (not of a part), if any."""
    return (Inspection.objects.filter(contract=contract, result=InspectionResult.PASSED, report__partial=False)
            .select_related("report").order_by("-inspected_on", "-id").first())


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
        journal_append(actor=actor, action="contracts.invoice.received", contract=contract, clause="K-12",
                       obj=invoice, data={"amount": amount, "received_on": received_on, "due_on": due_on,
                                          "inspection_days_late": days_late, "working": working["text"]})
        return invoice
    # 支払遅延防止法 6条: an improper request returned to the contractor starts no period.
    return_reason = _text(return_reason, field="return_reason", clause="K-12",
                          message=_("返戻する理由（不適法な点）を入力してください。"))
    invoice = Invoice.objects.create(contract=contract, amount=amount, received_on=received_on,
                                     state=InvoiceState.RETURNED, return_reason=return_reason, recorded_by=actor)
    journal_append(actor=actor, action="contracts.invoice.returned", contract=contract, clause="K-12", obj=invoice,
                   data={"amount": amount, "received_on": received_on, "return_reason": return_reason})
    return invoice


def set_off_total(contract) -> int:
    """Penalties set off against the payment (K-13): they reduce what is paid."""
    return LatePenalty.objects.filter(contract=contract, settlement=Settlement.SET_OFF).aggregate(
        total=Sum("result"))["total"] or 0


def invoice_payable(invoice: Invoice) -> int:
    """What the invoice leaves to pay: its amount less penalties set off, less what was paid."""
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or 0
    return max(invoice.amount - set_off_total(invoice.contract) - paid, 0)


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


# --- K-13: late completion penalty --------------------------------------------------------------

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
                   data={"base_kind": base_kind, "base_amount": base_amount, "reason": reason,
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
    journal_append(actor=actor, action="contracts.penalty.settled", contract=contract, clause="K-13", obj=penalty,
                   data={"settlement": settlement, "settled_on": settled_on, "result": penalty.result})
    return penalty


# --- close, K-17 ------------------------------------------------------------------------------

@transaction.atomic
def contract_close(*, actor, contract) -> Contract:
    """The officer closes a paid contract; a penalty not yet settled keeps it open (K-12, K-13)."""
    _require_role(actor, contract, {Role.OFFICER}, _("契約を完結できるのはこの契約の契約担当者です。"))
    contract = _lock(contract)
    if LatePenalty.objects.filter(contract=contract, settlement=Settlement.UNSETTLED).exists():
        raise ClauseViolation(_("精算されていない延滞違約金があるため、完結できません。"), code="penalty_unsettled",
                              clause="K-13")
    move(contract, "close", clause="K-12")
    contract.save(update_fields=["state"])
    paid = Payment.objects.filter(contract=contract).aggregate(total=Sum("amount"), interest=Sum("interest"))
    journal_append(actor=actor, action="contracts.contract.closed", contract=contract, clause="K-12", obj=contract,
                   data={"paid": paid["total"] or 0, "interest": paid["interest"] or 0,
                         "set_off": set_off_total(contract)})
    return contract


@transaction.atomic
def performed_part_record(*, actor, contract, amount: int, basis: str, inspections, recorded_on: dt.date
                          ) -> PerformedPart:
    """K-17: after a termination, the officer records the amount agreed for the completed parts that
    passed inspection (既履行部分契約額), against those inspections."""
    _require_role(actor, contract, {Role.OFFICER}, _("既履行部分契約額を記録できるのはこの契約の契約担当者です。"))
    contract = _lock(contract)
    if contract.state != ContractState.TERMINATED:
        raise ClauseViolation(_("既履行部分契約額は、解除された契約についてのみ記録できます。"),
                              code="not_terminated", clause="K-17")
    ids = {getattr(i, "pk", i) for i in (inspections or [])}
    found = list(Inspection.objects.filter(pk__in=ids, contract=contract, result=InspectionResult.PASSED))
    if not ids or len(found) != len(ids):
        raise ClauseViolation(_("この契約の検査に合格した部分を選んでください。"), code="inspections_invalid",
                              clause="K-17", field="inspections")
    _check_yen(amount, field="amount", clause="K-17", maximum=contract.amount, max_text=_("契約額"))
    basis = _text(basis, field="basis", clause="K-17", message=_("額の根拠（甲乙の協議の内容）を入力してください。"))
    _check_day(recorded_on, field="recorded_on", clause="K-17", not_before=contract.signed_on,
               before_text=_("契約締結日"))
    part = PerformedPart.objects.create(contract=contract, amount=amount, basis=basis, recorded_on=recorded_on,
                                        recorded_by=actor)
    part.inspections.set(found)
    journal_append(actor=actor, action="contracts.performed_part.recorded", contract=contract, clause="K-17",
                   obj=part, data={"amount": amount, "basis": basis, "recorded_on": recorded_on,
                                   "inspections": sorted(i.pk for i in found)})
    return part


__all__ = ["INSPECTION_DAYS", "completion_report", "inspection_record", "rework_report", "invoice_register",
           "payment_record", "penalty_assess", "penalty_settle", "contract_close", "performed_part_record"]
