"""Work items: everything that waits for a person, with a deadline or not.

An obligation has a due date; many other things wait for someone without one (a consent request
awaiting its decision, a completion report awaiting inspection, an invoice awaiting payment …).
Each app registers a provider once, in its ``AppConfig.ready``::

    @work.provider("consents")
    def consent_items(actor, contracts) -> Iterable[WorkItem]:
        ...

A provider receives the actor and a queryset of the contracts to look at (already scoped to what
the actor may see: every contract of the actor for わたしの仕事, or one contract for its page's
次にすること) and yields the items waiting for ``actor`` (``mine=True``) or for others on those
contracts (``mine=False``). A provider runs a constant number of queries whatever the number of
contracts. :func:`items_for` gathers them, the most urgent first.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

_PROVIDERS: dict[str, Callable] = {}


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for a person.

    ``kind`` is a stable code (``consents.decide``); ``label`` the action in words (承諾の可否を決定する);
    ``url`` where it is acted on; ``due_on`` the deadline, if the contract gives one; ``since`` the day it
    began to wait (for items without a deadline, how long they have waited); ``detail`` a short note
    (the amount to invoice, the request's subject); ``waiting_for`` whom it waits for, in words (side
    and role, or the person); ``mine`` whether it waits for the actor.
    """

    kind: str
    clause: str
    contract_id: int
    contract_title: str
    label: str
    url: str
    mine: bool
    due_on: dt.date | None = None
    since: dt.date | None = None
    detail: str = ""
    waiting_for: str = ""
    obligation_id: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def overdue(self, today: dt.date | None = None) -> bool:
        return self.due_on is not None and self.due_on < (today or timezone.localdate())

    def waited_days(self, today: dt.date | None = None) -> int | None:
        if self.since is None:
            return None
        return ((today or timezone.localdate()) - self.since).days


def provider(key: str):
    """Register ``func(actor, contracts) -> Iterable[WorkItem]`` under ``key``."""
    def decorator(func):
        _PROVIDERS[key] = func
        return func
    return decorator


def urgency(item: WorkItem):
    """Overdue and dated items first by due date; then undated ones, the longest waiting first."""
    if item.due_on is not None:
        return (0, item.due_on, dt.date.min, item.contract_id, item.kind)
    return (1, dt.date.max, item.since or dt.date.max, item.contract_id, item.kind)


def items_for(actor, *, contract=None) -> list[WorkItem]:
    """Every work item on the contracts ``actor`` takes part in (or on ``contract``), most urgent first."""
    from itaku.contracts.selectors import contracts_visible_to

    contracts = contracts_visible_to(actor)
    if contract is not None:
        contracts = contracts.filter(pk=contract.pk)
    items: list[WorkItem] = []
    for func in _PROVIDERS.values():
        items.extend(func(actor, contracts))
    return sorted(items, key=urgency)


def _obligation_items(actor, contracts) -> Iterable[WorkItem]:
    """Open obligations on the contracts: those ``actor`` owes, and those others owe."""
    from . import selectors
    from .models import ObligationState

    today = timezone.localdate()
    owed = selectors.obligations_owed_by(actor, today).filter(contract__in=contracts)
    watched = selectors.obligations_watched_by(actor, today).filter(contract__in=contracts)
    for mine, qs in ((True, owed), (False, watched)):
        for o in qs.filter(state=ObligationState.OPEN):
            yield WorkItem(
                kind=o.kind, clause=o.clause_id, contract_id=o.contract_id, contract_title=o.contract.title,
                label=o.title, url=o.contract.get_absolute_url(), mine=mine, due_on=o.due_on,
                waiting_for=f"{o.get_side_display()}・{o.get_role_display()}"
                + (f"（{o.assignee}）" if o.assignee_id else ""),
                obligation_id=o.pk,
            )


provider("obligations")(_obligation_items)
