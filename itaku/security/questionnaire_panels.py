"""The part of the self-assessment sheet (F-S) in the contract hub: the accepted version, the newest one if
newer, the versions, and what the person may do now."""

from itaku.accounts.choices import Role
from itaku.contracts.choices import ContractState

from .models import SheetVersion
from .questionnaire_choices import SheetState
from .questionnaire_selectors import latest_state

VERSIONS_SHOWN = 6


def waiting_review(request, contract):
    """The tab's badge: a submitted version awaiting the officer (counted with the other tabs' badges)."""
    return SheetVersion.objects.filter(sheet__contract_id=contract.pk, state=SheetState.SUBMITTED)


def _roles(request, contract) -> set[str]:
    # The hub prefetches the contract's memberships: no query per section.
    return {m.role for m in contract.memberships.all() if m.user_id == request.user.pk}


def questionnaire_part(request, contract) -> dict:
    roles = _roles(request, contract)
    latest, accepted, rows = latest_state(contract)
    accepts_work = contract.state not in (ContractState.TERMINATED, ContractState.CLOSED, ContractState.DRAFT)
    open_remedies = []
    if accepted is not None:
        found = remedies_for(accepted)
        open_remedies = [o for o in found if o.state == "open"]
    return {
        "latest": latest,
        "accepted": accepted,
        "versions": rows[:VERSIONS_SHOWN],
        "more_versions": max(0, len(rows) - VERSIONS_SHOWN),
        "can_draft": Role.REPRESENTATIVE in roles and accepts_work
        and (latest is None or latest.state in (SheetState.ACCEPTED, SheetState.RETURNED)),
        "remedies": open_remedies,
        "compare": (rows[1], rows[0]) if len(rows) > 1 else None,
    }


def remedies_for(version) -> list:
    from django.contrib.contenttypes.models import ContentType

    from itaku.obligations.models import Obligation

    from .models import SheetAnswer
    from .questionnaire_choices import REMEDY_KIND

    ctype = ContentType.objects.get_for_model(SheetAnswer)
    return list(Obligation.objects.filter(kind=REMEDY_KIND, source_type=ctype,
                                          source_id__in=SheetAnswer.objects.filter(version=version).values("pk"))
                .order_by("due_on", "id"))

