"""The contract hub's section 「期限」: the contract's deadlines, open ones first, a page at a time."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from itaku.contracts import panels

from . import selectors
from .models import ObligationState

PER_PAGE = 15


def _open_count(request, contract):
    """The tab's badge: the contract's open deadlines."""
    return selectors.contract_obligations(request.user, contract).filter(state=ObligationState.OPEN)


@panels.register(key="obligations", order=10, template="obligations/panel.html", title=_("期限"), count=_open_count)
def obligations_panel(request, contract) -> dict:
    from itaku.accounts.choices import Role

    page = Paginator(selectors.contract_obligations(request.user, contract), PER_PAGE).get_page(request.GET.get("page"))
    can_waive = any(m.user_id == request.user.pk and m.role == Role.OFFICER for m in contract.memberships.all())
    return {"obligations": list(page.object_list), "page": page, "can_waive": can_waive}
