"""Moving a contract from one state to another. The states and moves are declared once, on
:class:`~itaku.contracts.models.Contract`; services call :func:`move`, never the methods directly."""

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from itaku.core.exceptions import ClauseViolation

from .choices import ContractState

# States in which the contract still accepts work (K-14: a terminated contract accepts none).
OPEN_STATES = frozenset({ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.REWORK,
                         ContractState.PASSED, ContractState.INVOICED})
# States from which the contract may be terminated (K-14, K-16): signed, and the work not yet passed.
# Once the work has passed inspection it is paid (K-12), not terminated; a draft is not signed yet (K-end).
TERMINABLE_STATES = frozenset({ContractState.ACTIVE, ContractState.COMPLETION_REPORTED, ContractState.REWORK})


def move(contract, name: str, *, clause: str) -> None:
    """Apply the move ``name`` (e.g. ``"pass_inspection"``) to ``contract``, or refuse it with ``clause``.

    The caller saves the contract and journals the change in its transaction.
    """
    method = getattr(contract, name)
    if not can_proceed(method):
        raise ClauseViolation(
            _("現在の状態（%(state)s）の契約ではこの操作はできません。") % {"state": contract.get_state_display()},
            code="state_not_allowed", clause=clause,
        )
    method()


def check_accepts_work(contract, *, clause: str = "K-14") -> None:
    """Refuse new work on a contract that is not signed yet (K-end), or that is terminated or closed (K-14)."""
    if contract.state == ContractState.DRAFT:
        # K-end: the contract binds the parties once both have signed it; a draft accepts no work.
        raise ClauseViolation(
            _("契約の締結が記録されるまで、この契約では手続はできません。先に締結を記録してください。"),
            code="contract_draft", clause="K-end")
    if contract.state == ContractState.TERMINATED:
        raise ClauseViolation(_("この契約は解除されているため、新たな手続はできません。"),
                              code="contract_terminated", clause=clause)
    if contract.state == ContractState.CLOSED:
        raise ClauseViolation(_("この契約は完結しているため、新たな手続はできません。"),
                              code="contract_closed", clause=clause)



def check_terminable(contract, *, clause: str = "K-14") -> None:
    """Refuse to terminate a contract that accepts no work (:func:`check_accepts_work`), or whose work has
    passed inspection: K-14 terminates a contract whose work is not done; work that passed is paid (K-12)."""
    check_accepts_work(contract, clause=clause)
    if contract.state not in TERMINABLE_STATES:
        raise ClauseViolation(
            _("業務は検査に合格しているため、契約を解除できません（現在の状態：%(state)s）。"
              "検査に合格した業務は、契約額の支払により精算します。") % {"state": contract.get_state_display()},
            code="work_passed", clause="K-14")
