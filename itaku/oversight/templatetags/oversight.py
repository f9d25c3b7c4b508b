from django import template

from ..choices import OVERDUE, STATUS_LABELS, RequestState

register = template.Library()

# The badge of each status, from the site's palette: overdue loud, closed ones quiet.
BADGES = {RequestState.OPEN: "open", RequestState.ANSWERED: "completion_reported", RequestState.ACCEPTED: "met",
          RequestState.WITHDRAWN: "waived", OVERDUE: "overdue"}


@register.filter
def request_status(code):
    """期限超過 for overdue, 回答待ち for open."""
    return str(STATUS_LABELS.get(code, code))


@register.filter
def request_badge(code):
    return BADGES.get(code, "open")
