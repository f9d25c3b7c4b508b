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


@panels.register(key="compliance", order=21, template="oversight/compliance_panel.html", within="oversight")
def compliance_panel(request, contract) -> dict:
    """Within 「協議・調査」: the compliance reports (P-10-1) with their schedule, and the contractor's
    privacy declaration (P-14)."""
    from .compliance import declaration_of
    from .forms import DeclarationForm, ScheduleForm
    from .models import ComplianceReport, ComplianceSchedule

    roles = {m.role for m in contract.memberships.all() if m.user_id == request.user.pk}
    accepts_work = contract.state not in (ContractState.TERMINATED, ContractState.CLOSED)
    # One row per period of the contract's term (bounded by the term): all of them.
    reports = list(ComplianceReport.objects.filter(contract=contract).select_related("submitted_by")
                   .order_by("period_start", "id"))
    schedule = ComplianceSchedule.objects.filter(contract=contract).first()
    can_schedule = accepts_work and Role.OFFICER in roles
    can_declare = bool(roles & {Role.REPRESENTATIVE, Role.PRIVACY_OFFICER})
    return {
        "schedule": schedule,
        "reports": reports,
        "declaration": declaration_of(contract),
        "schedule_form": ScheduleForm(initial={"interval": schedule.interval, "due_days": schedule.due_days}
                                      if schedule else None) if can_schedule else None,
        "declaration_form": DeclarationForm() if can_declare else None,
    }
