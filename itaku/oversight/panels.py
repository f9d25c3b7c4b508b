"""The contract hub's section 「協議・調査」: the client's requests, reports and instructions (K-10 …) and the
consultations (K-1, K-20), each list a page at a time."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.contracts import panels
from itaku.contracts.choices import ContractState

from . import selectors
from .choices import RequestState

PER_PAGE = 6


def _waiting(request, contract):
    """The tab's badge: the requests waiting for a response or for its acceptance."""
    qs = selectors.request_list(request.user, contract=contract)
    return qs.filter(Q(state=RequestState.OPEN) | Q(state=RequestState.ANSWERED))


@panels.register(key="oversight", order=20, template="oversight/panel.html", title=_("協議・調査"), count=_waiting)
def oversight_panel(request, contract) -> dict:
    """Consultations (K-1, K-20) and the client's requests (K-10 …) of the contract, overdue ones marked."""
    roles = {m.role for m in contract.memberships.all() if m.user_id == request.user.pk}
    # K-14: a terminated or closed contract takes no new consultation or request.
    accepts_work = contract.state not in (ContractState.TERMINATED, ContractState.CLOSED)
    requests = Paginator(selectors.request_list(request.user, contract=contract), PER_PAGE).get_page(
        request.GET.get("requests"))
    consultations = Paginator(selectors.consultation_list(request.user, contract=contract), PER_PAGE).get_page(
        request.GET.get("consultations"))
    return {
        "consultations": list(consultations.object_list),
        "consultations_page": consultations,
        "requests": list(requests.object_list),
        "requests_page": requests,
        "can_record": accepts_work and bool(roles & {Role.OFFICER, Role.REPRESENTATIVE}),
        "can_issue": accepts_work and Role.OFFICER in roles,
    }
