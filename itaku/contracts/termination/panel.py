"""The contract hub's section 「解除・損害」: the termination (K-14, K-16), force-majeure requests (K-16)
and damages (K-15). Each act is rare: it opens from a button to its own page (termination/views.py)."""

from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role

from .. import panels
from ..models import ForceMajeureState, PenaltySettlement
from ..states import OPEN_STATES, TERMINABLE_STATES
from . import selectors

# The clause texts the panel quotes, as the contract says them.
TEXTS = {"k14_2": "K-14-2", "k14_3": "K-14-3", "k15": "K-15", "k16_1": "K-16-1", "k16_2": "K-16-2"}


@panels.register(key="termination", order=80, template="contracts/termination/panel.html", title=_("解除・損害"))
def termination_panel(request, contract) -> dict:
    actor = request.user
    roles = selectors.roles_on(actor, contract)
    termination = selectors.termination_of(actor, contract)
    clauses = selectors.termination_clauses(contract)
    requests = list(selectors.force_majeure_list(actor, contract=contract))
    open_contract = contract.state in OPEN_STATES and termination is None
    # K-14, K-16: only a contract whose work has not passed inspection is terminated.
    terminable = open_contract and contract.state in TERMINABLE_STATES
    pending = next((r for r in requests if r.is_open), None)
    officer = Role.OFFICER in roles
    return {
        "termination": termination,
        "grounds": [clauses[g] for g in termination.grounds if g in clauses] if termination else [],
        "text": {key: clauses[cid].words if cid in clauses else "" for key, cid in TEXTS.items()},
        "requests": requests,
        "damages": list(selectors.damage_event_list(actor, contract=contract)),
        "open_contract": open_contract,
        "can_terminate": officer and terminable,
        "can_settle": bool(termination and termination.settlement == PenaltySettlement.UNSETTLED
                           and roles & {Role.OFFICER, Role.ACCOUNTANT}),
        # The rare acts open from a button to their own page (termination/views.py).
        "can_request": Role.REPRESENTATIVE in roles and terminable and not pending,
        "pending": pending,
        "can_investigate": bool(officer and pending and pending.state == ForceMajeureState.SUBMITTED),
        "can_decide": bool(officer and pending and pending.state == ForceMajeureState.INVESTIGATING),
        "can_record_damage": bool(roles & {Role.OFFICER, Role.REPRESENTATIVE}),
    }
