"""Pages of what annex 1's approvals open: taking a dataset's file out (P-5) and copying it (P-6-5), and
recording the return and the disposal. The acts go through :mod:`.records`; a refusal names its clause."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itaku.contracts.panels import section_url
from itaku.contracts.selectors import contract_get
from itaku.core.exceptions import ClauseViolation, PermissionRefused

from . import records
from .forms import DisposeForm, ReturnForm
from .models import DatasetCopy, TakeOut


def _back(contract):
    return redirect(section_url(contract.pk, "annex1_records", "annex1-records"))


def _file(contract, file_pk):
    from itaku.privacy.models import DatasetFile

    file = (DatasetFile.objects.select_related("dataset__contract").filter(pk=file_pk, dataset__contract=contract)
            .first())
    if file is None:
        raise Http404
    return file


def file_response(file, stream, prefix: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, f"{prefix}-{file.name}")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def takeout_file(request, contract_pk, file_pk):
    """Download a dataset's file to take it out (P-5): only under the actor's approved, open take-out."""
    contract = contract_get(request.user, contract_pk)
    file = _file(contract, file_pk)
    try:
        stream = records.takeout_file_read(actor=request.user, file=file)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return _back(contract)
    return file_response(file, stream, "takeout")


@login_required
@require_POST
def copy_file(request, contract_pk, file_pk):
    """Make one copy of a dataset's file (P-6-5): only under the actor's approved copying, counted."""
    contract = contract_get(request.user, contract_pk)
    file = _file(contract, file_pk)
    try:
        copy, stream = records.copy_file_read(actor=request.user, file=file)
    except ClauseViolation as exc:
        messages.error(request, str(exc))
        return _back(contract)
    return file_response(file, stream, f"copy{copy.number}")


@login_required
@require_POST
def takeout_return_view(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    takeout = TakeOut.objects.filter(contract=contract, pk=pk).first()
    if takeout is None:
        raise Http404
    if not records.may_close(request.user, contract, takeout.holder_id):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(contract)
    try:
        records.takeout_return(actor=request.user, takeout=takeout, on=form.cleaned_data["returned_on"],
                               note=form.cleaned_data["note"])
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("返却を記録しました。"))
    return _back(contract)


@login_required
@require_POST
def copy_dispose_view(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    copy = DatasetCopy.objects.filter(allowance__contract=contract, pk=pk).first()
    if copy is None:
        raise Http404
    if not records.may_close(request.user, contract, copy.made_by_id):
        raise PermissionDenied
    form = DisposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(contract)
    try:
        records.dataset_copy_dispose(actor=request.user, copy=copy, method=form.cleaned_data["method"],
                                     on=form.cleaned_data["disposed_on"])
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ClauseViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("複製物の廃棄を記録しました。"))
    return _back(contract)
