"""A stored generated document, downloaded again as it was made (its SHA-256 is on the list)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from itaku.contracts.selectors import contract_get

from . import selectors
from .http import document_attachment


@login_required
@require_GET
def document_download(request, contract_pk, pk):
    contract = contract_get(request.user, contract_pk)
    return document_attachment(selectors.contract_document_get(request.user, contract, pk))
