"""Pages of consultations (K-1, K-20) and of the client's requests (K-10, P-10, P-11, S-11, S-12)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from . import selectors
from .forms import AcceptForm, ConsultationForm, ReopenForm, RequestForm, ResponseForm, WithdrawForm
from .services import (
    check_may_respond,
    check_may_review,
    consultation_record,
    may_issue,
    may_record_consultation,
    may_respond,
    oversight_request_accept,
    oversight_request_issue,
    oversight_request_reopen,
    oversight_request_withdraw,
    oversight_response_submit,
)


def _add_error(form, exc: ClauseViolation) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _attachment(fieldfile, name: str) -> FileResponse:
    return FileResponse(fieldfile.open("rb"), as_attachment=True, filename=name)


@login_required
def consultation_create(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if not may_record_consultation(request.user, contract):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, request.FILES or None,
                            members=selectors.contract_members(contract))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = consultation_record(
                actor=request.user, contract=contract, clause_id=data["clause_id"], topic=data["topic"],
                held_on=data["held_on"], participants=data["participants"], outcome=data["outcome"],
                participant_users=data["participant_users"], documents=data["documents"],
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("協議の結果を記録しました。"))
            return redirect(consultation.get_absolute_url())
    return render(request, "oversight/consultation_form.html", {"form": form, "contract": contract})


@login_required
@require_GET
def consultation_detail(request, contract_pk, pk):
    consultation = selectors.consultation_get(request.user, pk, contract_pk=contract_pk)
    return render(request, "oversight/consultation_detail.html",
                  {"consultation": consultation, "contract": consultation.contract})


@login_required
@require_GET
def consultation_document(request, contract_pk, consultation_pk, pk):
    document = selectors.consultation_document_get(request.user, pk, consultation_pk=consultation_pk,
                                                   contract_pk=contract_pk)
    return _attachment(document.file, document.name)


@login_required
def request_create(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if not may_issue(request.user, contract):
        raise PermissionDenied
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            oversight_request = oversight_request_issue(
                actor=request.user, contract=contract, clause_id=data["clause_id"], kind=data["kind"],
                subject=data["subject"], body=data["body"], due_on=data["due_on"],
                addressed_role=data["addressed_role"], issued_on=data.get("issued_on"),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("調査・報告の要求・指示を発出しました。"))
            return redirect(oversight_request.get_absolute_url())
    return render(request, "oversight/request_form.html", {"form": form, "contract": contract})


def _detail(request, oversight_request, status=200, **forms):
    can_respond = may_respond(request.user, oversight_request)
    is_officer = may_issue(request.user, oversight_request.contract)
    context = {
        "oversight_request": oversight_request, "contract": oversight_request.contract,
        "responses": list(oversight_request.responses.all()),
        "can_respond": can_respond and oversight_request.state in ("open", "answered"),
        "can_review": is_officer and oversight_request.state == "answered",
        "can_withdraw": is_officer and oversight_request.state in ("open", "answered"),
        "response_form": forms.get("response_form") or ResponseForm(),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
    }
    return render(request, "oversight/request_detail.html", context, status=status)


@login_required
@require_GET
def request_detail(request, contract_pk, pk):
    return _detail(request, selectors.request_get(request.user, pk, contract_pk=contract_pk))


def _act(request, contract_pk, pk, *, form_class, form_name, allowed, call, done):
    """Check who may act, read the form, call the service; on a refusal show the page with the message."""
    oversight_request = selectors.request_get(request.user, pk, contract_pk=contract_pk)
    try:
        allowed(request.user, oversight_request)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(oversight_request, form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            _add_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(oversight_request.get_absolute_url())
    oversight_request = selectors.request_get(request.user, pk, contract_pk=contract_pk)
    return _detail(request, oversight_request, **{form_name: form})


@login_required
@require_POST
def request_respond(request, contract_pk, pk):
    return _act(request, contract_pk, pk, form_class=ResponseForm, form_name="response_form", allowed=check_may_respond,
                call=lambda r, d: oversight_response_submit(actor=request.user, request=r, body=d["body"],
                                                            files=d["files"]),
                done=_("回答を提出しました。"))


@login_required
@require_POST
def request_accept(request, contract_pk, pk):
    return _act(request, contract_pk, pk, form_class=AcceptForm, form_name="accept_form", allowed=check_may_review,
                call=lambda r, d: oversight_request_accept(actor=request.user, request=r, note=d["note"]),
                done=_("回答を受理しました。"))


@login_required
@require_POST
def request_reopen(request, contract_pk, pk):
    return _act(request, contract_pk, pk, form_class=ReopenForm, form_name="reopen_form", allowed=check_may_review,
                call=lambda r, d: oversight_request_reopen(actor=request.user, request=r, note=d["note"],
                                                           due_on=d["due_on"]),
                done=_("追加の回答を求めました。"))


@login_required
@require_POST
def request_withdraw(request, contract_pk, pk):
    return _act(request, contract_pk, pk, form_class=WithdrawForm, form_name="withdraw_form", allowed=check_may_review,
                call=lambda r, d: oversight_request_withdraw(actor=request.user, request=r, reason=d["reason"]),
                done=_("要求を取り下げました。"))


@login_required
@require_GET
def response_file(request, contract_pk, request_pk, pk):
    item = selectors.response_file_get(request.user, pk, request_pk=request_pk, contract_pk=contract_pk)
    return _attachment(item.file, item.name)
