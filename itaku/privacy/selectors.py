"""Reads on the contract's personal information, scoped by the actor through the contracts they may see.

Everyone who takes part in the contract sees its register and each dataset's access log; opening a
file is another matter (:mod:`itaku.privacy.access`)."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from itaku.contracts.selectors import contracts_visible_to
from itaku.journal.models import Event

from .models import AccessGrant, Dataset, DatasetFile

ACCESS_LOG_LIMIT = 100


def datasets_visible_to(actor) -> QuerySet[Dataset]:
    return Dataset.objects.filter(contract__in=contracts_visible_to(actor))


def dataset_list(actor, *, contract) -> QuerySet[Dataset]:
    return (datasets_visible_to(actor).filter(contract=contract)
            .annotate(file_count=Count("files", filter=Q(files__erased_at__isnull=True)))
            .select_related("registered_by", "directed_by", "closed_by", "confirmed_by").order_by("id"))


def dataset_get(actor, pk, *, contract) -> Dataset:
    dataset = (datasets_visible_to(actor).filter(contract=contract, pk=pk)
               .select_related("contract__client", "contract__contractor", "registered_by", "directed_by",
                               "closed_by", "confirmed_by").first())
    if dataset is None:
        raise Http404
    return dataset


def file_list(dataset) -> QuerySet[DatasetFile]:
    return DatasetFile.objects.filter(dataset=dataset).select_related("uploaded_by").order_by("id")


def file_get(actor, pk, *, dataset) -> DatasetFile:
    file = DatasetFile.objects.filter(dataset=dataset, pk=pk).select_related("dataset__contract").first()
    if file is None or not datasets_visible_to(actor).filter(pk=dataset.pk).exists():
        raise Http404
    return file


def access_log(dataset, *, limit: int = ACCESS_LOG_LIMIT) -> list[Event]:
    """The newest journal events about ``dataset``: every read, write, refusal and close-out step."""
    return list(Event.objects.filter(contract_id=dataset.contract_id, object_type="privacy.dataset",
                                     object_id=str(dataset.pk)).select_related("actor").order_by("-seq")[:limit])


def grant_list(actor, *, contract) -> QuerySet[AccessGrant]:
    return (AccessGrant.objects.filter(contract__in=contracts_visible_to(actor), contract=contract)
            .select_related("user", "granted_by", "revoked_by").order_by("-granted_at", "-id"))


def grant_get(actor, pk, *, contract) -> AccessGrant:
    grant = grant_list(actor, contract=contract).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant
