"""Reads of generated documents, scoped by the actor: whoever sees a contract sees its documents."""

from django.db.models import QuerySet
from django.http import Http404

from itaku.contracts.selectors import contracts_visible_to

from .models import GeneratedDocument


def contract_documents(actor, contract) -> QuerySet[GeneratedDocument]:
    """The documents generated for ``contract``, newest first, if ``actor`` sees the contract."""
    return (GeneratedDocument.objects.filter(contract=contract, contract__in=contracts_visible_to(actor))
            .select_related("created_by__organisation").order_by("-created_at", "-id"))


def contract_document_get(actor, contract, pk) -> GeneratedDocument:
    document = contract_documents(actor, contract).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document
