"""The consents section of the contract page."""

from itaku.contracts import panels

from . import selectors
from .services import roles_of


@panels.register(key="consents", order=30, template="consents/panel.html")
def consents_panel(request, contract) -> dict:
    roles = roles_of(request.user, contract)
    return {
        "requests": list(selectors.consent_list(request.user, contract=contract)),
        "subcontractors": list(selectors.subcontractor_list(request.user, contract=contract)),
        "kinds": selectors.kinds_submittable(request.user, contract, roles=roles),
    }
