"""Close-out gates: what must be finished before a contract can be closed (完結).

An app that keeps something open until the end of the work (the personal information to be returned,
disposed of or erased, P-6-7; the information assets of annex 2) registers a gate once, in its
``AppConfig.ready``::

    from itaku.contracts.lifecycle import gates

    @gates.register("privacy")
    def datasets_closed_out(contract) -> ClauseViolation | None:
        ...

A gate returns ``None`` when the contract may be closed, else the refusal (with its clause).
:func:`itaku.contracts.lifecycle.services.contract_close` asks every gate, in the order registered.
"""

from collections.abc import Callable

from itaku.core.exceptions import ClauseViolation

Gate = Callable[..., ClauseViolation | None]
_gates: dict[str, Gate] = {}


def register(key: str):
    def decorator(func: Gate) -> Gate:
        _gates[key] = func
        return func

    return decorator


def refusals(contract) -> list[ClauseViolation]:
    """Every gate's refusal for ``contract``, in the order the gates were registered."""
    return [refusal for gate in _gates.values() if (refusal := gate(contract)) is not None]


def check(contract) -> None:
    """Raise the first gate's refusal, if any."""
    found = refusals(contract)
    if found:
        raise found[0]


# What happens when a contract has been closed: an app registers a hook once, in its ``AppConfig.ready``
# (the reminder that confidentiality continues, K-7). Each hook runs inside the close's transaction, sends
# what it sends on commit and returns what the close's journal event records (the people it told).
CloseHook = Callable[..., list[str]]
_on_close: dict[str, CloseHook] = {}


def on_close(key: str):
    def decorator(func: CloseHook) -> CloseHook:
        _on_close[key] = func
        return func

    return decorator


def closed(contract) -> dict[str, list[str]]:
    """Run every close hook for ``contract``: {hook's key: what it records}, the empty ones left out."""
    return {key: found for key, hook in _on_close.items() if (found := hook(contract))}
