"""The contract hub's section 「個人情報」: the register of the contract's personal information (P-5,
P-6-4, P-7), the client side's grants, and the close-out (P-6-7)."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.contracts import panels
from itaku.contracts.lifecycle.selectors import actor_roles

from . import selectors
from .access import GRANT_ADMIN_ROLE, file_refusal, is_client_user
from .choices import DatasetState


def _open(request, contract):
    """The tab's badge: the datasets not yet closed out and confirmed (a queryset: the hub counts every
    badge in one query)."""
    return selectors.datasets_visible_to(request.user).filter(contract=contract, confirmed_on__isnull=True)


@panels.register(key="privacy", order=35, template="privacy/panel.html", title=_("個人情報"), count=_open)
def privacy_panel(request, contract) -> dict:
    roles = actor_roles(request.user, contract)  # from the prefetched memberships
    datasets = list(selectors.dataset_list(request.user, contract=contract))
    refusal = file_refusal(request.user, contract)
    return {
        "datasets": datasets,
        "can_register": Role.PRIVACY_OFFICER in roles,
        "can_grant": GRANT_ADMIN_ROLE in roles,
        "client_side": is_client_user(request.user, contract),
        "grants": list(selectors.grant_list(request.user, contract=contract)[:50]),
        "refusal": refusal,
        "any_closed": any(d.state != DatasetState.HELD for d in datasets),
    }
