"""Pages of the compliance reports (P-10-1) and of the privacy declaration (P-14)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from .choices import ComplianceState
from .compliance import (
    compliance_report_review,
    compliance_report_submit,
    compliance_schedule_set,
    may_declare,
    may_submit,
    privacy_declaration_record,
)
from .compliance_draft import draft_facts, draft_text
from .forms import ComplianceReviewForm, ComplianceSubmitForm, DeclarationForm, ScheduleForm
from .models import ComplianceReport
from .services import may_issue


def _back(contract):
    return redirect(section_url(contract.pk, "compliance", "compliance"))


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def schedule_set(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if not may_issue(request.user, contract):
        raise PermissionDenied
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(contract)
    try:
        compliance_schedule_set(actor=request.user, contract=contract, **form.cleaned_data)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("遵守状況報告の予定を定めました。"))
    return _back(contract)


def _report(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    report = (ComplianceReport.objects.select_related("contract", "submitted_by", "reviewed_by")
              .filter(contract=contract, pk=pk).first())
    if report is None:
        raise Http404
    return contract, report


def _render(request, contract, report, submit_form=None, review_form=None, status=200):
    can_submit = may_submit(request.user, contract) and report.state in (ComplianceState.DUE, ComplianceState.RETURNED)
    can_review = may_issue(request.user, contract) and report.state == ComplianceState.SUBMITTED
    if can_submit and submit_form is None:
        submit_form = ComplianceSubmitForm(initial={"body": report.body or draft_text(draft_facts(report))})
    if can_review and review_form is None:
        review_form = ComplianceReviewForm()
    return render(request, "oversight/compliance_detail.html", {
        "contract": contract, "report": report, "can_submit": can_submit, "can_review": can_review,
        "submit_form": submit_form, "review_form": review_form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, contract_pk, pk):
    """GET: the report (and, for the privacy officer, the draft to complete). POST: submit it."""
    contract, report = _report(request, contract_pk, pk)
    if request.method == "GET":
        return _render(request, contract, report)
    if not may_submit(request.user, contract):
        raise PermissionDenied
    form = ComplianceSubmitForm(request.POST)
    if form.is_valid():
        try:
            compliance_report_submit(actor=request.user, report=report, body=form.cleaned_data["body"],
                                     on=form.cleaned_data["submitted_on"])
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("遵守状況報告を提出しました。"))
            return redirect(report.get_absolute_url())
    return _render(request, contract, report, submit_form=form)


@login_required
@require_POST
def report_review(request, contract_pk, pk):
    contract, report = _report(request, contract_pk, pk)
    if not may_issue(request.user, contract):
        raise PermissionDenied
    form = ComplianceReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            compliance_report_review(actor=request.user, report=report, acknowledge=data["decision"] == "acknowledge",
                                     note=data["note"], due_on=data["due_on"])
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("遵守状況報告を確認しました。"))
            return redirect(report.get_absolute_url())
    return _render(request, contract, report, review_form=form)


@login_required
@require_POST
def declaration_record(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if not may_declare(request.user, contract):
        raise PermissionDenied
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(contract)
    try:
        privacy_declaration_record(actor=request.user, contract=contract, **form.cleaned_data)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("個人情報保護方針の公表を記録しました。"))
    return _back(contract)
