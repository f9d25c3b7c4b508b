"""The contract hub's section 「承諾」: the consent requests (a page at a time) and the subcontractors."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors
from .models import ConsentState

PER_PAGE = 12


def _waiting(request, contract):
    """The tab's badge: the requests awaiting the client's decision."""
    return selectors.consent_list(request.user, contract=contract, state=ConsentState.SUBMITTED)


@panels.register(key="consents", order=30, template="consents/panel.html", title=_("承諾"), count=_waiting)
def consents_panel(request, contract) -> dict:
    from itaku.contracts.lifecycle.selectors import actor_roles

    roles = actor_roles(request.user, contract)  # from the prefetched memberships
    page = Paginator(selectors.consent_list(request.user, contract=contract), PER_PAGE).get_page(
        request.GET.get("page"))
    return {
        "requests": list(page.object_list),
        "page": page,
        "subcontractors": list(selectors.subcontractor_list(request.user, contract=contract)),
        "kinds": selectors.kinds_submittable(request.user, contract, roles=roles),
    }
