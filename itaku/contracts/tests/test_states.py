"""The contract's states and moves are declared once; a move that is not allowed is refused with its clause."""

import pytest
from django.urls import reverse

from itaku.contracts.choices import ContractState
from itaku.contracts.models import Contract
from itaku.contracts.services import contract_activate, contract_create
from itaku.contracts.states import OPEN_STATES, check_accepts_work, move
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event

from .test_contract_create import _kwargs

# Every move of the contract, from where to where (the states: draft, active, completion
# reported, rework, passed, invoiced, paid, closed; terminated).
MOVES = {
    "activate": ({"draft"}, "active"),
    "report_completion": ({"active"}, "completion_reported"),
    "fail_inspection": ({"completion_reported"}, "rework"),
    "report_rework": ({"rework"}, "completion_reported"),
    "pass_inspection": ({"completion_reported"}, "passed"),
    "receive_invoice": ({"passed"}, "invoiced"),
    "record_payment": ({"invoiced"}, "paid"),
    "close": ({"paid"}, "closed"),
    # A draft is not terminated: unsigned, it is simply not activated (K-end).
    # Nor is a contract whose work passed inspection: it is paid (K-12); K-14 ends work that is not done.
    "terminate": ({"active", "completion_reported", "rework"}, "terminated"),
}


def test_the_moves_are_declared_on_the_model():
    declared = {}
    for t in Contract._meta.get_field("state").get_all_transitions(Contract):
        sources, target = declared.setdefault(t.name, (set(), t.target))
        sources.add(t.source)
    assert declared == MOVES


@pytest.mark.parametrize("state", ContractState.values)
@pytest.mark.clause("K-11")
def test_each_move_is_allowed_exactly_from_its_sources(state):
    for name, (sources, target) in MOVES.items():
        contract = Contract(state=state)
        if state in sources:
            move(contract, name, clause="K-11")
            assert contract.state == target
        else:
            with pytest.raises(ClauseViolation) as refused:
                move(contract, name, clause="K-11")
            assert refused.value.clause == "K-11" and refused.value.code == "state_not_allowed"
            assert contract.state == state


@pytest.mark.clause("K-14")
def test_terminated_and_closed_contracts_accept_no_new_work():
    for state in ContractState.values:
        contract = Contract(state=state)
        if state in (ContractState.TERMINATED, ContractState.CLOSED):
            with pytest.raises(ClauseViolation) as refused:
                check_accepts_work(contract)
            assert refused.value.clause == "K-14"
        elif state != ContractState.DRAFT:
            check_accepts_work(contract)
    assert ContractState.TERMINATED not in OPEN_STATES


@pytest.mark.clause("K-end")
def test_a_draft_accepts_no_work_until_it_is_signed(demo):
    contract = contract_create(**_kwargs(demo), draft=True)
    with pytest.raises(ClauseViolation) as refused:
        check_accepts_work(contract, clause="K-14")
    assert refused.value.clause == "K-end" and refused.value.code == "contract_draft"
    assert "契約の締結が記録されるまで" in str(refused.value)
    assert ContractState.DRAFT not in OPEN_STATES
    with pytest.raises(ClauseViolation) as refused:  # an unsigned contract is not terminated
        move(contract, "terminate", clause="K-14")
    assert contract.state == ContractState.DRAFT
    contract = contract_activate(actor=demo["officer"], contract=contract)
    check_accepts_work(contract)


@pytest.mark.clause("K-end")
def test_a_draft_is_activated_by_its_officer_only_once(demo):
    contract = contract_create(**_kwargs(demo), draft=True)
    assert contract.state == ContractState.DRAFT
    with pytest.raises(PermissionRefused):
        contract_activate(actor=demo["inspector"], contract=contract)
    contract = contract_activate(actor=demo["officer"], contract=contract)
    assert Contract.objects.get(pk=contract.pk).state == ContractState.ACTIVE
    event = Event.objects.order_by("-seq").first()
    assert event.action == "contracts.contract.activated" and event.clause_id == "K-end"
    with pytest.raises(ClauseViolation) as refused:
        contract_activate(actor=demo["officer"], contract=contract)
    assert refused.value.clause == "K-end"


@pytest.mark.clause("K-end")
def test_activate_on_the_page_and_the_api(client, demo):
    from rest_framework.test import APIClient

    contract = contract_create(**_kwargs(demo), draft=True)
    client.force_login(demo["officer"])
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "締結を記録" in html and "起案中" in html
    client.post(reverse("contracts:activate", args=[contract.pk]))
    assert Contract.objects.get(pk=contract.pk).state == ContractState.ACTIVE
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "締結を記録しました" in html and f'action="/contracts/{contract.pk}/activate/"' not in html

    second = contract_create(**_kwargs(demo, title="API起案"), draft=True)
    api = APIClient()
    api.force_authenticate(demo["officer"])
    body = api.post(reverse("api:contract-activate", args=[second.pk])).json()
    assert body["state"] == "active"
    again = api.post(reverse("api:contract-activate", args=[second.pk]))
    assert again.status_code == 400 and again.json()["clause"] == "K-end"
