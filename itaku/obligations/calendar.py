"""A user's deadlines as an iCalendar feed (RFC 5545): one all-day event per open obligation they owe, and
one per other dated item waiting for them (see :mod:`.work`; the contractor's completion by the end
date, for example). Items without a date (a consent awaiting its decision) have no place in a calendar."""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import feed_obligations
from .work import items_for


def _event(uid: str, stamp, day: dt.date, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    return event


def feed_ics(user, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Itaku//obligations//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Itaku {user}")
    stamp = timezone.now()
    domain = host.split(":")[0] or "itaku"
    for obligation in feed_obligations(user):
        calendar.add_component(_event(
            f"obligation-{obligation.pk}@{domain}", stamp, obligation.due_on,
            f"[{obligation.clause_id}] {obligation.title}",
            f"{obligation.contract.title}\n{obligation.get_role_display()}"))
    for item in items_for(user):
        if item.mine and item.due_on is not None and item.obligation_id is None:
            calendar.add_component(_event(
                f"work-{item.kind}-{item.contract_id}-{item.source_id}@{domain}", stamp, item.due_on,
                f"[{item.clause}] {item.label}",
                "\n".join(part for part in (item.contract_title, item.detail, item.waiting_for) if part)))
    return calendar.to_ical()
