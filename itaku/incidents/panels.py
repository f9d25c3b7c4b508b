"""The contract hub's section 「事故・違反」: the contract's incidents (P-12, S-13) with their deadlines, and
the breaches of the annexes the client found (P-13, S-14)."""

from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors, services
from .choices import IncidentState


def _open(request, contract):
    """The tab's badge: the incidents still open (a queryset: the hub counts every tab's in one query)."""
    return selectors.incident_list(request.user, contract=contract).filter(state=IncidentState.OPEN)


@panels.register(key="incidents", order=38, template="incidents/panel.html", title=_("事故・違反"), count=_open)
def incidents_panel(request, contract) -> dict:
    roles = {m.role for m in contract.memberships.all() if m.user_id == request.user.pk}
    return {
        "incidents": list(selectors.incident_list(request.user, contract=contract)[:50]),
        "breaches": list(selectors.breach_list(request.user, contract=contract)[:50]),
        "can_open": bool(roles & services.CONTRACTOR_ROLES) and contract.state != "draft",
        "can_record_breach": "officer" in roles,
    }
