"""Reads on consent requests, always scoped by the actor through the contracts they may see."""

from django.db.models import QuerySet
from django.http import Http404

from itaku.contracts.selectors import contracts_visible_to

from . import kinds
from .models import ConsentRequest, ConsentState, Subcontractor
from .services import roles_of


def consents_visible_to(actor) -> QuerySet[ConsentRequest]:
    return ConsentRequest.objects.filter(contract__in=contracts_visible_to(actor))


def consent_list(actor, *, contract=None, kind: str = "", state: str = "") -> QuerySet[ConsentRequest]:
    qs = consents_visible_to(actor).select_related("contract", "subject", "submitted_by", "decided_by", "letter")
    if contract is not None:
        qs = qs.filter(contract=contract)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-submitted_on", "-id")


def consent_get(actor, pk, *, contract=None) -> ConsentRequest:
    """The request, or 404 when it does not exist, lies outside the actor's view or on another contract."""
    qs = consents_visible_to(actor).select_related(
        "contract__client", "contract__contractor", "subject", "submitted_by", "decided_by", "letter",
        "subcontractor__organisation")
    if contract is not None:
        qs = qs.filter(contract=contract)
    consent = qs.filter(pk=pk).first()
    if consent is None:
        raise Http404
    return consent


def subcontractor_list(actor, *, contract) -> QuerySet[Subcontractor]:
    return (Subcontractor.objects.filter(contract__in=contracts_visible_to(actor), contract=contract)
            .select_related("organisation", "consent", "attached_by").order_by("attached_on", "id"))


def consent_permissions(actor, consent: ConsentRequest, roles: set[str] | None = None) -> dict[str, bool]:
    """What ``actor`` may do with ``consent`` (the services decide; this only shows the forms)."""
    kind = consent.kind_def
    roles = roles_of(actor, consent.contract) if roles is None else roles
    submitted = consent.state == ConsentState.SUBMITTED
    approved = consent.state == ConsentState.APPROVED
    return {
        "decide": bool(kind) and kind.decider in roles and submitted,
        "withdraw": submitted and actor.pk == consent.submitted_by_id,
        "effect": bool(kind and kind.effect) and approved and consent.effected_at is None
        and kind.effect.actor_role in roles,
        "letter": approved and consent.letter_id is not None,
    }


def kinds_submittable(actor, contract, roles: set[str] | None = None) -> list[kinds.Kind]:
    """The kinds ``actor`` may request on ``contract``."""
    roles = roles_of(actor, contract) if roles is None else roles
    return [k for k in kinds.all_kinds() if k.may_submit(roles)]

