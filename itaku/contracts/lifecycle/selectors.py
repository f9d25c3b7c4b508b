"""Reads of completion, inspection, invoices, payments, penalties and performed parts, scoped by the
actor through :func:`itaku.contracts.selectors.contracts_visible_to`."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from itaku.accounts.models import Membership

from ..models.lifecycle import (
    CompletionReport,
    Deliverable,
    Inspection,
    InspectionResult,
    Invoice,
    InvoiceState,
    LatePenalty,
    Payment,
    PerformedPart,
    Settlement,
)
from ..selectors import contracts_visible_to


def _scoped(model, actor, contract=None) -> QuerySet:
    qs = model.objects.filter(contract__in=contracts_visible_to(actor))
    return qs.filter(contract=contract) if contract is not None else qs


def completion_reports_visible_to(actor, contract=None) -> QuerySet[CompletionReport]:
    return (_scoped(CompletionReport, actor, contract)
            .select_related("reported_by", "inspection__inspector", "rework_of")
            .prefetch_related(Prefetch("deliverables", queryset=Deliverable.objects.order_by("id")))
            .order_by("reported_on", "id"))


def inspections_visible_to(actor, contract=None) -> QuerySet[Inspection]:
    return (_scoped(Inspection, actor, contract).select_related("report", "inspector")
            .order_by("inspected_on", "id"))


def invoices_visible_to(actor, contract=None) -> QuerySet[Invoice]:
    return (_scoped(Invoice, actor, contract).select_related("recorded_by")
            .prefetch_related(Prefetch("payments", queryset=Payment.objects.select_related("recorded_by")
                                       .order_by("paid_on", "id")))
            .order_by("received_on", "id"))


def payments_visible_to(actor, contract=None) -> QuerySet[Payment]:
    return (_scoped(Payment, actor, contract).select_related("invoice", "recorded_by")
            .order_by("paid_on", "id"))


def penalties_visible_to(actor, contract=None) -> QuerySet[LatePenalty]:
    return (_scoped(LatePenalty, actor, contract).select_related("decided_by", "settled_by")
            .order_by("decided_on", "id"))


def performed_parts_visible_to(actor, contract=None) -> QuerySet[PerformedPart]:
    return (_scoped(PerformedPart, actor, contract).select_related("recorded_by")
            .prefetch_related(Prefetch("inspections", queryset=Inspection.objects.select_related("report")
                                       .order_by("inspected_on", "id")))
            .order_by("recorded_on", "id"))


def get_or_404(qs: QuerySet, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def deliverable_get(actor, *, contract_pk, pk) -> Deliverable:
    """A deliverable of a report of a contract the actor sees, or 404."""
    item = (Deliverable.objects.filter(report__contract__in=contracts_visible_to(actor),
                                       report__contract_id=contract_pk, pk=pk)
            .select_related("report").first())
    if item is None:
        raise Http404
    return item


# What the forms offer: records of one contract, already scoped by the contract the actor sees.

def reports_awaiting_inspection(contract) -> QuerySet[CompletionReport]:
    return CompletionReport.objects.filter(contract=contract, inspection__isnull=True).order_by("reported_on", "id")


def inspections_awaiting_rework(contract) -> QuerySet[Inspection]:
    return (Inspection.objects.filter(contract=contract, result=InspectionResult.FAILED, rework_reports__isnull=True)
            .select_related("report").order_by("inspected_on", "id"))


def invoices_open(contract) -> QuerySet[Invoice]:
    return Invoice.objects.filter(contract=contract, state=InvoiceState.RECEIVED).order_by("received_on", "id")


def penalties_unsettled(contract) -> QuerySet[LatePenalty]:
    return LatePenalty.objects.filter(contract=contract, settlement=Settlement.UNSETTLED).order_by("id")


def passed_inspections(contract) -> QuerySet[Inspection]:
    return (Inspection.objects.filter(contract=contract, result=InspectionResult.PASSED)
            .select_related("report").order_by("inspected_on", "id"))


def actor_roles(actor, contract) -> set[str]:
    """The roles ``actor`` holds on ``contract`` (read from the prefetched memberships when there)."""
    cache = getattr(contract, "_prefetched_objects_cache", {})
    if "memberships" in cache:
        return {m.role for m in cache["memberships"] if m.user_id == actor.pk}
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def lifecycle_history(actor, contract) -> dict:
    """Everything the panel shows, in a fixed number of queries."""
    reports = list(completion_reports_visible_to(actor, contract))
    invoices = list(invoices_visible_to(actor, contract))
    penalties = list(penalties_visible_to(actor, contract))
    parts = list(performed_parts_visible_to(actor, contract))
    return {"reports": reports, "invoices": invoices, "penalties": penalties, "parts": parts}
