"""The close of a paid contract (K-12, K-13), and the parts performed before a termination (K-17)."""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.core.exceptions import ClauseViolation
from itaku.journal.services import journal_append

from ...choices import ContractState
from ...models import Contract
from ...models.lifecycle import Inspection, InspectionResult, LatePenalty, Payment, PerformedPart, Settlement
from ...states import move
from .. import gates
from ._common import _check_day, _check_yen, _lock, _require_role, _text, set_off_total


@transaction.atomic
def contract_close(*, actor, contract) -> Contract:
    """The officer closes a paid contract; a penalty not yet settled keeps it open (K-12, K-13)."""
    _require_role(actor, contract, {Role.OFFICER}, _("契約を完結できるのはこの契約の契約担当者です。"))
    contract = _lock(contract)
    if LatePenalty.objects.filter(contract=contract, settlement=Settlement.UNSETTLED).exists():
        raise ClauseViolation(_("精算されていない延滞違約金があるため、完結できません。"), code="penalty_unsettled",
                              clause="K-13")
    gates.check(contract)  # what other parts of the contract keep open (P-6-7 …): see lifecycle.gates
    move(contract, "close", clause="K-12")
    contract.save(update_fields=["state"])
    told = gates.closed(contract)  # K-7: each person who pledged is reminded that confidentiality continues
    paid = Payment.objects.filter(contract=contract).aggregate(total=Sum("amount"), interest=Sum("interest"))
    journal_append(actor=actor, action="contracts.contract.closed", contract=contract, clause="K-12", obj=contract,
                   data={"paid": paid["total"] or 0, "interest": paid["interest"] or 0,
                         "set_off": set_off_total(contract), **({"reminded": told} if told else {})})
    return contract


@transaction.atomic
def performed_part_record(*, actor, contract, amount: int, basis: str, inspections, recorded_on: dt.date
                          ) -> PerformedPart:
    """K-17: after a termination, the officer records the amount agreed for the completed parts that
    passed inspection (既履行部分契約額), against those inspections."""
    _require_role(actor, contract, {Role.OFFICER}, _("既履行部分契約額を記録できるのはこの契約の契約担当者です。"))
    contract = _lock(contract)
    if contract.state != ContractState.TERMINATED:
        raise ClauseViolation(_("既履行部分契約額は、解除された契約についてのみ記録できます。"),
                              code="not_terminated", clause="K-17")
    ids = {getattr(i, "pk", i) for i in (inspections or [])}
    found = list(Inspection.objects.filter(pk__in=ids, contract=contract, result=InspectionResult.PASSED))
    if not ids or len(found) != len(ids):
        raise ClauseViolation(_("この契約の検査に合格した部分を選んでください。"), code="inspections_invalid",
                              clause="K-17", field="inspections")
    _check_yen(amount, field="amount", clause="K-17", maximum=contract.amount, max_text=_("契約額"))
    basis = _text(basis, field="basis", clause="K-17", message=_("額の根拠（甲乙の協議の内容）を入力してください。"))
    _check_day(recorded_on, field="recorded_on", clause="K-17", not_before=contract.signed_on,
               before_text=_("契約締結日"))
    part = PerformedPart.objects.create(contract=contract, amount=amount, basis=basis, recorded_on=recorded_on,
                                        recorded_by=actor)
    part.inspections.set(found)
    journal_append(actor=actor, action="contracts.performed_part.recorded", contract=contract, clause="K-17",
                   obj=part, data={"amount": amount, "basis": basis, "recorded_on": recorded_on,
                                   "inspections": sorted(i.pk for i in found)})
    return part
