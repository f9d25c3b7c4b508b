"""Work items: everything that waits for a person, with a deadline or not.

An obligation has a due date; many other things wait for someone without one (a consent request
awaiting its decision, a completion report awaiting inspection, an invoice awaiting payment …).
Each app registers a provider once, in its ``AppConfig.ready`` (usually in the app's ``work`` module)::

    @work.provider("consents")
    def consent_items(actor, contracts) -> Iterable[WorkItem]:
        roles = work.member_roles(actor, contracts)
        for consent in ...:
            item = work.item_for(roles, (Role.OFFICER,), kind="consents.decide", ...)
            if item:
                yield item

A provider receives the actor and a queryset of the contracts to look at (already scoped to what
the actor may see: every contract of the actor for わたしの仕事, or one contract for its page's
次にすること) and yields the items waiting for ``actor`` (``mine=True``) or for others on those
contracts in which ``actor`` takes part (``mine=False``). A provider runs a constant number of queries
whatever the number of contracts.

Open obligations are items too (the provider ``obligations`` below). When an app's item and an open
obligation are about the same thing (same ``kind`` and ``source_id``: the inspection of a report, the
payment of an invoice …), :func:`items_for` shows it once: the app's label and link, the obligation's
due date and the obligation's answer to whom it waits for. An obligation that no app's item matches
links to the page registered for its kind with :func:`obligation_link` (or to the contract's 期限).
:func:`items_for` returns them the most urgent first.

わたしの仕事 does not gather every item: it shows each section's most urgent items with its count
(:func:`summary_for`). A provider that yields one item or more per contract (open obligations, a
contract's state) registers a :func:`triage` too, which counts its items by section in SQL and names
the contracts of the most urgent ones; the provider then runs on those contracts only. A provider that
yields what waits on records (a request awaiting its decision) needs none: it runs on every contract.
"""

import contextlib
import contextvars
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import CLIENT_ROLES, Role
from itaku.core.templatetags.itaku import date_text

_PROVIDERS: dict[str, Callable] = {}
_TRIAGES: dict[str, Callable] = {}
_OBLIGATION_LINKS: dict[str, Callable] = {}
_WAITING: dict[str, Callable] = {}

# The sections of わたしの仕事: what waits for the actor (overdue, due within the horizon, due later,
# undated), and what waits for others on the actor's contracts (overdue, due within the horizon or undated).
OVERDUE, SOON, LATER, WAITING, OTHERS = "overdue", "soon", "later", "waiting", "others"
SECTIONS = (OVERDUE, SOON, LATER, WAITING, OTHERS)


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for a person.

    ``kind`` is a stable code (``consents.decide``); ``label`` the action in words (承諾の可否を決定する);
    ``noun`` the same as a noun, for those who wait (承諾の可否の決定: 「甲・契約担当の承諾の可否の決定を待って
    います」);
    ``url`` where it is acted on; ``due_on`` the deadline, if the contract gives one; ``since`` the day it
    began to wait (for items without a deadline, how long they have waited); ``detail`` a short note
    (the amount to invoice, the request's subject); ``waiting_for`` whom it waits for, in words (side
    and role, or the person); ``mine`` whether it waits for the actor; ``source_id`` the record it is
    about (with ``kind``, what matches an obligation to the same item); ``note`` what the button says in
    brackets instead of the deadline (請求額 金879,133円：違約金867円を相殺後); ``since_what`` the event the wait
    started with (申請: 「申請から12日」).
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
    noun: str = ""
    source_id: int | None = None
    note: str = ""
    since_what: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple | None:
        return (self.kind, self.contract_id, self.source_id) if self.source_id is not None else None

    def overdue(self, today: dt.date | None = None) -> bool:
        return self.due_on is not None and self.due_on < (today or timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.overdue()

    def waited_days(self, today: dt.date | None = None) -> int | None:
        if self.since is None:
            return None
        return max(((today or timezone.localdate()) - self.since).days, 0)

    @property
    def days_waited(self) -> int | None:
        return self.waited_days()

    @property
    def due_text(self) -> str:
        """期限 令和6年3月11日."""
        return _("期限 %(day)s") % {"day": date_text(self.due_on)} if self.due_on else ""

    @property
    def waited_text(self) -> str:
        """申請から12日 (or 12日前から when the event has no name)."""
        days = self.waited_days()
        if days is None:
            return ""
        if self.since_what:
            return _("%(what)sから%(days)s日") % {"what": self.since_what, "days": days}
        return _("%(days)s日前から") % {"days": days}

    @property
    def when_text(self) -> str:
        return self.due_text or self.waited_text

    @property
    def full_label(self) -> str:
        """The button's words: 検査を記録する（期限 令和6年3月11日）, 請求書を提出する（請求額 金879,133円：…）,
        承諾の可否を決定する（申請から12日）."""
        inside = self.note or self.when_text
        return f"{self.label}（{inside}）" if inside else self.label


def provider(key: str, *, waiting: Callable | None = None):
    """Register ``func(actor, contracts) -> Iterable[WorkItem]`` under ``key``.

    ``waiting(contract)``, for a provider whose items wait on records: an expression (``Exists`` or a
    ``Q`` of them) on the contract ``contract`` (an ``OuterRef``) that holds whenever the provider may
    have an item on it, for anyone. The contract hub asks every provider's expression in one query and
    runs only the providers whose expression holds: one query instead of one or two per provider that
    has nothing waiting. It may hold when nothing waits, never the reverse."""
    def decorator(func):
        _PROVIDERS[key] = func
        if waiting is not None:
            _WAITING[key] = waiting
        return func
    return decorator


def triage(key: str):
    """Register ``func(actor, contracts, *, today, horizon, limit, sections) -> Triage`` for the provider
    ``key``: how many of its items fall in each section (:func:`section_of`), counted in SQL, and the
    contracts of its ``limit`` most urgent items of each of ``sections``, so that わたしの仕事 runs the
    provider itself only on those contracts, whatever the number of the actor's items. Items that merge
    with an open obligation (same ``kind`` and ``source_id``) are counted with the obligation, not by the
    app's triage.

    A provider without a triage is run on every contract of the actor: fine for what waits on records
    (requests awaiting a decision), not for what every contract yields."""
    def decorator(func):
        _TRIAGES[key] = func
        return func
    return decorator


@dataclass
class Triage:
    """A provider's items by section without the items: ``counts[section]`` and ``contracts[section]``, the
    contract ids of the section's most urgent items (for ``others``: the contracts whose most urgent item
    comes first), at most ``limit`` each, most urgent first."""

    counts: Counter = field(default_factory=Counter)
    contracts: dict[str, list[int]] = field(default_factory=dict)


def section_of(item: WorkItem, today: dt.date, horizon: dt.date) -> str | None:
    """Where わたしの仕事 shows ``item``: ``None`` for others' items due after the horizon."""
    if item.mine:
        if item.due_on is None:
            return WAITING
        return OVERDUE if item.due_on < today else SOON if item.due_on <= horizon else LATER
    return OTHERS if item.due_on is None or item.due_on <= horizon else None


def obligation_link(kind: str):
    """Register ``func(obligation) -> url``: where an open obligation of ``kind`` is acted on."""
    def decorator(func):
        _OBLIGATION_LINKS[kind] = func
        return func
    return decorator


def urgency(item: WorkItem):
    """Overdue and dated items first by due date; then undated ones, the longest waiting first."""
    if item.due_on is not None:
        return (0, item.due_on, dt.date.min, item.contract_id, item.kind)
    return (1, dt.date.max, item.since or dt.date.max, item.contract_id, item.kind)


# -- helpers for providers -----------------------------------------------------------------------

# What the gathering already knows of the few contracts it runs the providers on (their states and the
# actor's roles): the contract hub's one contract, わたしの仕事's chosen ones. Providers ask
# :func:`known_states` to skip the queries a contract's state rules out, and :func:`member_roles` answers
# from it without a query.
_KNOWN: contextvars.ContextVar[dict | None] = contextvars.ContextVar("itaku_work_known", default=None)


@contextlib.contextmanager
def _knowing(actor, states: dict[int, str], roles: dict[int, set[str]] | None = None, contracts=None,
             queryset=None):
    """``queryset``: the queryset of exactly these contracts that the gathering gives the providers."""
    if roles is None:
        roles = member_roles(actor, list(states))
    token = _KNOWN.set({"actor": actor.pk, "states": states, "roles": roles, "contracts": contracts,
                        "queryset": queryset})
    try:
        yield
    finally:
        _KNOWN.reset(token)


def known_states() -> dict[int, str] | None:
    """The states of every contract the providers are running on, when the gathering knows them: a
    provider may then skip what no contract's state allows; ``None`` when it does not know them."""
    known = _KNOWN.get()
    return known["states"] if known else None


def known_contracts() -> list | None:
    """The contracts (model instances) the providers are running on, in which the actor takes part, when
    the gathering has them (the contract hub's one contract); ``None`` otherwise."""
    known = _KNOWN.get()
    if not known or known["contracts"] is None:
        return None
    return [c for c in known["contracts"] if c.pk in known["roles"]]


def member_roles(actor, contracts) -> dict[int, set[str]]:
    """The roles ``actor`` holds on each of ``contracts`` in which they take part (one query, or none when
    ``contracts`` is a list of ids the gathering knows, or the very queryset it gives the providers)."""
    from itaku.accounts.models import Membership

    known = _KNOWN.get()
    if known and known["actor"] == actor.pk:
        if known["queryset"] is not None and contracts is known["queryset"]:
            return {c: set(held) for c, held in known["roles"].items()}
        if isinstance(contracts, list | set | tuple) and all(c in known["states"] for c in contracts):
            return {c: set(known["roles"][c]) for c in contracts if c in known["roles"]}
    out: dict[int, set[str]] = {}
    rows = Membership.objects.filter(contract__in=contracts, user=actor).values_list("contract_id", "role")
    for contract_id, role in rows:
        out.setdefault(contract_id, set()).add(role)
    return out


def taking_part(actor, contracts):
    """``contracts`` in which ``actor`` holds a role, as a queryset (nothing loaded): providers read their
    records on these first, then :func:`member_roles` of the few contracts that have any."""
    from django.db.models import Exists, OuterRef

    from itaku.accounts.models import Membership

    return contracts.filter(Exists(Membership.objects.filter(contract=OuterRef("pk"), user=actor)))


def side_of(role: str) -> str:
    return _("甲") if role in CLIENT_ROLES else _("乙")


def roles_text(roles: Iterable[str]) -> str:
    """Whom an item waits for, in words: 「乙・代表者」, 「甲・契約担当又は会計」."""
    roles = list(roles)
    return f"{side_of(roles[0])}・" + _("又は").join(str(Role(r).label) for r in roles)


def item_for(roles_by_contract: dict[int, set[str]], roles: Iterable[str], *, contract_id: int,
             **fields) -> WorkItem | None:
    """The item waiting for ``roles`` on the contract, as the actor sees it: theirs when they hold one of
    ``roles``, someone else's when they take part otherwise, nothing when they do not take part."""
    held = roles_by_contract.get(contract_id)
    if held is None:
        return None
    roles = tuple(roles)
    fields.setdefault("waiting_for", roles_text(roles))
    return WorkItem(contract_id=contract_id, mine=bool(held & set(roles)), **fields)


# -- gathering -----------------------------------------------------------------------------------

def _merge(items: list[WorkItem]) -> list[WorkItem]:
    """One item per thing: an app's item and the obligation about the same thing become one."""
    out: list[WorkItem] = []
    index: dict[tuple, int] = {}
    for item in items:
        key = item.key
        if key is None or key not in index:
            if key is not None:
                index[key] = len(out)
            out.append(item)
            continue
        other = out[index[key]]
        obligation, app = (item, other) if item.obligation_id else (other, item)
        if not obligation.obligation_id:  # two items of apps with the same key: keep the first
            continue
        if app.obligation_id:  # two obligations about the same thing: keep both
            out.append(item)
            continue
        out[index[key]] = replace(app, due_on=obligation.due_on, obligation_id=obligation.obligation_id,
                                  mine=obligation.mine, waiting_for=obligation.waiting_for)
    return out


def items_for(actor, *, contract=None, fresh: bool = False) -> list[WorkItem]:
    """Every work item on the contracts ``actor`` takes part in (or on ``contract``), most urgent first.

    ``fresh``: ``contract`` was read in this request with its memberships (``contract_get``), so its state
    and the actor's roles are known, and each provider asks only what that state allows (the contract
    hub's 次にすること)."""
    from itaku.contracts.selectors import contracts_visible_to

    contracts = contracts_visible_to(actor)
    if contract is None:
        return _gather(actor, contracts, _PROVIDERS.values())
    contracts = contracts.filter(pk=contract.pk)
    if not fresh:
        return _gather(actor, contracts, _PROVIDERS.values())
    roles = {m.role for m in contract.memberships.all() if m.user_id == actor.pk}
    with _knowing(actor, {contract.pk: contract.state}, {contract.pk: roles} if roles else {}, [contract],
                  queryset=contracts):
        return _gather(actor, contracts, _providers_waiting_on(contract))


def _providers_waiting_on(contract) -> list[Callable]:
    """The providers that may have an item on ``contract``: those without a ``waiting`` expression, and
    those whose expression holds (all asked in one query)."""
    from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q

    from itaku.contracts.models import Contract

    keys = [key for key in _PROVIDERS if key in _WAITING]
    if not keys:
        return list(_PROVIDERS.values())

    def expression(key):
        found = _WAITING[key](OuterRef("pk"))
        return ExpressionWrapper(found, output_field=BooleanField()) if isinstance(found, Q) else found

    names = {key: f"waiting_{i}" for i, key in enumerate(keys)}
    row = (Contract.objects.filter(pk=contract.pk).annotate(**{names[k]: expression(k) for k in keys})
           .values(*names.values()).first()) or {}
    return [func for key, func in _PROVIDERS.items() if key not in names or row.get(names[key])]


def _gather(actor, contracts, providers) -> list[WorkItem]:
    items: list[WorkItem] = []
    for func in providers:
        items.extend(i for i in func(actor, contracts) if i is not None)
    return sorted(_merge(items), key=urgency)


DASHBOARD_SECTIONS = (OVERDUE, SOON, WAITING, OTHERS)


def summary_for(actor, *, today: dt.date, horizon: dt.date, limit: int, contract_id: int | None = None,
                sections: Iterable[str] = DASHBOARD_SECTIONS) -> dict:
    """わたしの仕事 without loading everything: for each section, the count of the actor's items and the
    ``limit`` most urgent of them; for ``others``, also one row per contract (``by_contract``: the
    contract's items waiting for others, how many, the nearest due date), the nearest first.

    Providers with a :func:`triage` count in SQL and name the contracts of their most urgent items; every
    provider then runs on those contracts only (and on the contracts of the items of providers without a
    triage, so that an item meets its obligation), a constant number of queries and rows whatever the
    number of the actor's items."""
    from itaku.contracts.selectors import contracts_visible_to

    contracts = contracts_visible_to(actor)
    if contract_id is not None:
        contracts = contracts.filter(pk=contract_id)
    counts: Counter = Counter()
    chosen: set[int] = set()
    untriaged: list[WorkItem] = []
    for key, func in _PROVIDERS.items():
        sorter = _TRIAGES.get(key)
        if sorter is None:
            untriaged.extend(i for i in func(actor, contracts) if i is not None)
            continue
        result = sorter(actor, contracts, today=today, horizon=horizon, limit=limit, sections=set(sections))
        counts.update(result.counts)
        for ids in result.contracts.values():
            chosen.update(ids)
    chosen.update(i.contract_id for i in untriaged)
    items = list(untriaged)
    if chosen:
        narrowed = contracts.filter(pk__in=sorted(chosen))
        with _knowing(actor, dict(narrowed.values_list("pk", "state"))):
            items.extend(_gather(actor, narrowed, [_PROVIDERS[key] for key in _TRIAGES if key in _PROVIDERS]))
    merged = sorted(_merge(items), key=urgency)
    # An untriaged item counts unless it merged with an obligation (which its triage has counted already).
    untriaged_ids = {id(i) for i in untriaged}
    rows: dict[str, list[WorkItem]] = {s: [] for s in SECTIONS}
    for item in merged:
        section = section_of(item, today, horizon)
        if section is None:
            continue
        rows[section].append(item)
        if id(item) in untriaged_ids:
            counts[section] += 1
    by_contract: dict[int, dict] = {}
    for item in rows[OTHERS]:
        entry = by_contract.setdefault(item.contract_id, {
            "contract_id": item.contract_id, "contract_title": item.contract_title, "first": item, "count": 0,
            "overdue": 0, "nearest": None})
        entry["count"] += 1
        entry["overdue"] += item.overdue(today)
        if item.due_on is not None and (entry["nearest"] is None or item.due_on < entry["nearest"]):
            entry["nearest"] = item.due_on
    contract_rows = list(by_contract.values())[:limit]  # in the order of each contract's most urgent item
    return {
        "counts": {s: counts.get(s, 0) for s in SECTIONS},
        "rows": {s: rows[s][:limit] for s in SECTIONS},
        "by_contract": contract_rows,
        # what waits for others on contracts not shown
        "others_more": max(counts.get(OTHERS, 0) - sum(r["count"] for r in contract_rows), 0),
    }


def _obligation_items(actor, contracts) -> Iterable[WorkItem]:
    """Open obligations on the contracts: those ``actor`` owes, and those others owe."""
    from itaku.contracts.panels import section_url

    from . import selectors

    today = timezone.localdate()
    around = list(selectors.open_obligations_around(actor, today).filter(contract__in=contracts))
    # Words and links computed once per role and per contract, not once per obligation.
    roles: dict[str, str] = {}
    sections: dict[int, str] = {}
    for mine in (True, False):  # those the actor owes first, as before
        for o in around:
            if bool(o.owed) != mine:
                continue
            if o.role not in roles:
                roles[o.role] = f"{side_of(o.role)}・{o.get_role_display()}"
            link = _OBLIGATION_LINKS.get(o.kind)
            if link is not None:
                url = link(o)
            else:
                if o.contract_id not in sections:
                    sections[o.contract_id] = section_url(o.contract_id, "obligations")
                url = f"{sections[o.contract_id]}#obligation-{o.pk}"
            yield WorkItem(
                kind=o.kind, clause=o.clause_id, contract_id=o.contract_id, contract_title=o.contract.title,
                label=o.title, noun=o.title, url=url, mine=mine, due_on=o.due_on,
                waiting_for=roles[o.role] + (f"（{o.assignee}）" if o.assignee_id else ""),
                obligation_id=o.pk, source_id=o.source_id,
            )


provider("obligations")(_obligation_items)


@triage("obligations")
def _obligation_triage(actor, contracts, *, today: dt.date, horizon: dt.date, limit: int,
                       sections: set[str]) -> Triage:
    """The open obligations by section in SQL: those ``actor`` owes by due date, and those others owe
    (due within the horizon) grouped by contract, the nearest first."""
    from django.db.models import Count, Min, Q

    from . import selectors

    owed = selectors.obligations_owed_by(actor, today).filter(contract__in=contracts)
    watched = selectors.obligations_watched_by(actor, today).filter(contract__in=contracts, due_on__lte=horizon)
    result = Triage()
    result.counts.update(owed.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=horizon)),
        later=Count("pk", filter=Q(due_on__gt=horizon))))
    for section, dates in ((OVERDUE, Q(due_on__lt=today)), (SOON, Q(due_on__gte=today, due_on__lte=horizon)),
                           (LATER, Q(due_on__gt=horizon))):
        if result.counts[section] and section in sections:
            result.contracts[section] = list(owed.filter(dates).values_list("contract_id", flat=True)[:limit])
    result.counts[OTHERS] = watched.order_by().count()
    if result.counts[OTHERS] and OTHERS in sections:
        nearest = (watched.order_by().values("contract_id").annotate(nearest=Min("due_on"))
                   .order_by("nearest", "contract_id"))
        result.contracts[OTHERS] = [row["contract_id"] for row in nearest[:limit]]
    return result
