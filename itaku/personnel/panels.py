"""The contract hub's section 「体制・周知」: the responsibility reports (P-3, F-P; P-9-4 for subcontractors),
who may handle the personal information, the briefing (P-4), training (P-4-2), pledges (K-7, P-2) and the
dispatch confirmations (P-6-2)."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.consents.models import Subcontractor
from itaku.contracts import panels
from itaku.contracts.choices import ContractState
from itaku.contracts.lifecycle.selectors import actor_roles

from . import selectors
from .choices import VersionState
from .models import ReportVersion

TRAININGS_SHOWN = 6


def _waiting(request, contract):
    """The tab's badge: the versions awaiting the officer's acceptance (a queryset: the hub counts every
    badge in one query)."""
    return ReportVersion.objects.filter(report__contract_id=contract.pk, state=VersionState.SUBMITTED)


@panels.register(key="personnel", order=35, template="personnel/panel.html", title=_("体制・周知"), count=_waiting)
def personnel_panel(request, contract) -> dict:
    user = request.user
    roles = actor_roles(user, contract)  # from the prefetched memberships
    accepts_work = contract.state not in (ContractState.TERMINATED, ContractState.CLOSED, ContractState.DRAFT)
    reports = selectors.report_views(contract)
    reported = {r.report.organisation_id for r in reports}
    is_rep = Role.REPRESENTATIVE in roles
    unreported = []
    if is_rep and accepts_work:
        unreported = [s for s in Subcontractor.objects.filter(contract_id=contract.pk).select_related("organisation")
                      if s.organisation_id not in reported]
    named = selectors.named_anywhere(contract, user)
    briefed = selectors.briefing_list(contract).filter(user_id=user.pk).first()
    pledged = selectors.pledge_list(contract).filter(user_id=user.pk).first()
    trainings = list(selectors.training_list(contract)[:TRAININGS_SHOWN])
    return {
        "reports": reports,
        "contractor_reported": contract.contractor_id in reported,
        "unreported_subcontractors": unreported,
        "people": selectors.people(contract),
        "trainings": trainings,
        "can_draft": is_rep and accepts_work,
        "can_manage": bool(roles & {Role.REPRESENTATIVE, Role.PRIVACY_OFFICER}) and accepts_work,
        "my_briefing": briefed,
        "can_acknowledge": accepts_work and named and briefed is None,
        "my_pledge": pledged,
        "can_pledge": accepts_work and pledged is None and user.organisation_id == contract.contractor_id
        and bool(roles),
    }
