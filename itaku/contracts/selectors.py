"""Reads, always scoped by the actor: a contractor user sees only contracts in which they hold a
membership; a client user sees the contracts of their organisation."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from itaku.accounts.models import Membership, Organisation
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


def visible_through(actor, path: str = "contract") -> Q:
    """The condition that the contract of a row reached through ``path`` is one ``actor`` may see (the rule of
    :func:`contracts_visible_to`), written on the row's own contract: on a large table (the obligations)
    the planner estimates it well, where ``contract__in=<the visible contracts>`` looks like a handful of
    contracts to it and it then compares every row with every contract."""
    if not actor.is_authenticated or actor.organisation_id is None:
        return Q(pk__in=[])
    if actor.organisation.is_client:
        return Q(**{f"{path}__client_id": actor.organisation_id})
    member = Membership.objects.filter(contract=OuterRef(path), user=actor)
    return Q(Exists(member), **{f"{path}__contractor_id": actor.organisation_id})


def contractors_visible_to(actor) -> QuerySet[Organisation]:
    """The contractor organisations of the contracts ``actor`` may see."""
    return Organisation.objects.filter(pk__in=contracts_visible_to(actor).values("contractor_id"))


def contract_list(actor, *, q: str = "", contractor: int | None = None, state: str = "",
                  fiscal_year: int | None = None) -> QuerySet[Contract]:
    # The lists show neither the parties as signed nor the specification, nor the template's texts and
    # forms: not read (nor parsed from JSON) for every row.
    qs = (contracts_visible_to(actor).select_related("client", "contractor", "template")
          .defer("parties", "specification", "template__closing", "template__fields", "template__parameters",
                 "template__forms", "template__parts"))
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
            Prefetch("memberships", queryset=Membership.objects.select_related("user__organisation")
                     .order_by("role", "user__username"))
        )
        .filter(pk=pk)
        .first()
    )
    if contract is None:
        raise Http404
    return contract


def contract_timeline(contract) -> QuerySet[Event]:
    """The contract's journal events, the latest fact first: each event is dated by the day of the fact
    it records (``FACT_DATES`` of the apps' actions; the day it was recorded for the others), as ISO
    text in ``fact_key``; events of one day keep the order they were recorded in."""
    from django.db.models import Case, CharField, F, When
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast, Substr, TruncDate

    from itaku.journal.actions import all_fact_dates

    recorded = Cast(TruncDate("at"), CharField())
    fact_key = Case(*[When(action=action, then=Substr(KT(f"data__{key}"), 1, 10))
                          for action, key in all_fact_dates().items()], default=recorded, output_field=CharField())
    return (Event.objects.filter(contract=contract).select_related("actor__organisation")
            .annotate(fact_key=fact_key).order_by(F("fact_key").desc(nulls_last=True), "-seq"))


def template_clauses(template: ContractTemplate) -> QuerySet[TemplateClause]:
    return template.clauses.order_by("position")


def fiscal_years_visible_to(actor) -> list[int]:
    """The fiscal years of the actor's contracts, newest first (one row per year, not per contract)."""
    return list(contracts_visible_to(actor).order_by("-fiscal_year").values_list("fiscal_year", flat=True)
                .distinct())


def list_filter_choices(actor) -> tuple[QuerySet[Organisation], list[int]]:
    """The contract list's filters: the contractors and the fiscal years of the actor's contracts. Both read
    every contract the actor sees (10,000 at a prefecture): read once per generation of the actor's
    organisation (:mod:`itaku.core.generations`), the contractors then fetched by their keys."""
    from itaku.core import generations

    contractor_ids, years = generations.cached(
        f"contract-filters:{actor.pk}", [generations.organisation(actor.organisation_id)],
        lambda: (list(contracts_visible_to(actor).order_by().values_list("contractor_id", flat=True).distinct()),
                 fiscal_years_visible_to(actor)))
    return Organisation.objects.filter(pk__in=contractor_ids), years



def contract_clauses(contract: Contract) -> list[tuple[TemplateClause, str]]:
    """The clauses of the contract's template with the contract's words (see :mod:`.wording`)."""
    from .wording import clause_texts

    clauses = list(template_clauses(contract.template))
    texts = clause_texts(contract, clauses)
    return [(clause, texts[clause.clause_id]) for clause in clauses]
