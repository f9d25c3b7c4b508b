"""The contract hub's section 「経過」: the journal events of the contract, newest recorded first, a page
at a time. Each row names the person (氏名 and organisation) and gives the date of the fact first (the
day the report, the inspection, the payment … happened, see :func:`itaku.journal.actions.fact_date`)
and the time it was recorded second."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itaku.journal.actions import action_label, fact_date

from . import selectors
from .panels import register

PER_PAGE = 12


def event_row(event) -> dict:
    """What the timeline shows of one event."""
    actor = event.actor
    if actor is not None:
        who = actor.display_name or actor.get_username()
        organisation = actor.organisation.name if actor.organisation_id else ""
    else:
        who, organisation = _("システム"), ""
    return {
        "seq": event.seq, "at": event.at, "fact_on": fact_date(event.action, event.data),
        "label": action_label(event.action), "clause_id": event.clause_id,
        "who": who, "organisation": organisation,
    }


@register(key="timeline", order=90, template="contracts/timeline_panel.html", title=gettext_lazy("経過"))
def timeline_panel(request, contract) -> dict:
    page = Paginator(selectors.contract_timeline(contract), PER_PAGE).get_page(request.GET.get("page"))
    return {"page": page, "events": [event_row(e) for e in page.object_list]}
