"""Pages of completion, inspection, invoice, payment, penalty, close and K-17.

Each action has its page: GET shows the form to the role that may act (403 to others who see the
contract, 404 to the rest); POST runs the service and returns to the contract page, or shows the
refusal, which names its clause. The contract's section 「完了・検査・支払」 shows the form of the act the
state calls for to the role that does it, and a button to the page of each rarer act.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from .. import panels
from ..selectors import contract_get
from . import forms as f
from . import selectors as sel
from . import services as svc


@dataclass(frozen=True)
class Action:
    key: str
    title: str
    clause: str
    roles: frozenset
    form: type
    run: object  # (request, contract, cleaned_data) -> message
    with_contract: bool = True
    files: bool = False


def _completion(request, contract, d):
    svc.completion_report(actor=request.user, contract=contract, reported_on=d["reported_on"], summary=d["summary"],
                          files=d["files"], partial=d["partial"], part_description=d["part_description"])
    return _("完了を報告しました。検査職員が10日以内に検査します。")


def _rework(request, contract, d):
    svc.rework_report(actor=request.user, inspection=d["inspection"], reported_on=d["reported_on"],
                      summary=d["summary"], files=d["files"])
    return _("手直しの完了を報告しました。新たに10日の検査期間が始まります。")


def _inspection(request, contract, d):
    inspection = svc.inspection_record(actor=request.user, report=d["report"], inspected_on=d["inspected_on"],
                                       result=d["result"], findings=d["findings"],
                                       rework_due_on=d["rework_due_on"])
    return _("検査の結果（%(result)s）を記録しました。") % {"result": inspection.get_result_display()}


def _invoice(request, contract, d):
    invoice = svc.invoice_register(actor=request.user, contract=contract, received_on=d["received_on"],
                                   amount=d["amount"], proper=d["decision"] == "received",
                                   return_reason=d["return_reason"])
    return invoice.get_state_display()


def _payment(request, contract, d):
    payment = svc.payment_record(actor=request.user, invoice=d["invoice"], paid_on=d["paid_on"], amount=d["amount"])
    return _("支払を記録しました（遅延利息 %(interest)s円）。") % {"interest": f"{payment.interest:,}"}


def _penalty(request, contract, d):
    penalty = svc.penalty_assess(actor=request.user, contract=contract, decided_on=d["decided_on"],
                                 base_kind=d["base_kind"], base_amount=d["base_amount"], reason=d["reason"])
    return _("延滞違約金を %(result)s円 と決定しました。") % {"result": f"{penalty.result:,}"}


def _settle(request, contract, d):
    svc.penalty_settle(actor=request.user, penalty=d["penalty"], settlement=d["settlement"],
                       settled_on=d["settled_on"])
    return _("延滞違約金の精算を記録しました。")


def _close(request, contract, d):
    svc.contract_close(actor=request.user, contract=contract)
    return _("契約を完結しました。")


def _performed(request, contract, d):
    svc.performed_part_record(actor=request.user, contract=contract, amount=d["amount"], basis=d["basis"],
                              inspections=list(d["inspections"]), recorded_on=d["recorded_on"])
    return _("既履行部分契約額を記録しました。")


REP, INSPECTOR, ACCOUNTANT, OFFICER = Role.REPRESENTATIVE, Role.INSPECTOR, Role.ACCOUNTANT, Role.OFFICER
ACTIONS = {a.key: a for a in [
    Action("completion", gettext_lazy("完了報告"), "K-11", frozenset({REP}), f.CompletionReportForm, _completion,
           with_contract=False, files=True),
    Action("rework", gettext_lazy("手直しの完了報告"), "K-11", frozenset({REP}), f.ReworkReportForm, _rework,
           files=True),
    Action("inspection", gettext_lazy("検査の記録"), "K-11", frozenset({INSPECTOR}), f.InspectionForm, _inspection),
    Action("invoice", gettext_lazy("請求書の受理・返戻"), "K-12", frozenset({ACCOUNTANT}), f.InvoiceForm, _invoice),
    Action("payment", gettext_lazy("支払の記録"), "K-12", frozenset({ACCOUNTANT}), f.PaymentForm, _payment),
    Action("penalty", gettext_lazy("延滞違約金の決定"), "K-13", frozenset({OFFICER}), f.PenaltyForm, _penalty,
           with_contract=False),
    Action("settle", gettext_lazy("延滞違約金の精算"), "K-13", frozenset({OFFICER, ACCOUNTANT}), f.PenaltySettleForm,
           _settle),
    Action("close", gettext_lazy("契約の完結"), "K-12", frozenset({OFFICER}), f.CloseForm, _close,
           with_contract=False),
    Action("performed", gettext_lazy("既履行部分契約額の記録"), "K-17", frozenset({OFFICER}), f.PerformedPartForm,
           _performed),
]}


def action_form(action: Action, contract, data=None, files=None, initial=None):
    kwargs = {"contract": contract} if action.with_contract else {}
    return action.form(data, files, prefix=action.key, initial=initial, **kwargs)


def _initial(action: Action, query) -> dict:
    """A link may choose the record the form is about (``?report=12`` for the inspection of report 12, as
    わたしの仕事 links it); the form's own choices still decide what may be chosen."""
    return {name: query[name] for name in ("report", "inspection", "invoice", "penalty")
            if name in query and name in action.form.base_fields and query[name].isdigit()}


@login_required
def lifecycle_action(request, contract_pk, action):
    action = ACTIONS[action]
    contract = contract_get(request.user, contract_pk)
    if not sel.actor_roles(request.user, contract) & action.roles:
        raise PermissionDenied
    form = action_form(action, contract, request.POST if request.method == "POST" else None,
                       request.FILES if request.method == "POST" else None, initial=_initial(action, request.GET))
    if request.method == "POST" and form.is_valid():
        try:
            message = action.run(request, contract, form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, message)
            return redirect(panels.section_url(contract.pk, "lifecycle"))
    # K-13, P-13, S-14: the invoice and payment pages show what is deducted from the contract amount.
    deductions = svc.deductions_working(contract) if action.key in ("invoice", "payment") else None
    return render(request, "contracts/lifecycle/action.html",
                  {"contract": contract, "action": action, "form": form, "deductions": deductions,
                   "back": panels.section_url(contract.pk, "lifecycle")})


@login_required
@require_GET
def deliverable_download(request, contract_pk, pk):
    """A deliverable, for everyone who sees the contract (K-11)."""
    item = sel.deliverable_get(request.user, contract_pk=contract_pk, pk=pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_POST
def calculation_sheet(request, contract_pk, what, pk):
    """The calculation sheet (計算書) of a payment's interest (K-12) or of a penalty (K-13), generated,
    stored and journaled like every document; anyone who sees the contract may have it."""
    contract = contract_get(request.user, contract_pk)
    records = {"interest": contract.payments, "penalty": contract.late_penalties}
    if what not in records:
        raise Http404
    source = records[what].filter(pk=pk).first()
    if source is None or (what == "interest" and not source.interest_working):
        raise Http404  # a payment made in time has no interest and no sheet
    document = document_generate(actor=request.user, contract=contract, kind=f"{what}_sheet", fmt="pdf",
                                 source=source)
    return document_attachment(document)
