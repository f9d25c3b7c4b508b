"""Pages of the personnel app: the versions of a responsibility report (P-3, F-P), the briefing (P-4), the
pledge (K-7, P-2), the dispatch confirmation (P-6-2) and training (P-4-2). Thin: forms read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itaku.accounts.choices import Role
from itaku.accounts.models import Organisation, User
from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment
from itaku.documents.services import document_generate

from . import selectors, services
from .choices import PLEDGE_TEXT, Employment, VersionState
from .forms import AcknowledgeForm, DecisionForm, DispatchForm, EntryForm, PledgeForm, SubmitForm, TrainingForm
from .models import ReportEntry
from .texts import briefing_items

MANAGERS = {Role.REPRESENTATIVE, Role.PRIVACY_OFFICER}


def _section(contract, anchor="reports"):
    return redirect(section_url(contract.pk, "personnel", anchor))


def _require(request, contract, roles):
    if not services.roles_of(request.user, contract) & set(roles):
        raise PermissionDenied


def _field(form, exc):
    return exc.field if exc.field in form.fields else None


@login_required
@require_POST
def report_new(request, contract_pk):
    """Open a draft of a new version (the contractor's, or ``organisation``: an attached subcontractor's)."""
    contract = contract_get(request.user, contract_pk)
    _require(request, contract, {Role.REPRESENTATIVE})
    organisation = None
    if request.POST.get("organisation"):
        organisation = Organisation.objects.filter(pk=request.POST["organisation"]).first() if request.POST[
            "organisation"].isdigit() else None
        if organisation is None:
            raise Http404
    try:
        version = services.report_draft(actor=request.user, contract=contract, organisation=organisation)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return _section(contract)
    return redirect("personnel:version", contract_pk=contract.pk, pk=version.pk)


def _render_version(request, contract, version, *, entry_form=None, submit_form=None, decision_form=None,
                    status=200):
    roles = services.roles_of(request.user, contract)
    draft = version.state == VersionState.DRAFT
    can_edit = draft and Role.REPRESENTATIVE in roles
    can_decide = version.state == VersionState.SUBMITTED and Role.OFFICER in roles
    if can_edit:
        entry_form = entry_form or EntryForm(organisation=version.report.organisation)
        submit_form = submit_form or SubmitForm(initial={"section_name": version.section_name})
    if can_decide:
        decision_form = decision_form or DecisionForm()
    return render(request, "personnel/version.html", {
        "contract": contract, "version": version, "report": version.report, "entries": list(version.entries.all()),
        "can_edit": can_edit, "entry_form": entry_form, "submit_form": submit_form,
        "decision_form": decision_form if can_decide else None,
    }, status=status)


def _version(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    return contract, selectors.version_get(contract, pk)


@login_required
@require_GET
def version_detail(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    return _render_version(request, contract, version)


@login_required
@require_POST
def entry_add(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, {Role.REPRESENTATIVE})
    form = EntryForm(request.POST, organisation=version.report.organisation)
    if form.is_valid():
        data = form.values()
        try:
            services.entry_save(actor=request.user, version=version, user=data["user"], role=data["role"],
                                affiliation=data["affiliation"], name=data["name"], contact=data["contact"],
                                employment=data["employment"])
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("記載しました。"))
            return redirect("personnel:version", contract_pk=contract.pk, pk=version.pk)
    return _render_version(request, contract, version, entry_form=form)


@login_required
@require_POST
def entry_remove(request, contract_pk, pk, entry_pk):
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, {Role.REPRESENTATIVE})
    entry = ReportEntry.objects.filter(version=version, pk=entry_pk).select_related("user").first()
    if entry is None:
        raise Http404
    try:
        services.entry_remove(actor=request.user, entry=entry)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("記載を削除しました。"))
    return redirect("personnel:version", contract_pk=contract.pk, pk=version.pk)


@login_required
@require_POST
def version_submit(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, {Role.REPRESENTATIVE})
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.report_submit(actor=request.user, version=version, on=form.cleaned_data["submitted_on"],
                                   section_name=form.cleaned_data["section_name"])
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("責任体制報告書を提出しました。甲の受理を待ちます。"))
            return redirect("personnel:version", contract_pk=contract.pk, pk=version.pk)
    return _render_version(request, contract, version, submit_form=form)


@login_required
@require_POST
def version_decide(request, contract_pk, pk):
    contract, version = _version(request, contract_pk, pk)
    _require(request, contract, {Role.OFFICER})
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_decide(actor=request.user, version=version, accept=data["decision"] == "accept",
                                   comment=data["comment"], on=data["decided_on"])
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("受理しました。") if data["decision"] == "accept" else _("差し戻しました。"))
            return redirect("personnel:version", contract_pk=contract.pk, pk=version.pk)
    return _render_version(request, contract, version, decision_form=form)


def _subcontractor_people(request, contract):
    """The subcontractors' people the representative may record for (P-9-2), or ``None``."""
    if Role.REPRESENTATIVE not in services.roles_of(request.user, contract):
        return None
    ids = services.people.named_entries(contract).exclude(user__organisation_id=contract.contractor_id).values(
        "user_id")
    qs = User.objects.filter(pk__in=ids).order_by("username")
    return qs if qs.exists() else None


@login_required
@require_http_methods(["GET", "POST"])
def briefing(request, contract_pk):
    """P-4: the items (1)–(3), and the signed-in person's acknowledgement."""
    contract = contract_get(request.user, contract_pk)
    people = _subcontractor_people(request, contract)
    mine = selectors.briefing_list(contract).filter(user_id=request.user.pk).first()
    form = AcknowledgeForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.briefing_acknowledge(actor=request.user, contract=contract,
                                          person=form.cleaned_data.get("person"))
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("周知の確認を記録しました。"))
            return _section(contract, "briefing")
    return render(request, "personnel/briefing.html", {
        "contract": contract, "items": briefing_items(contract), "mine": mine, "form": form,
        "named": selectors.named_anywhere(contract, request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request, contract_pk):
    """K-7, P-2: the confidentiality pledge of the signed-in person."""
    contract = contract_get(request.user, contract_pk)
    mine = selectors.pledge_list(contract).filter(user_id=request.user.pk).first()
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_sign(actor=request.user, contract=contract)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("秘密保持の誓約を記録しました。"))
            return _section(contract, "pledges")
    return render(request, "personnel/pledge.html", {"contract": contract, "text": PLEDGE_TEXT, "mine": mine,
                                                     "form": form})


def _named_users(contract, **filters):
    ids = services.people.named_entries(contract).filter(**filters).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("username")


@login_required
@require_http_methods(["GET", "POST"])
def dispatch(request, contract_pk):
    """P-6-2: record that a dispatched worker's dispatch contract states the secrecy duty."""
    contract = contract_get(request.user, contract_pk)
    _require(request, contract, MANAGERS)
    initial = {"person": request.GET["person"]} if request.GET.get("person", "").isdigit() else {}
    form = DispatchForm(request.POST or None, initial=initial,
                        people=_named_users(contract, employment=Employment.DISPATCHED))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dispatch_confirm(actor=request.user, contract=contract, person=data["person"],
                                      agency=data["agency"], reference=data["reference"], on=data["confirmed_on"])
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("派遣契約の確認を記録しました。"))
            return _section(contract, "people")
    return render(request, "personnel/dispatch.html", {
        "contract": contract, "form": form, "confirmations": list(selectors.dispatch_list(contract))})


@login_required
@require_http_methods(["GET", "POST"])
def training_new(request, contract_pk):
    """P-4-2: record a session of education or training with its attendees."""
    contract = contract_get(request.user, contract_pk)
    _require(request, contract, MANAGERS)
    form = TrainingForm(request.POST or None, people=_named_users(contract))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.training_record(actor=request.user, contract=contract, held_on=data["held_on"],
                                     content=data["content"], attendees=data["attendees"])
        except ClauseViolation as exc:
            form.add_error(_field(form, exc), str(exc))
        else:
            messages.success(request, _("教育・研修を記録しました。"))
            return _section(contract, "training")
    return render(request, "personnel/training_form.html", {"contract": contract, "form": form})


@login_required
@require_POST
def version_document(request, contract_pk, pk, fmt):
    """Form F-P of the version as PDF or XLSX; a POST, since each generation is stored and journaled."""
    contract, version = _version(request, contract_pk, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    try:
        document = document_generate(actor=request.user, contract=contract, kind="F-P", fmt=fmt, source=version)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return redirect("personnel:version", contract_pk=contract.pk, pk=version.pk)
    return document_attachment(document)
