"""Reads of terminations, force-majeure requests and damages, scoped by the actor through the contracts
the actor may see."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from ..models import (
    DamageEvent,
    ForceMajeureDocument,
    ForceMajeureRequest,
    TemplateClause,
    Termination,
    TerminationEvidence,
)
from ..selectors import contracts_visible_to
from ..wording import clause_texts

# The clauses the panel quotes: the grounds, the penalty, no compensation, damages, force majeure.
PANEL_CLAUSES = "K-14", "K-15", "K-16"


def roles_on(actor, contract) -> set[str]:
    """The roles ``actor`` holds on ``contract`` (for showing the forms; the services decide)."""
    from itaku.contracts.lifecycle.selectors import actor_roles

    if not actor.is_authenticated:
        return set()
    return actor_roles(actor, contract)  # from the prefetched memberships when there


def terminations_visible_to(actor) -> QuerySet[Termination]:
    return (Termination.objects.filter(contract__in=contracts_visible_to(actor))
            .select_related("contract", "decided_by", "settled_by", "force_majeure")
            .prefetch_related(Prefetch("evidence", queryset=TerminationEvidence.objects.order_by("id"))))


def termination_list(actor, *, contract=None) -> QuerySet[Termination]:
    qs = terminations_visible_to(actor)
    if contract:
        qs = qs.filter(contract=contract)
    return qs.order_by("-terminated_on", "-id")


def termination_of(actor, contract) -> Termination | None:
    """The termination of a contract the actor sees (``contract`` comes from ``contract_get``)."""
    return terminations_visible_to(actor).filter(contract=contract).first()


def termination_get(actor, pk) -> Termination:
    termination = terminations_visible_to(actor).filter(pk=pk).first()
    if termination is None:
        raise Http404
    return termination


def evidence_get(actor, contract, pk) -> TerminationEvidence:
    evidence = TerminationEvidence.objects.filter(
        pk=pk, termination__contract=contract, termination__contract__in=contracts_visible_to(actor)).first()
    if evidence is None:
        raise Http404
    return evidence


def force_majeure_visible_to(actor) -> QuerySet[ForceMajeureRequest]:
    return (ForceMajeureRequest.objects.filter(contract__in=contracts_visible_to(actor))
            .select_related("contract", "submitted_by", "investigated_by", "decided_by")
            .prefetch_related(Prefetch("documents", queryset=ForceMajeureDocument.objects.order_by("id"))))


def force_majeure_list(actor, *, contract=None, state: str = "") -> QuerySet[ForceMajeureRequest]:
    qs = force_majeure_visible_to(actor)
    if contract:
        qs = qs.filter(contract=contract)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-submitted_on", "-id")


def force_majeure_get(actor, pk, *, contract=None) -> ForceMajeureRequest:
    qs = force_majeure_visible_to(actor).filter(pk=pk)
    if contract is not None:
        qs = qs.filter(contract=contract)
    request = qs.first()
    if request is None:
        raise Http404
    return request


def force_majeure_document_get(actor, contract, pk) -> ForceMajeureDocument:
    document = ForceMajeureDocument.objects.filter(
        pk=pk, request__contract=contract, request__contract__in=contracts_visible_to(actor)).first()
    if document is None:
        raise Http404
    return document


def damage_events_visible_to(actor) -> QuerySet[DamageEvent]:
    return DamageEvent.objects.filter(contract__in=contracts_visible_to(actor)).select_related("contract",
                                                                                               "recorded_by")


def damage_event_list(actor, *, contract=None, borne_by: str = "") -> QuerySet[DamageEvent]:
    qs = damage_events_visible_to(actor)
    if contract:
        qs = qs.filter(contract=contract)
    if borne_by:
        qs = qs.filter(borne_by=borne_by)
    return qs.order_by("-occurred_on", "-id")


def damage_event_get(actor, pk) -> DamageEvent:
    event = damage_events_visible_to(actor).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def termination_clauses(contract) -> dict[str, TemplateClause]:
    """The clause rows of K-14 … K-16 of the contract's template, by clause ID, each with ``words``: its
    text as this contract says it (the template's fraction of K-14-2 filled in)."""
    which = Q()
    for clause in PANEL_CLAUSES:
        which |= Q(clause_id=clause) | Q(clause_id__startswith=f"{clause}-")
    rows = list(TemplateClause.objects.filter(which, template_id=contract.template_id).order_by("position"))
    texts = clause_texts(contract, rows)
    for row in rows:
        row.words = texts[row.clause_id]
    return {row.clause_id: row for row in rows}


def ground_rows(contract) -> list[TemplateClause]:
    """The grounds of K-14-1 (items and sub-items), for the termination form."""
    from .services import ground_clauses

    rows = ground_clauses(contract.template)
    texts = clause_texts(contract, rows)
    for row in rows:
        row.words = texts[row.clause_id]
    return rows
