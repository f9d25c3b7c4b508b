"""The contract hub's section 「経過」: the journal events of the contract, newest first."""

from django.utils.translation import gettext_lazy as _

from . import selectors
from .panels import register


@register(key="timeline", order=90, template="contracts/timeline_panel.html", title=_("経過"))
def timeline_panel(request, contract) -> dict:
    return {"events": selectors.contract_timeline(contract)[:100]}
