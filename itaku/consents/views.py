from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itaku.contracts.selectors import contract_get, contracts_visible_to
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment

from . import kinds, selectors
from .forms import ConsentRequestForm, DecisionForm, EffectForm
from .services import (
    consent_carry_out,
    consent_decide,
    consent_letter_generate,
    consent_submit,
    consent_withdraw,
    roles_of,
    statement_text,
)


def _consent(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    return contract, selectors.consent_get(request.user, pk, contract=contract)


def _detail(consent):
    return redirect("consents:detail", contract_pk=consent.contract_id, pk=consent.pk)


@login_required
def consent_create(request, contract_pk, kind):
    contract = contract_get(request.user, contract_pk)
    kind_def = kinds.get(kind)
    if kind_def is None:
        raise Http404
    if not kind_def.may_submit(roles_of(request.user, contract)):
        raise PermissionDenied
    form = ConsentRequestForm(request.POST or None, kind=kind_def, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            consent = consent_submit(actor=request.user, contract=contract, kind=kind_def.code,
                                     statement=form.statement(), on=form.cleaned_data["submitted_on"],
                                     new_organisation=form.new_organisation())
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(form.field_for(exc.field), str(exc))
        else:
            messages.success(request, _("承諾を申請しました。"))
            return _detail(consent)
    return render(request, "consents/consent_form.html", {"form": form, "contract": contract, "kind": kind_def})


def _render_detail(request, contract, consent, decision_form=None, effect_form=None, status=200):
    roles = roles_of(request.user, contract)
    permissions = selectors.consent_permissions(request.user, consent, roles=roles)
    if decision_form is None and permissions["decide"]:
        decision_form = DecisionForm()
    if effect_form is None and permissions["effect"]:
        effect_form = EffectForm()
    return render(request, "consents/consent_detail.html", {
        "contract": contract, "consent": consent, "kind": consent.kind_def, "statement": statement_text(consent),
        "can": permissions, "decision_form": decision_form, "effect_form": effect_form,
    }, status=status)


@login_required
@require_GET
def consent_detail(request, contract_pk, pk):
    contract, consent = _consent(request, contract_pk, pk)
    return _render_detail(request, contract, consent)


@login_required
@require_POST
def consent_decide_view(request, contract_pk, pk):
    contract, consent = _consent(request, contract_pk, pk)
    kind = consent.kind_def
    if kind is None or kind.decider not in roles_of(request.user, contract):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consent_decide(actor=request.user, consent=consent, approve=data["decision"] == "approve",
                           conditions=data["conditions"], reasons=data["reasons"], on=data["decided_on"])
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("承諾の可否を決定しました。"))
            return _detail(consent)
    return _render_detail(request, contract, consent, decision_form=form)


@login_required
@require_POST
def consent_withdraw_view(request, contract_pk, pk):
    contract, consent = _consent(request, contract_pk, pk)
    if request.user.pk != consent.submitted_by_id:
        raise PermissionDenied
    try:
        consent_withdraw(actor=request.user, consent=consent)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("申請を取り下げました。"))
    return _detail(consent)


def _pdf_response(document):
    return document_attachment(document)


@login_required
@require_http_methods(["GET", "POST"])
def consent_letter(request, contract_pk, pk):
    """GET: the latest consent letter (承諾書). POST: generate it again (stored and journaled)."""
    contract, consent = _consent(request, contract_pk, pk)
    if request.method == "GET":
        if consent.letter is None:
            raise Http404
        return FileResponse(consent.letter.file.open("rb"), as_attachment=True, filename=consent.letter.filename,
                            content_type=consent.letter.mimetype)
    try:
        document = consent_letter_generate(actor=request.user, consent=consent)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return _detail(consent)
    return _pdf_response(document)


@login_required
@require_POST
def consent_effect(request, contract_pk, pk):
    """Carry out what the approval unlocks: attach the subcontractor (K-6) or assign the contract (K-5)."""
    contract, consent = _consent(request, contract_pk, pk)
    kind = consent.kind_def
    if kind is None or kind.effect is None or kind.effect.actor_role not in roles_of(request.user, contract):
        raise PermissionDenied
    form = EffectForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, contract, consent, effect_form=form)
    try:
        consent_carry_out(actor=request.user, consent=consent, on=form.cleaned_data["effected_on"])
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        if exc.code in ("date_in_future", "date_too_early"):
            form.add_error(form.field_for(exc.field), str(exc))
            return _render_detail(request, contract, consent, effect_form=form)
        messages.error(request, str(exc))
        return _detail(consent)
    messages.success(request, _("承諾に基づく手続をしました（%(action)s）。") % {"action": kind.effect.label})
    if not contracts_visible_to(request.user).filter(pk=contract.pk).exists():
        return redirect("contracts:list")  # the former contractor no longer takes part (K-5)
    return _detail(consent)
