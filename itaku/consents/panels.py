"""The consents section of the contract page."""

from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors
from .services import roles_of


@panels.register(key="consents", order=30, template="consents/panel.html", title=_("承諾"))
def consents_panel(request, contract) -> dict:
    roles = roles_of(request.user, contract)
    return {
        "requests": list(selectors.consent_list(request.user, contract=contract)),
        "subcontractors": list(selectors.subcontractor_list(request.user, contract=contract)),
        "kinds": selectors.kinds_submittable(request.user, contract, roles=roles),
    }
