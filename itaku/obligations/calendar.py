"""A user's obligations as an iCalendar feed (RFC 5545): one all-day event per open obligation."""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import feed_obligations


def feed_ics(user, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Itaku//obligations//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Itaku {user}")
    stamp = timezone.now()
    for obligation in feed_obligations(user):
        event = Event()
        event.add("uid", f"obligation-{obligation.pk}@{host.split(':')[0] or 'itaku'}")
        event.add("dtstamp", stamp)
        event.add("dtstart", obligation.due_on)
        event.add("dtend", obligation.due_on + dt.timedelta(days=1))
        event.add("summary", f"[{obligation.clause_id}] {obligation.title}")
        event.add("description", f"{obligation.contract.title}\n{obligation.get_role_display()}")
        calendar.add_component(event)
    return calendar.to_ical()
