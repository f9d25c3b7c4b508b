"""Reads of obligations, scoped by the actor."""

import datetime as dt

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from itaku.accounts.models import Membership
from itaku.contracts.selectors import visible_through

from .models import OVERDUE, CalendarFeed, Obligation, ObligationState

SOON_DAYS = 14


def with_status(qs: QuerySet[Obligation], today: dt.date | None = None) -> QuerySet[Obligation]:
    """Annotate ``status``: ``overdue`` for an open obligation past its due date, else its state."""
    today = today or timezone.localdate()
    return qs.annotate(status=Case(
        When(state=ObligationState.OPEN, due_on__lt=today, then=Value(OVERDUE)),
        default=F("state"), output_field=CharField(),
    ))


def obligations_visible_to(actor, today: dt.date | None = None) -> QuerySet[Obligation]:
    """The obligations of the contracts ``actor`` may see."""
    qs = Obligation.objects.filter(visible_through(actor))
    return with_status(qs, today).select_related("contract", "assignee")


def obligation_list(actor, *, contract=None, status: str = "", role: str = "", due_from=None, due_to=None,
                    today: dt.date | None = None) -> QuerySet[Obligation]:
    qs = obligations_visible_to(actor, today)
    if contract:
        qs = qs.filter(contract=contract)
    if status:
        qs = qs.filter(status=status)
    if role:
        qs = qs.filter(role=role)
    if due_from:
        qs = qs.filter(due_on__gte=due_from)
    if due_to:
        qs = qs.filter(due_on__lte=due_to)
    return qs.order_by("due_on", "id")


def owed_by(actor) -> Q:
    """The condition of an obligation ``actor`` owes: of a role they hold on the contract, and assigned to
    them or to nobody. A designated person owes it while they hold the role; once they no longer do, it
    falls back to whoever holds the role now (a replaced inspector's inspection goes to the new inspector)."""
    holds_role = Membership.objects.filter(contract=OuterRef("contract"), user=actor, role=OuterRef("role"))
    assignee_holds = Membership.objects.filter(contract=OuterRef("contract"), user=OuterRef("assignee"),
                                               role=OuterRef("role"))
    return Exists(holds_role) & (Q(assignee=actor) | Q(assignee__isnull=True) | ~Exists(assignee_holds))


def obligations_owed_by(actor, today: dt.date | None = None) -> QuerySet[Obligation]:
    """Open obligations ``actor`` owes: those of a role they hold on the contract, or assigned to them,
    overdue first, then by due date."""
    qs = obligations_visible_to(actor, today).filter(state=ObligationState.OPEN).filter(owed_by(actor))
    return qs.order_by("due_on", "id")


def open_obligations_around(actor, today: dt.date | None = None) -> QuerySet[Obligation]:
    """Open obligations on the contracts in which ``actor`` takes part, each with ``owed``: whether
    ``actor`` owes it (:func:`owed_by`) or someone else does (:func:`obligations_watched_by`), in one
    query."""
    from django.db.models import BooleanField, ExpressionWrapper

    takes_part = Membership.objects.filter(contract=OuterRef("contract"), user=actor)
    return (obligations_visible_to(actor, today).filter(state=ObligationState.OPEN).filter(Exists(takes_part))
            .annotate(owed=ExpressionWrapper(owed_by(actor), output_field=BooleanField()))
            .order_by("due_on", "id"))


# わたしの仕事 shows so many of each section's items, the most urgent first, whatever their number; the
# full list is paginated (work_list).
DASHBOARD_ROWS = 15


def _section(rows: list, count: int) -> dict:
    return {"rows": rows, "count": count, "more": max(count - len(rows), 0)}


def dashboard(actor, today: dt.date | None = None, *, limit: int = DASHBOARD_ROWS) -> dict:
    """わたしの仕事: what waits for ``actor`` (obligations, and the decisions and steps that have no deadline),
    overdue first, then due within 14 days, then what has no deadline, the longest waiting first; and what
    others owe on the contracts in which ``actor`` takes part, overdue or due within 14 days, or undated,
    one row per contract.

    Each section holds at most ``limit`` rows, the most urgent first, with its count computed in SQL: a
    person with 5,000 open items gets the same page, in the same number of queries, as one with five.
    """
    from django.utils.translation import get_language

    from itaku.core import generations

    from .work import summary_for

    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=SOON_DAYS)
    # Computed once per generation of the actor's organisation (a change on any of its contracts starts a
    # new one), per language and per day.
    summary = generations.cached(
        f"work:{actor.pk}:{get_language()}:{today.isoformat()}:{limit}",
        [generations.organisation(actor.organisation_id)],
        lambda: summary_for(actor, today=today, horizon=horizon, limit=limit))
    counts, rows = summary["counts"], summary["rows"]
    return {
        "today": today,
        "overdue": rows["overdue"],
        "soon": rows["soon"],
        "waiting": rows["waiting"],
        "others": rows["others"],
        "later_count": counts["later"],
        "sections": {key: _section(rows[key], counts[key]) for key in ("overdue", "soon", "waiting", "others")},
        "others_by_contract": summary["by_contract"],
        "others_more": summary["others_more"],
        "soon_days": SOON_DAYS,
    }


def work_window(actor, *, section: str, contract=None, start: int = 0, size: int = 50,
                today: dt.date | None = None) -> dict:
    """Items ``start`` to ``start + size`` of a section of わたしの仕事 (``overdue``, ``soon``, ``later``,
    ``waiting`` or ``others``), the most urgent first, and the section's count."""
    from .work import summary_for

    today = today or timezone.localdate()
    summary = summary_for(actor, today=today, horizon=today + dt.timedelta(days=SOON_DAYS), limit=start + size,
                          contract_id=contract.pk if contract is not None else None, sections=[section])
    return {"today": today, "rows": summary["rows"][section][start:start + size],
            "count": summary["counts"][section], "soon_days": SOON_DAYS}


def obligations_watched_by(actor, today: dt.date | None = None) -> QuerySet[Obligation]:
    """Open obligations that others owe on the contracts in which ``actor`` holds a role: the client's
    officer sees the contractor's overdue answers, the contractor sees the client's payment date."""
    takes_part = Membership.objects.filter(contract=OuterRef("contract"), user=actor)
    # the condition negated on each row, not "not among those owed": one scan of the open obligations
    return (obligations_visible_to(actor, today).filter(state=ObligationState.OPEN).filter(Exists(takes_part))
            .filter(~owed_by(actor)).order_by("due_on", "id"))


def contract_obligations(actor, contract, today: dt.date | None = None) -> QuerySet[Obligation]:
    """The contract's obligations: open ones by due date first, then the closed ones."""
    qs = obligations_visible_to(actor, today).filter(contract=contract)
    return qs.order_by(Case(When(state=ObligationState.OPEN, then=Value(0)), default=Value(1)), "due_on", "id")


def obligation_get(actor, pk) -> Obligation:
    obligation = obligations_visible_to(actor).filter(pk=pk).first()
    if obligation is None:
        raise Http404
    return obligation


def calendar_feed_of(actor):
    return CalendarFeed.objects.filter(user=actor).first()


def feed_owner(token: str):
    """The active user whose calendar feed has ``token``, or ``None``."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return feed.user if feed else None


def feed_obligations(user, today: dt.date | None = None) -> QuerySet[Obligation]:
    """What goes in the user's calendar: every open obligation they owe, whatever its date."""
    return obligations_owed_by(user, today)
