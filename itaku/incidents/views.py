"""The pages of incidents: the contract's section 事故・違反 (panels), an incident's page with its timeline and
every act on it, the forms that open an incident and record a breach."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itaku.accounts.choices import CONTRACTOR_ROLES
from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from . import forms, selectors, services
from .choices import IncidentState, ReportState, Scope


def _submitted(incident):
    reports = list(incident.reports.all())
    return reports[-1] if reports and reports[-1].state == ReportState.SUBMITTED else None


def _may(user, incident) -> dict:
    """What the user may do on the incident's page (the services check again)."""
    roles = services.roles_of(user, incident.contract)
    is_open = incident.state == IncidentState.OPEN
    reporter = is_open and bool(roles & services.RESPONSIBLE_ROLES)
    officer = "officer" in roles
    reports = list(incident.reports.all())
    awaiting = not reports or reports[-1].state == ReportState.RETURNED
    privacy = incident.scope != Scope.SECURITY
    return {
        "first_report": reporter and not incident.reported_at,
        "measure": is_open and bool(roles & CONTRACTOR_ROLES),
        "report": reporter and awaiting,
        "review": is_open and officer and _submitted(incident) is not None,
        "due": is_open and officer and awaiting,
        "instruct": is_open and officer,
        "publication": officer,
        "ppc": is_open and officer and privacy and incident.ppc_assessed_at is None,
        "ppc_report": officer and bool(incident.ppc_reportable) and not incident.ppc_final_on,
        "close": is_open and officer,
    }


def _render(request, contract, incident, *, forms_given=None, status=200):
    can = _may(request.user, incident)
    given = forms_given or {}
    built = {}
    for key, (form_class, _run, _done, _anchor) in ACTS.items():
        if not can[key]:
            continue
        if key in given:
            built[key] = given[key]
        elif form_class in (forms.ReportForm,):
            built[key] = form_class(contract=contract, initial=_report_initial(incident))
        else:
            built[key] = form_class()
    steps = selectors.timeline(incident)
    return render(request, "incidents/detail.html", {
        "contract": contract, "incident": incident, "steps": steps, "late": selectors.late_steps(steps),
        "reports": list(incident.reports.all()), "measures": list(incident.measures.all()),
        "instructions": list(incident.instructions.all()), "can": can, "forms": built,
        "submitted": _submitted(incident), "close_refusal": services.close_refusal(incident) if can["close"] else None,
    }, status=status)


def _report_initial(incident) -> dict:
    """A resubmission starts from the last version."""
    reports = list(incident.reports.all())
    if not reports:
        return {}
    last = reports[-1]
    return {**{f: getattr(last, f) for f in services.REPORT_FIELDS}, "datasets": list(last.datasets.all()),
            "assets": list(last.assets.all())}


@login_required
@require_GET
def incident_detail(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    return _render(request, contract, selectors.incident_get(request.user, pk, contract=contract))


def _first_report(user, incident, data):
    services.incident_first_report(actor=user, incident=incident, body=data["first_report"],
                                   reported_at=data["reported_at"])


def _measure(user, incident, data):
    services.measure_record(actor=user, incident=incident, taken_at=data["taken_at"], description=data["description"])


def _report(user, incident, data):
    services.report_submit(actor=user, incident=incident, **{f: data[f] for f in services.REPORT_FIELDS},
                           datasets=data["datasets"] or [], assets=data.get("assets") or [])


def _review(user, incident, data):
    report = _submitted(incident)
    if report is None:
        raise ClauseViolation(_("確認を待っている詳細報告はありません。"), code="nothing_to_review",
                              clause=incident.clause_id)
    services.report_review(actor=user, report=report, accept=data["decision"] == "accept", note=data["note"],
                           resubmit_due_on=data["resubmit_due_on"])


def _due(user, incident, data):
    services.detail_due_set(actor=user, incident=incident, due_on=data["due_on"], reason=data["reason"])


def _instruct(user, incident, data):
    services.incident_instruct(actor=user, incident=incident, subject=data["subject"], body=data["body"],
                               due_on=data["due_on"], addressed_role=data["addressed_role"])


def _publication(user, incident, data):
    services.publication_decide(actor=user, incident=incident, publish=data["publish"], text=data["text"],
                                published_on=data["published_on"])


def _ppc(user, incident, data):
    services.ppc_assess(actor=user, incident=incident, sensitive=data["sensitive"],
                        financial_harm=data["financial_harm"], wrongful_purpose=data["wrongful_purpose"],
                        over_threshold=data["over_threshold"], learned_at=data["learned_at"],
                        preliminary_days=data["preliminary_days"])


def _ppc_report(user, incident, data):
    services.ppc_report_record(actor=user, incident=incident, final=data["which"] == "final",
                               reported_on=data["reported_on"])


def _close(user, incident, data):
    services.incident_close(actor=user, incident=incident, note=data["note"])


# key: (form, service call, message, anchor)
ACTS = {
    "first_report": (forms.FirstReportForm, _first_report, gettext_lazy("第一報を記録しました。"), "first-report"),
    "measure": (forms.MeasureForm, _measure, gettext_lazy("応急措置を記録しました。"), "measures"),
    "report": (forms.ReportForm, _report, gettext_lazy("詳細報告を提出しました。"), "report"),
    "review": (forms.ReviewForm, _review, gettext_lazy("詳細報告の確認を記録しました。"), "review"),
    "due": (forms.DueForm, _due, gettext_lazy("詳細報告の期限を指定しました。"), "report"),
    "instruct": (forms.InstructionForm, _instruct, gettext_lazy("指示を発出しました。"), "instructions"),
    "publication": (forms.PublicationForm, _publication, gettext_lazy("公表の判断を記録しました。"), "publication"),
    "ppc": (forms.PpcForm, _ppc, gettext_lazy("個人情報保護委員会への報告の要否を記録しました。"), "ppc"),
    "ppc_report": (forms.PpcReportForm, _ppc_report, gettext_lazy("個人情報保護委員会への報告を記録しました。"), "ppc"),
    "close": (forms.CloseForm, _close, gettext_lazy("事故を終結しました。"), "timeline"),
}


@login_required
@require_POST
def incident_act(request, contract_pk, pk, act):
    if act not in ACTS:
        raise Http404
    contract = contract_get(request.user, contract_pk)
    incident = selectors.incident_get(request.user, pk, contract=contract)
    if not _may(request.user, incident)[act] and not _refused_by_state(request.user, incident, act):
        raise PermissionDenied
    form_class, run, done, anchor = ACTS[act]
    form = form_class(request.POST, contract=contract) if form_class is forms.ReportForm else form_class(request.POST)
    if form.is_valid():
        try:
            run(request.user, incident, form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, str(done))
            return redirect(incident.get_absolute_url() + f"#{anchor}")
    incident = selectors.incident_get(request.user, pk, contract=contract)
    response = _render(request, contract, incident, forms_given={act: form}, status=400)
    return response


def _refused_by_state(user, incident, act) -> bool:
    """The person holds the role for the act but the incident's state refuses it: the service says why
    (400 with the clause) rather than a bare 403."""
    roles = services.roles_of(user, incident.contract)
    if act in ("first_report", "report"):
        return bool(roles & services.RESPONSIBLE_ROLES)
    if act == "measure":
        return bool(roles & CONTRACTOR_ROLES)
    return "officer" in roles


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if not services.roles_of(request.user, contract) & CONTRACTOR_ROLES:
        raise PermissionDenied
    form = forms.OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_open(actor=request.user, contract=contract, **form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("事故を起票し、甲乙の責任者に通知しました。"))
            return redirect(incident.get_absolute_url())
    return render(request, "incidents/form.html", {
        "contract": contract, "form": form, "heading": _("事故を報告する"), "clauses": ["P-12", "S-13"],
        "submit": _("起票して通知する")}, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def breach_create(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if "officer" not in services.roles_of(request.user, contract):
        raise PermissionDenied
    form = forms.BreachForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            services.breach_record(actor=request.user, contract=contract, **form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("違反を記録しました。"))
            return redirect(section_url(contract.pk, "incidents", "breaches"))
    return render(request, "incidents/form.html", {
        "contract": contract, "form": form, "heading": _("特記事項の違反を記録する"), "clauses": ["P-13", "S-14"],
        "submit": _("記録する")}, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def incident_document(request, contract_pk, pk, fmt):
    """Generate the incident report (stored and journaled by the documents app) and hand it out."""
    from itaku.documents.http import document_attachment
    from itaku.documents.services import document_generate

    if fmt not in ("pdf", "docx"):
        raise Http404
    contract = contract_get(request.user, contract_pk)
    incident = selectors.incident_get(request.user, pk, contract=contract)
    document = document_generate(actor=request.user, contract=contract, kind="incident_report", fmt=fmt,
                                 source=incident)
    return document_attachment(document)
