"""Pages of termination and its effects: each form has a page of its own (the contract page's panel
"解除・損害" posts to it), and the files can be downloaded by those who see the contract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from .. import panels
from .. import selectors as contract_selectors
from ..states import OPEN_STATES
from . import selectors, services
from .forms import DamageForm, DecisionForm, ForceMajeureForm, InvestigationForm, SettlementForm, TerminationForm


def _page(request, contract, *, roles, form, title, clause, submit, run, done, multipart=False, extra=None,
          quote=None):
    """Show ``form`` to a holder of one of ``roles``; on a valid POST call ``run(data)`` (a service), then go
    back to the contract page with ``done``; a refusal is shown on the form with its clause."""
    if not selectors.roles_on(request.user, contract) & set(roles):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return redirect(panels.section_url(contract.pk, "termination"))
    clauses = selectors.termination_clauses(contract)
    context = {"contract": contract, "form": form, "back": panels.section_url(contract.pk, "termination"),
               "title": title, "clause": clause, "submit": submit,
               "multipart": multipart, "quote": clauses.get(quote or clause)}
    context.update(extra or {})
    return render(request, "contracts/termination/form.html", context)


@login_required
def termination_create(request, contract_pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    rows = selectors.ground_rows(contract)
    form = TerminationForm(request.POST or None, request.FILES or None, ground_rows=rows)
    closed = contract.state not in OPEN_STATES

    def run(data):
        services.contract_terminate(
            actor=request.user, contract=contract, grounds=data["grounds"], facts=data["facts"],
            terminated_on=data["terminated_on"], penalty_due_on=data.get("penalty_due_on"),
            evidence=data.get("evidence") or [])

    return _page(request, contract, roles={Role.OFFICER}, form=form, title=gettext_lazy("契約の解除（第14条）"),
                 clause="K-14", submit=gettext_lazy("解除する"), run=run, done=_("契約を解除しました。"),
                 multipart=True, extra={"penalty": services.termination_penalty(contract), "closed": closed,
                                        "penalty_clause": selectors.termination_clauses(contract).get("K-14-2")},
                 quote="K-14-1")


@login_required
def termination_settle(request, contract_pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    termination = selectors.termination_of(request.user, contract)
    if termination is None:
        raise Http404
    form = SettlementForm(request.POST or None)

    def run(data):
        services.termination_penalty_settle(actor=request.user, termination=termination,
                                            settlement=data["settlement"], settled_on=data["settled_on"],
                                            note=data.get("note") or "")

    return _page(request, contract, roles={Role.OFFICER, Role.ACCOUNTANT}, form=form,
                 title=gettext_lazy("違約金の精算（第14条第2項）"), clause="K-14-2", submit=gettext_lazy("記録する"),
                 run=run, done=_("違約金の精算を記録しました。"), extra={"termination": termination})


@login_required
def force_majeure_create(request, contract_pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    form = ForceMajeureForm(request.POST or None, request.FILES or None)

    def run(data):
        services.force_majeure_request_submit(actor=request.user, contract=contract, event_on=data["event_on"],
                                              description=data["description"],
                                              documents=data.get("documents") or [])

    return _page(request, contract, roles={Role.REPRESENTATIVE}, form=form,
                 title=gettext_lazy("不可抗力による契約の解除請求（第16条）"), clause="K-16-1",
                 submit=gettext_lazy("請求する"), run=run, done=_("解除請求を提出しました。"), multipart=True,
                 extra={"closed": contract.state not in OPEN_STATES})


@login_required
def force_majeure_investigate(request, contract_pk, pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    fm = selectors.force_majeure_get(request.user, pk, contract=contract)
    form = InvestigationForm(request.POST or None)

    def run(data):
        services.force_majeure_investigate(actor=request.user, request=fm, findings=data["findings"],
                                           decision_due_on=data["decision_due_on"])

    return _page(request, contract, roles={Role.OFFICER}, form=form,
                 title=gettext_lazy("解除請求の調査（第16条第2項）"), clause="K-16-2",
                 submit=gettext_lazy("調査を開始する"), run=run, done=_("調査の開始を記録しました。"),
                 extra={"request_record": fm})


@login_required
def force_majeure_decide(request, contract_pk, pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    fm = selectors.force_majeure_get(request.user, pk, contract=contract)
    form = DecisionForm(request.POST or None)

    def run(data):
        services.force_majeure_decide(actor=request.user, request=fm, approve=data["approve"],
                                      reasons=data.get("reasons") or "")

    return _page(request, contract, roles={Role.OFFICER}, form=form,
                 title=gettext_lazy("解除請求の決定（第16条第2項）"), clause="K-16-2",
                 submit=gettext_lazy("決定する"), run=run, done=_("解除請求について決定しました。"),
                 extra={"request_record": fm})


@login_required
def damage_create(request, contract_pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    form = DamageForm(request.POST or None)

    def run(data):
        services.damage_event_record(actor=request.user, contract=contract, occurred_on=data["occurred_on"],
                                     description=data["description"], cost=data["cost"],
                                     borne_by=data["borne_by"], reason=data.get("reason") or "")

    return _page(request, contract, roles={Role.OFFICER, Role.REPRESENTATIVE}, form=form,
                 title=gettext_lazy("損害の記録（第15条）"), clause="K-15", submit=gettext_lazy("記録する"), run=run,
                 done=_("損害を記録しました。"))


def _download(fieldfile, name):
    return FileResponse(fieldfile.open("rb"), as_attachment=True, filename=name)


@login_required
@require_GET
def termination_evidence(request, contract_pk, pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    evidence = selectors.evidence_get(request.user, contract, pk)
    return _download(evidence.file, evidence.filename)


@login_required
@require_GET
def force_majeure_document(request, contract_pk, pk):
    contract = contract_selectors.contract_get(request.user, contract_pk)
    document = selectors.force_majeure_document_get(request.user, contract, pk)
    return _download(document.file, document.filename)
