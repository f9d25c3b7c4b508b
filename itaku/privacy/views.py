"""The pages of the contract's personal information: the register (the hub's section 個人情報), a
dataset's page (its files, upload, download and access log, the close-out), the client side's grants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itaku.accounts.choices import Role
from itaku.accounts.models import User
from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.documents.http import document_attachment

from . import selectors, services
from .access import GRANT_ADMIN_ROLE, file_refusal
from .choices import DatasetState, Medium
from .forms import CloseOutForm, ConfirmForm, DatasetForm, DirectForm, GrantForm, UploadForm
from .services._common import roles_of
from .upload import seal_uploads


def refusal_status(exc: ClauseViolation) -> int:
    """403 for a person refused access; 409 for a file the vault cannot open (altered, key missing,
    erased); 400 for input."""
    if exc.code.startswith("vault_") or exc.code == "file_erased":
        return 409
    if exc.field:
        return 400
    return 403


def _refused(request, contract, dataset, exc: ClauseViolation):
    return render(request, "privacy/refused.html", {
        "contract": contract, "dataset": dataset, "refusal": exc, "heading": _("個人情報を取り扱えません"),
        "message": exc.detail}, status=refusal_status(exc))


def _dataset(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    return contract, selectors.dataset_get(request.user, pk, contract=contract)


def _to_dataset(dataset, anchor=""):
    return redirect(dataset.get_absolute_url() + (f"#{anchor}" if anchor else ""))


@login_required
@require_http_methods(["GET", "POST"])
def dataset_create(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if Role.PRIVACY_OFFICER not in roles_of(request.user, contract):
        raise PermissionDenied
    form = DatasetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.FIELDS}
        try:
            dataset = services.dataset_register(actor=request.user, contract=contract, **values)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("個人情報を登録しました。"))
            return _to_dataset(dataset)
    return render(request, "privacy/dataset_form.html", {"contract": contract, "form": form})


def _render_dataset(request, contract, dataset, *, upload_form=None, direct_form=None, close_form=None,
                    confirm_form=None, status=200):
    roles = roles_of(request.user, contract)
    held = dataset.state == DatasetState.HELD
    refusal = file_refusal(request.user, contract)
    can = {
        "upload": held and not dataset.directed_method and dataset.medium == Medium.ELECTRONIC and refusal is None,
        "direct": held and Role.OFFICER in roles,
        "close_out": held and bool(dataset.directed_method) and Role.PRIVACY_OFFICER in roles,
        "confirm": not held and dataset.confirmed_on is None and Role.OFFICER in roles,
    }
    return render(request, "privacy/dataset_detail.html", {
        "contract": contract, "dataset": dataset, "files": list(selectors.file_list(dataset)),
        "log": selectors.access_log(dataset), "refusal": refusal, "can": can,
        "upload_form": upload_form or (UploadForm() if can["upload"] else None),
        "direct_form": direct_form or (DirectForm() if can["direct"] else None),
        "close_form": close_form or (CloseOutForm() if can["close_out"] else None),
        "confirm_form": confirm_form or (ConfirmForm() if can["confirm"] else None),
    }, status=status)


@login_required
@require_GET
def dataset_detail(request, contract_pk, pk):
    contract, dataset = _dataset(request, contract_pk, pk)
    return _render_dataset(request, contract, dataset)


@csrf_exempt
@login_required
@require_POST
def file_upload(request, contract_pk, pk):
    """The file arrives sealed (never in clear on disk, :mod:`itaku.privacy.upload`): the handlers are
    replaced before the body is read, then the CSRF token is checked."""
    seal_uploads(request)
    return _file_upload(request, contract_pk, pk)


@csrf_protect
def _file_upload(request, contract_pk, pk):
    contract, dataset = _dataset(request, contract_pk, pk)
    form = UploadForm(request.POST, request.FILES)
    valid = form.is_valid()
    if not valid and file_refusal(request.user, contract) is None:
        return _render_dataset(request, contract, dataset, upload_form=form, status=400)
    try:  # a person who may not add files is refused (and journaled) whatever was sent
        services.dataset_file_add(actor=request.user, dataset=dataset,
                                  upload=form.cleaned_data["file"] if valid else None)
    except ClauseViolation as exc:
        if exc.field:
            form.add_error("file", str(exc))
            return _render_dataset(request, contract, dataset, upload_form=form, status=400)
        return _refused(request, contract, dataset, exc)
    messages.success(request, _("ファイルを暗号化して登録しました。"))
    return _to_dataset(dataset, "files")


@login_required
@require_GET
def file_download(request, contract_pk, pk, file_pk):
    contract, dataset = _dataset(request, contract_pk, pk)
    file = selectors.file_get(request.user, file_pk, dataset=dataset)
    try:
        stream = services.dataset_file_read(actor=request.user, file=file)
    except ClauseViolation as exc:
        return _refused(request, contract, dataset, exc)
    response = StreamingHttpResponse(stream, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(file.name)}"
    response["Content-Length"] = str(file.size)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _posted(request, contract_pk, pk, form_class, run, *, role, form_key, done):
    contract, dataset = _dataset(request, contract_pk, pk)
    if role not in roles_of(request.user, contract):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(dataset, form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return _to_dataset(dataset, "close-out")
    return _render_dataset(request, contract, dataset, status=400, **{form_key: form})


@login_required
@require_POST
def dataset_direct_view(request, contract_pk, pk):
    return _posted(request, contract_pk, pk, DirectForm, lambda ds, data: services.dataset_direct(
        actor=request.user, dataset=ds, method=data["method"], on=data["directed_on"]),
        role=Role.OFFICER, form_key="direct_form", done=_("返還・廃棄・消去を指示しました。"))


@login_required
@require_POST
def dataset_close_out_view(request, contract_pk, pk):
    return _posted(request, contract_pk, pk, CloseOutForm, lambda ds, data: services.dataset_close_out(
        actor=request.user, dataset=ds, how=data["how"], on=data["closed_on"]),
        role=Role.PRIVACY_OFFICER, form_key="close_form", done=_("返還・廃棄・消去を記録しました。"))


@login_required
@require_POST
def dataset_confirm_view(request, contract_pk, pk):
    return _posted(request, contract_pk, pk, ConfirmForm, lambda ds, data: services.dataset_confirm(
        actor=request.user, dataset=ds, on=data["confirmed_on"]),
        role=Role.OFFICER, form_key="confirm_form", done=_("返還・廃棄・消去を確認しました。"))


def _client_members(contract):
    return User.objects.filter(memberships__contract=contract, organisation_id=contract.client_id).distinct() \
        .order_by("username")


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request, contract_pk):
    contract = contract_get(request.user, contract_pk)
    if GRANT_ADMIN_ROLE not in roles_of(request.user, contract):
        raise PermissionDenied
    form = GrantForm(request.POST or None, users=_client_members(contract))
    if request.method == "POST" and form.is_valid():
        try:
            services.access_grant(actor=request.user, contract=contract, user=form.cleaned_data["user"],
                                  reason=form.cleaned_data["reason"])
        except ClauseViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("閲覧を許可しました。"))
            return redirect(section_url(contract.pk, "privacy", "grants"))
    return render(request, "privacy/grant_form.html", {"contract": contract, "form": form})


@login_required
@require_POST
def grant_revoke(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    grant = selectors.grant_get(request.user, pk, contract=contract)
    try:
        services.access_revoke(actor=request.user, grant=grant)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("閲覧許可を取り消しました。"))
    return redirect(section_url(contract.pk, "privacy", "grants"))


@login_required
@require_POST
def certificate(request, contract_pk):
    """Generate the disposal certificate (stored and journaled) and hand it out."""
    contract = contract_get(request.user, contract_pk)
    try:
        document = services.disposal_certificate_generate(actor=request.user, contract=contract)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return redirect(section_url(contract.pk, "privacy", "close-out"))
    return document_attachment(document)
