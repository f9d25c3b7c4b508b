"""Reads, always scoped by the actor: a contractor user sees only contracts in which they hold a
membership; a client user sees the contracts of their organisation."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from itaku.accounts.models import Membership
from itaku.journal.models import Event

from .models import Contract, ContractTemplate, TemplateClause


def contracts_visible_to(actor) -> QuerySet[Contract]:
    qs = Contract.objects.all()
    if not actor.is_authenticated or actor.organisation_id is None:
        return qs.none()
    if actor.organisation.is_client:
        return qs.filter(client_id=actor.organisation_id)
    member = Membership.objects.filter(contract=OuterRef("pk"), user=actor)
    return qs.filter(Exists(member), contractor_id=actor.organisation_id)


def contract_list(actor, *, q: str = "", contractor: int | None = None, state: str = "",
                  fiscal_year: int | None = None) -> QuerySet[Contract]:
    qs = contracts_visible_to(actor).select_related("client", "contractor", "template")
    if q:
        qs = qs.filter(contract_search(q))
    if contractor:
        qs = qs.filter(contractor_id=contractor)
    if state:
        qs = qs.filter(state=state)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-signed_on", "-id")


def contract_search(q: str) -> Q:
    """Contracts whose title or contractor's name contains ``q``."""
    return Q(title__icontains=q) | Q(contractor__name__icontains=q)


def contract_get(actor, pk) -> Contract:
    """The contract, or 404 when it does not exist or lies outside the actor's view."""
    contract = (
        contracts_visible_to(actor)
        .select_related("client", "contractor", "template")
        .prefetch_related(
            Prefetch("memberships",
                     queryset=Membership.objects.select_related("user").order_by("role", "user__username"))
        )
        .filter(pk=pk)
        .first()
    )
    if contract is None:
        raise Http404
    return contract


def contract_timeline(contract) -> QuerySet[Event]:
    return Event.objects.filter(contract=contract).select_related("actor").order_by("-seq")


def template_clauses(template: ContractTemplate) -> QuerySet[TemplateClause]:
    return template.clauses.order_by("position")


def fiscal_years_visible_to(actor) -> list[int]:
    return sorted(
        set(contracts_visible_to(actor).values_list("fiscal_year", flat=True)), reverse=True
    )


def contract_field_values(contract: Contract) -> dict[str, str]:
    """The values of the template's fill-in fields (〇〇〇 in the seed) for ``contract``."""
    from itaku.core.money import yen
    from itaku.core.wareki import to_wareki

    client, contractor = contract.client, contract.contractor
    params = contract.template.parameters
    return {
        "title": contract.title,
        "client_name": client.name,
        "client_address": client.address,
        "client_representative": client.representative,
        "client_head_title": client.representative_title,
        "contractor_name": contractor.name,
        "contractor_address": contractor.address,
        "contractor_representative": contractor.representative,
        "ends_on": to_wareki(contract.ends_on),
        "signed_on": to_wareki(contract.signed_on),
        "amount": yen(contract.amount),
        "tax": yen(contract.tax),
        "deposit_basis": _deposit_basis_article(contract) or params.get("deposit_basis", ""),
        "premises_address": contract.premises_address or "＿＿＿＿＿＿",
        "termination_penalty_fraction": contract.template.termination_penalty_fraction,
    }


def _deposit_basis_article(contract: Contract) -> str:
    """The article cited for the exemption (K-4): 第109条の2第7号 out of 財務規則第109条の2第7号."""
    basis = contract.deposit_exemption_basis or ""
    index = basis.find("第")
    return basis[index:] if index >= 0 else basis


def contract_clauses(contract: Contract) -> list[tuple[TemplateClause, str]]:
    """The clauses of the contract's template with their fill-in fields filled."""
    from .template_data import fill

    values = contract_field_values(contract)
    return [(clause, fill(clause.text, values)) for clause in template_clauses(contract.template)]
