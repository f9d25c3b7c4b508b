"""The contract page's section 「完了・検査・支払」 (K-11, K-12, K-13, K-17)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from ..choices import ContractState
from ..models.lifecycle import InspectionResult, Settlement
from ..panels import register
from . import selectors as sel
from .services import PENALTY_STATES, deductions_working
from .views import ACTIONS, action_form


def _inspection(report):
    try:
        return report.inspection
    except ObjectDoesNotExist:
        return None


def _open_actions(contract, history) -> set[str]:
    """The actions the contract's record leaves open now (the services decide in the end)."""
    reports = history["reports"]
    inspections = [i for i in (_inspection(r) for r in reports) if i is not None]
    reworked = {r.rework_of_id for r in reports if r.rework_of_id}
    state = contract.state
    passed_full = [i for i in inspections if i.result == InspectionResult.PASSED and not i.report.partial]
    keys = set()
    if state == ContractState.ACTIVE:
        keys.add("completion")
    if any(i.result == InspectionResult.FAILED and i.pk not in reworked for i in inspections):
        keys.add("rework")
    if any(_inspection(r) is None for r in reports) and state not in (ContractState.TERMINATED, ContractState.CLOSED):
        keys.add("inspection")
    if state == ContractState.PASSED:
        keys.add("invoice")
    if state == ContractState.INVOICED:
        keys.add("payment")
    if (state in PENALTY_STATES and not history["penalties"] and passed_full
            and passed_full[-1].report.reported_on > contract.ends_on):
        keys.add("penalty")
    if any(p.settlement == Settlement.UNSETTLED for p in history["penalties"]):
        keys.add("settle")
    if state == ContractState.PAID:
        keys.add("close")
    if state == ContractState.TERMINATED and any(i.result == InspectionResult.PASSED for i in inspections):
        keys.add("performed")
    return keys


# The acts of the contract's course, shown as open forms at the top of the section to the role that does
# them; the others (penalty, its settlement, K-17) are rare and open from a button to their own page.
FREQUENT = ("completion", "rework", "inspection", "invoice", "payment", "close")


def _count(request, contract):
    """The tab's badge: the completion reports waiting for their inspection."""
    return sel.completion_reports_visible_to(request.user, contract).filter(inspection__isnull=True)


@register(key="lifecycle", order=50, template="contracts/lifecycle/panel.html", title=_("完了・検査・支払"),
          count=_count)
def lifecycle_panel(request, contract) -> dict:
    history = sel.lifecycle_history(request.user, contract)
    roles = sel.actor_roles(request.user, contract)
    open_keys = _open_actions(contract, history) if roles else set()
    allowed = [(key, action) for key, action in ACTIONS.items() if action.roles & roles and key in open_keys]
    # K-13, P-13, S-14: what is deducted from the contract amount, with its working (one query).
    deductions = (deductions_working(contract) if contract.state in (
        ContractState.PASSED, ContractState.INVOICED, ContractState.PAID, ContractState.CLOSED) else None)
    return {
        **history,
        "deductions": deductions,
        "frequent": [{"key": key, "action": action, "url": f"contracts:lifecycle-{key}",
                      "form": action_form(action, contract)} for key, action in allowed if key in FREQUENT],
        "rare": [{"key": key, "action": action, "url": f"contracts:lifecycle-{key}"}
                 for key, action in allowed if key not in FREQUENT],
    }
