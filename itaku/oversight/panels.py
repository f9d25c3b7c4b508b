from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.contracts import panels
from itaku.contracts.choices import ContractState

from . import selectors


@panels.register(key="oversight", order=20, template="oversight/panel.html", title=_("協議・調査・指示"))
def oversight_panel(request, contract) -> dict:
    """Consultations (K-1, K-20) and the client's requests (K-10 …) of the contract, overdue ones marked."""
    roles = {m.role for m in contract.memberships.all() if m.user_id == request.user.pk}
    # K-14: a terminated or closed contract takes no new consultation or request.
    accepts_work = contract.state not in (ContractState.TERMINATED, ContractState.CLOSED)
    return {
        "consultations": list(selectors.consultation_list(request.user, contract=contract)),
        "requests": list(selectors.request_list(request.user, contract=contract)),
        "can_record": accepts_work and bool(roles & {Role.OFFICER, Role.REPRESENTATIVE}),
        "can_issue": accepts_work and Role.OFFICER in roles,
    }
