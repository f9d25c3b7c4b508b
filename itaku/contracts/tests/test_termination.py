"""Termination and its effects: K-14 (the client terminates; the penalty), K-15 (damages), K-16 (force majeure)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itaku.contracts.choices import ContractState
from itaku.contracts.models import (
    Contract,
    ContractTemplate,
    DamageEvent,
    ForceMajeureRequest,
    PenaltySettlement,
    TemplateClause,
    Termination,
)
from itaku.contracts.termination.services import (
    contract_terminate,
    damage_event_record,
    force_majeure_decide,
    force_majeure_investigate,
    force_majeure_request_submit,
    termination_penalty,
    termination_penalty_settle,
)
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.tests.html import unwrapped
from itaku.journal.models import Event
from itaku.obligations.models import Obligation, ObligationState

from .authz_expect_termination import twin

SEED = "ひきこもり支援Web広告業務"


def _ids(items):
    """The obligations among work items (わたしの仕事 lists work items; those of an obligation carry its id)."""
    return [i.obligation_id for i in items if i.obligation_id]


@pytest.fixture
def seed(demo):
    from itaku.contracts.models import Contract

    return Contract.objects.get(title=SEED)


@pytest.fixture
def contract(demo, seed):
    """A contract like the seed one (same parties and members, 3,300,000 yen), for terminating."""
    return twin(demo, seed, "解除される業務（テスト）")


def terminate(demo, contract, **kw):
    args = dict(actor=demo["officer"], contract=contract, grounds=["K-14-1-1"], facts="期限までに成果物の納品がない。",
                terminated_on=dt.date(2023, 12, 1), penalty_due_on=dt.date(2024, 1, 10))
    args.update(kw)
    return contract_terminate(**args)


# --- K-14: grounds ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-14")
@pytest.mark.parametrize("grounds, code, clause", [
    ([], "grounds_missing", "K-14-1"),
    (["K-14-1-5"], "grounds_subitem_missing", "K-14-1-5"),
    (["K-14-1-5-ア"], "grounds_item_missing", "K-14-1-5"),
    (["K-14-1-9"], "grounds_unknown", "K-14-1"),
    (["K-14-2"], "grounds_unknown", "K-14-1"),
    (["K-13"], "grounds_unknown", "K-14-1"),
])
def test_grounds_are_validated_against_the_template(demo, contract, grounds, code, clause):
    with pytest.raises(ClauseViolation) as exc:
        terminate(demo, contract, grounds=grounds)
    assert exc.value.code == code and exc.value.clause == clause and exc.value.field == "grounds"
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE and not Termination.objects.filter(contract=contract).exists()


@pytest.mark.clause("K-14")
def test_item_5_with_a_subitem_is_accepted_in_the_template_order(demo, contract):
    termination = terminate(demo, contract, grounds=["K-14-1-5-エ", "K-14-1-2", "K-14-1-5"])
    assert termination.grounds == ["K-14-1-2", "K-14-1-5", "K-14-1-5-エ"]


@pytest.mark.clause("K-14")
def test_grounds_come_from_the_template_rows(demo, contract):
    """A template without item 4 does not accept it: the grounds are the template's rows, not a fixed list."""
    TemplateClause.objects.filter(template=contract.template, clause_id="K-14-1-4").delete()
    with pytest.raises(ClauseViolation) as exc:
        terminate(demo, contract, grounds=["K-14-1-4"])
    assert exc.value.code == "grounds_unknown"


# --- K-14-2: the penalty ---------------------------------------------------------------------------------

@pytest.mark.clause("K-14")
def test_penalty_is_ten_tenths_of_the_amount_with_its_working(demo, contract):
    termination = terminate(demo, contract)
    assert termination.penalty_amount == 3_300_000
    working = termination.penalty_working
    assert working["result"] == 3_300_000 and working["exact"] == "3300000.00"
    assert {"label": "割合（ひな形の定数）", "value": "10分の10"} in working["inputs"]
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED
    assert termination.settlement == PenaltySettlement.UNSETTLED
    event = Event.objects.get(action="contracts.termination.terminated", contract=contract)
    assert event.clause_id == "K-14" and event.data["penalty_amount"] == 3_300_000
    assert event.data["compensation"] is None and event.data["compensation_clause"] == "K-14-3"
    obligation = Obligation.objects.get(contract=contract, kind="contracts.termination_penalty")
    assert obligation.due_on == dt.date(2024, 1, 10) and obligation.role == "representative"


@pytest.mark.clause("K-14")
def test_penalty_fraction_is_the_templates_parameter_cut_off_to_the_yen(demo, contract):
    template = ContractTemplate.objects.get(pk=contract.template_id)
    template.parameters = {**template.parameters, "termination_penalty_numerator": 1,
                           "termination_penalty_denominator": 10}
    template.save()
    contract.amount = 3_300_007
    contract.save()
    contract.refresh_from_db()
    working = termination_penalty(contract)
    assert working.result == 330_000  # 330,000.7 cut off
    assert working.as_dict()["exact"] == "330000.70"
    assert terminate(demo, contract).penalty_amount == 330_000


@pytest.mark.clause("K-14")
def test_penalty_due_date_is_required_and_not_before_termination(demo, contract):
    with pytest.raises(ClauseViolation) as exc:
        terminate(demo, contract, penalty_due_on=None)
    assert exc.value.code == "penalty_due_missing" and exc.value.clause == "K-14-2"
    with pytest.raises(ClauseViolation) as exc:
        terminate(demo, contract, penalty_due_on=dt.date(2023, 11, 1))
    assert exc.value.code == "penalty_due_before"


@pytest.mark.clause("K-14")
@pytest.mark.parametrize("username", ["inspector", "accountant", "auditor", "rep", "privacy"])
def test_only_the_officer_terminates(demo, contract, username):
    with pytest.raises(PermissionRefused):
        terminate(demo, contract, actor=demo[username])
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE


@pytest.mark.clause("K-14")
def test_terminated_contract_refuses_new_work_and_a_second_termination(demo, contract):
    terminate(demo, contract)
    with pytest.raises(ClauseViolation) as exc:
        terminate(demo, contract)
    assert exc.value.code == "contract_terminated" and exc.value.clause == "K-14"
    with pytest.raises(ClauseViolation) as exc:
        force_majeure_request_submit(actor=demo["rep"], contract=contract, event_on=dt.date(2023, 12, 5),
                                     description="台風による損害")
    assert exc.value.code == "contract_terminated" and exc.value.clause == "K-14"
    assert not ForceMajeureRequest.objects.filter(contract=contract).exists()


@pytest.mark.clause("K-14")
def test_closed_contract_cannot_be_terminated(demo, contract):
    contract.state = ContractState.CLOSED
    contract.save()
    with pytest.raises(ClauseViolation) as exc:
        terminate(demo, contract)
    assert exc.value.code == "contract_closed" and exc.value.clause == "K-14"


def pass_the_work(demo, contract, *, invoice=False):
    """The contractor reports the work done and the inspector passes it (K-11); the invoice follows (K-12)."""
    from itaku.contracts.lifecycle import services as lifecycle

    report = lifecycle.completion_report(actor=demo["rep"], contract=contract, reported_on=dt.date(2023, 11, 1),
                                         summary="完了しました", files=[ContentFile(b"done", name="done.txt")])
    lifecycle.inspection_record(actor=demo["inspector"], report=report, inspected_on=dt.date(2023, 11, 6),
                                result="passed")
    if invoice:
        lifecycle.invoice_register(actor=demo["accountant"], contract=contract, received_on=dt.date(2023, 11, 7))
    contract.refresh_from_db()
    return contract


@pytest.mark.clause("K-14")
@pytest.mark.parametrize("invoice, state", [(False, ContractState.PASSED), (True, ContractState.INVOICED)])
def test_work_that_passed_inspection_is_paid_not_terminated(client, demo, contract, invoice, state):
    contract = pass_the_work(demo, contract, invoice=invoice)
    assert contract.state == state
    events = Event.objects.count()
    with pytest.raises(ClauseViolation) as exc:  # refused before the inputs are looked at
        terminate(demo, contract, grounds=[], facts="")
    assert exc.value.code == "work_passed" and exc.value.clause == "K-14"
    assert "検査に合格" in str(exc.value) and "支払" in str(exc.value)
    contract.refresh_from_db()
    assert contract.state == state and not Termination.objects.filter(contract=contract).exists()
    assert Event.objects.count() == events
    client.force_login(demo["officer"])  # the panel offers no termination
    html = client.get(reverse("contracts:section", args=[contract.pk, "termination"])).content.decode()
    assert reverse("contracts:termination-create", args=[contract.pk]) not in html


@pytest.mark.clause("K-14")
@pytest.mark.clause("K-16")
def test_force_majeure_is_not_approved_once_the_work_passed_inspection(demo, contract):
    request = submit(demo, contract)
    request = force_majeure_investigate(actor=demo["officer"], request=request, findings="確認した。",
                                        investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 9, 20))
    contract = pass_the_work(demo, contract)
    with pytest.raises(ClauseViolation) as exc:  # refused before the decision date is looked at
        force_majeure_decide(actor=demo["officer"], request=request, approve=True, decided_on=dt.date(2000, 1, 1))
    assert exc.value.code == "work_passed" and exc.value.clause == "K-14"
    contract.refresh_from_db()
    request.refresh_from_db()
    assert contract.state == ContractState.PASSED and request.state == "investigating"
    assert not Termination.objects.filter(contract=contract).exists()
    request = force_majeure_decide(actor=demo["officer"], request=request, approve=False,
                                   reasons="業務は完了している。", decided_on=dt.date(2023, 11, 7))
    assert request.state == "refused"


def report_the_work(demo, contract, on=dt.date(2023, 11, 1)):
    from itaku.contracts.lifecycle import services as lifecycle

    return lifecycle.completion_report(actor=demo["rep"], contract=contract, reported_on=on, summary="完了しました",
                                       files=[ContentFile(b"done", name="done.txt")])


@pytest.mark.clause("K-14")
def test_termination_closes_the_open_inspection_and_rework_deadlines(demo, contract):
    from itaku.contracts.lifecycle import services as lifecycle
    from itaku.obligations.selectors import dashboard

    part = lifecycle.completion_report(actor=demo["rep"], contract=contract, reported_on=dt.date(2023, 10, 2),
                                       summary="一部", partial=True, part_description="9月分",
                                       files=[ContentFile(b"part", name="part.txt")])
    failed = lifecycle.inspection_record(actor=demo["inspector"], report=part, inspected_on=dt.date(2023, 10, 5),
                                         result="failed", findings="誤字がある。", rework_due_on=dt.date(2023, 10, 20))
    report = report_the_work(demo, contract)
    inspection = Obligation.objects.get(kind="contracts.inspection", source_id=report.pk, contract=contract)
    rework = Obligation.objects.get(kind="contracts.rework", source_id=failed.pk, contract=contract)
    other = twin(demo, contract, "解除されない業務（テスト）")
    untouched = Obligation.objects.get(kind="contracts.inspection", source_id=report_the_work(demo, other).pk,
                                       contract=other)
    day = inspection.due_on
    assert inspection.pk in _ids(dashboard(demo["inspector"], day)["soon"])
    assert inspection.pk in _ids(dashboard(demo["officer"], day)["others"])
    terminate(demo, contract, terminated_on=dt.date(2023, 11, 3))
    for obligation in (inspection, rework):
        obligation.refresh_from_db()
        assert obligation.state == ObligationState.WAIVED and obligation.closed_on == dt.date(2023, 11, 3)
        assert obligation.waived_reason == "契約の解除（K-14）により不要となった"
        assert obligation.closed_by == demo["officer"]
    untouched.refresh_from_db()
    assert untouched.state == ObligationState.OPEN
    assert inspection.pk not in _ids(dashboard(demo["inspector"], day)["soon"])
    assert inspection.pk not in _ids(dashboard(demo["officer"], day)["others"])
    assert Obligation.objects.get(contract=contract, kind="contracts.termination_penalty").state == ObligationState.OPEN
    event = Event.objects.get(contract=contract, action="contracts.termination.terminated")
    assert event.data["obligations_closed"] == 2
    assert not Event.objects.filter(contract=contract, action="obligations.obligation.waived").exists()


@pytest.mark.clause("K-14")
@pytest.mark.clause("K-16")
def test_termination_closes_a_pending_force_majeure_request_and_an_approval_the_inspection(demo, contract):
    request = submit(demo, contract)
    terminate(demo, contract)
    pending = Obligation.objects.get(kind="contracts.force_majeure", source_id=request.pk)
    assert pending.state == ObligationState.WAIVED

    other = twin(demo, contract, "不可抗力で解除される業務（テスト）")
    request = submit(demo, other)
    request = force_majeure_investigate(actor=demo["officer"], request=request, findings="確認した。",
                                        investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 12, 20))
    report = report_the_work(demo, other)
    force_majeure_decide(actor=demo["officer"], request=request, approve=True, decided_on=dt.date(2023, 11, 2))
    inspection = Obligation.objects.get(kind="contracts.inspection", source_id=report.pk, contract=other)
    assert inspection.state == ObligationState.WAIVED and inspection.closed_on == dt.date(2023, 11, 2)
    assert inspection.waived_reason == "不可抗力による契約の解除（K-16）により不要となった"
    decision = Obligation.objects.get(kind="contracts.force_majeure_decision", source_id=request.pk)
    assert decision.state == ObligationState.MET  # the request itself was decided, not waived
    assert not Obligation.objects.filter(contract=other, state=ObligationState.OPEN).exists()
    event = Event.objects.get(contract=other, action="contracts.force_majeure.approved")
    assert event.data["obligations_closed"] == 1


@pytest.mark.clause("K-14")
def test_settling_the_penalty(demo, contract):
    termination = terminate(demo, contract)
    with pytest.raises(PermissionRefused):
        termination_penalty_settle(actor=demo["inspector"], termination=termination, settlement="paid")
    with pytest.raises(ClauseViolation) as exc:
        termination_penalty_settle(actor=demo["accountant"], termination=termination, settlement="set_off")
    assert exc.value.code == "set_off_note_missing"
    termination_penalty_settle(actor=demo["accountant"], termination=termination, settlement="paid",
                               settled_on=dt.date(2024, 1, 9))
    termination.refresh_from_db()
    assert termination.settlement == "paid" and termination.settled_by == demo["accountant"]
    assert Obligation.objects.get(kind="contracts.termination_penalty", contract=contract).state == ObligationState.MET
    with pytest.raises(ClauseViolation) as exc:
        termination_penalty_settle(actor=demo["officer"], termination=termination, settlement="paid")
    assert exc.value.code == "penalty_settled"


# --- K-16: force majeure ---------------------------------------------------------------------------------

def submit(demo, contract, **kw):
    args = dict(actor=demo["rep"], contract=contract, event_on=dt.date(2023, 9, 1),
                description="台風による浸水で機材が損壊し、履行が不可能となった。", submitted_on=dt.date(2023, 9, 4),
                documents=[ContentFile(b"report", name="report.txt")])
    args.update(kw)
    return force_majeure_request_submit(**args)


@pytest.mark.clause("K-16")
def test_force_majeure_flow_opens_and_meets_obligations_and_approval_terminates(demo, contract):
    with pytest.raises(PermissionRefused):
        submit(demo, contract, actor=demo["officer"])
    with pytest.raises(ClauseViolation) as exc:
        submit(demo, contract, description="  ")
    assert exc.value.code == "description_missing" and exc.value.clause == "K-16-1"
    request = submit(demo, contract)
    first = Obligation.objects.get(kind="contracts.force_majeure", source_id=request.pk)
    assert first.role == "officer" and first.due_on == dt.date(2023, 9, 18) and first.state == ObligationState.OPEN
    with pytest.raises(ClauseViolation) as exc:
        submit(demo, contract)
    assert exc.value.code == "force_majeure_pending"
    with pytest.raises(ClauseViolation) as exc:
        force_majeure_decide(actor=demo["officer"], request=request, approve=True)
    assert exc.value.code == "force_majeure_not_investigated"
    with pytest.raises(PermissionRefused):
        force_majeure_investigate(actor=demo["inspector"], request=request, findings="x",
                                  decision_due_on=dt.date(2023, 9, 20))
    request = force_majeure_investigate(actor=demo["officer"], request=request, findings="現地で浸水を確認した。",
                                        investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 9, 20))
    first.refresh_from_db()
    assert first.state == ObligationState.MET and first.closed_on == dt.date(2023, 9, 5)
    second = Obligation.objects.get(kind="contracts.force_majeure_decision", source_id=request.pk)
    assert second.due_on == dt.date(2023, 9, 20) and second.state == ObligationState.OPEN
    request = force_majeure_decide(actor=demo["officer"], request=request, approve=True,
                                   decided_on=dt.date(2023, 9, 19))
    second.refresh_from_db()
    assert second.state == ObligationState.MET
    contract.refresh_from_db()
    assert request.state == "approved" and contract.state == ContractState.TERMINATED
    termination = Termination.objects.get(contract=contract)
    assert termination.basis == "K-16" and termination.penalty_amount == 0 and termination.force_majeure == request
    assert termination.terminated_on == dt.date(2023, 9, 19) and termination.settlement == PenaltySettlement.NONE
    assert not Obligation.objects.filter(contract=contract, kind="contracts.termination_penalty").exists()
    assert Event.objects.filter(contract=contract, action="contracts.force_majeure.approved",
                                clause_id="K-16-2").exists()


@pytest.mark.clause("K-16")
def test_refusal_requires_reasons_and_leaves_the_contract_active(demo, contract):
    request = submit(demo, contract)
    request = force_majeure_investigate(actor=demo["officer"], request=request, findings="確認した。",
                                        investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 9, 20))
    with pytest.raises(ClauseViolation) as exc:
        force_majeure_decide(actor=demo["officer"], request=request, approve=False, reasons=" ")
    assert exc.value.code == "reasons_missing" and exc.value.clause == "K-16-2" and exc.value.field == "reasons"
    request = force_majeure_decide(actor=demo["officer"], request=request, approve=False, reasons="在宅で継続できる。",
                                   decided_on=dt.date(2023, 9, 20))
    contract.refresh_from_db()
    assert request.state == "refused" and contract.state == ContractState.ACTIVE
    assert not Obligation.objects.filter(source_id=request.pk, kind__startswith="contracts.force_majeure",
                                         state=ObligationState.OPEN).exists()
    submit(demo, contract, submitted_on=dt.date(2023, 10, 1))  # a new request after the decision


@pytest.mark.clause("K-16")
def test_no_force_majeure_request_once_the_work_has_passed(demo, seed):
    """The seed's work passed inspection and was paid: nothing is left to terminate (K-16, K-14)."""
    with pytest.raises(ClauseViolation) as exc:
        submit(demo, seed)
    assert exc.value.code == "work_passed" and exc.value.clause == "K-16"
    assert not ForceMajeureRequest.objects.filter(contract=seed).exists()


# --- K-15: damages ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-15")
def test_damage_borne_by_the_client_requires_the_clients_fault(demo, contract):
    kw = dict(contract=contract, occurred_on=dt.date(2023, 8, 1), description="素材の差替え", cost=50_000)
    with pytest.raises(ClauseViolation) as exc:
        damage_event_record(actor=demo["officer"], borne_by="client", reason="", **kw)
    assert exc.value.code == "client_fault_missing" and exc.value.clause == "K-15" and exc.value.field == "reason"
    event = damage_event_record(actor=demo["officer"], borne_by="client", reason="甲の提供した素材の誤り", **kw)
    assert event.borne_by == "client"
    assert damage_event_record(actor=demo["rep"], borne_by="contractor", **kw).reason == ""
    with pytest.raises(PermissionRefused):
        damage_event_record(actor=demo["worker1"], borne_by="contractor", **kw)
    for cost in (-1, 1.5, True, "100"):
        with pytest.raises(ClauseViolation) as exc:
            damage_event_record(actor=demo["officer"], borne_by="contractor", **{**kw, "cost": cost})
        assert exc.value.code == "invalid_cost"
    with pytest.raises(ClauseViolation) as exc:
        damage_event_record(actor=demo["officer"], borne_by="contractor", **{**kw, "occurred_on": dt.date(2024, 5, 1)})
    assert exc.value.code == "outside_term"
    assert Event.objects.filter(action="contracts.damage.recorded", contract=contract, clause_id="K-15").count() == 2


@pytest.mark.clause("K-15")
def test_damage_after_the_termination_date_is_refused(demo, contract):
    terminate(demo, contract)
    with pytest.raises(ClauseViolation) as exc:
        damage_event_record(actor=demo["officer"], contract=contract, occurred_on=dt.date(2023, 12, 2),
                            description="解除後の損害", cost=1, borne_by="contractor")
    assert exc.value.code == "after_termination"


# --- Demo --------------------------------------------------------------------------------------------------

@pytest.mark.clause("K-16")
@pytest.mark.clause("K-15")
def test_demo_tells_its_story_and_terminates_nothing(demo, seed):
    from itaku.contracts.demo import load_demo

    other = ForceMajeureRequest.objects.get(submitted_on=dt.date(2024, 9, 2))
    assert other.state == "refused" and other.decided_on == dt.date(2024, 9, 20) and "在宅" in other.decision_reasons
    assert other.investigated_on == dt.date(2024, 9, 4) and other.documents.count() == 1
    damage = DamageEvent.objects.get(contract=seed)
    assert damage.occurred_on.year == 2023 and damage.borne_by == "contractor" and damage.reason
    assert not Termination.objects.exists()
    counts = (Event.objects.count(), DamageEvent.objects.count(), ForceMajeureRequest.objects.count())
    load_demo()
    assert (Event.objects.count(), DamageEvent.objects.count(), ForceMajeureRequest.objects.count()) == counts


# --- Pages -------------------------------------------------------------------------------------------------

@pytest.mark.clause("K-14")
def test_officer_terminates_through_the_page_and_the_panel_shows_it(client, demo, contract):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(demo["officer"])
    url = reverse("contracts:termination-create", args=[contract.pk])
    html = client.get(url).content.decode()
    assert 'value="K-14-1-5-カ"' in html and 'type="checkbox"' in html and "3,300,000" in html
    html = client.post(url, {"grounds": ["K-14-1-5"], "facts": "x", "terminated_on": "2023-12-01",
                             "penalty_due_on": "2024-01-10"}).content.decode()
    assert "[K-14-1-5]" in html
    response = client.post(url, {
        "grounds": ["K-14-1-2"], "facts": "虚偽の実績報告があった。", "terminated_on": "2023-12-01",
        "penalty_due_on": "2024-01-10",
        "evidence": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), SimpleUploadedFile("b.txt", b"b")]})
    assert response.status_code == 302
    termination = Termination.objects.get(contract=contract)
    assert termination.evidence.count() == 2
    client.force_login(demo["rep"])
    html = unwrapped(client.get(reverse("contracts:section", args=[contract.pk, "termination"])).content.decode())
    assert "解除・損害" in html and "この契約は令和5年12月1日に解除されました" in html
    assert "この契約の履行に当たり、不正な行為があると認められるとき。" in html  # the ground's clause text
    assert "違約金として契約額額の10分の10に相当する金額" in html  # K-14-2 as the contract says it
    assert "3,300,000円" in html and "round_down_yen" in html
    assert "K-14-3" in html
    evidence = termination.evidence.first()
    assert reverse("contracts:termination-evidence", args=[contract.pk, evidence.pk]) in html
    # No forms for new work on a terminated contract.
    assert reverse("contracts:force-majeure-create", args=[contract.pk]) not in html
    assert reverse("contracts:termination-create", args=[contract.pk]) not in html
    response = client.get(reverse("contracts:termination-evidence", args=[contract.pk, evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 a"
    client.force_login(demo["officer"])
    html = client.get(url).content.decode()
    assert 'name="grounds"' not in html and "新たな手続はできません" in html


@pytest.mark.clause("K-16")
def test_panel_forms_follow_the_roles(client, demo, seed):
    # The seed contract has been paid (its demo history): no new termination or force-majeure request
    # is possible there, only the record of damages. This year's contract is still in progress.
    current = Contract.objects.get(title__startswith="ひきこもり支援Web広告業務（")
    for contract, forms in ((seed, {"rep": {"damage"}, "officer": {"damage"}}),
                            (current, {"rep": {"fm", "damage"}, "officer": {"damage", "terminate"}})):
        detail = reverse("contracts:section", args=[contract.pk, "termination"])
        urls = {"fm": reverse("contracts:force-majeure-create", args=[contract.pk]),
                "damage": reverse("contracts:damage-create", args=[contract.pk]),
                "terminate": reverse("contracts:termination-create", args=[contract.pk])}
        for username in ("rep", "officer", "auditor", "worker1"):
            client.force_login(demo[username])
            html = client.get(detail).content.decode()
            assert "解除・損害" in html
            if contract == seed:
                assert "検索連動型広告の配信アカウント" in html  # the demo's K-15 damage
            assert {key for key, url in urls.items() if url in html} == forms.get(username, set()), username


@pytest.mark.clause("K-16")
def test_force_majeure_through_the_pages(client, demo, contract):
    client.force_login(demo["rep"])
    response = client.post(reverse("contracts:force-majeure-create", args=[contract.pk]), {
        "event_on": "2023-09-01", "description": "落雷で事務所が全焼した。"})
    assert response.status_code == 302
    request = ForceMajeureRequest.objects.get(contract=contract)
    client.force_login(demo["officer"])
    html = client.get(reverse("contracts:section", args=[contract.pk, "termination"])).content.decode()
    assert reverse("contracts:force-majeure-investigate", args=[contract.pk, request.pk]) in html
    url = reverse("contracts:force-majeure-investigate", args=[contract.pk, request.pk])
    assert client.post(url, {"findings": "全焼を確認", "decision_due_on": "2099-01-01"}).status_code == 302
    url = reverse("contracts:force-majeure-decide", args=[contract.pk, request.pk])
    html = client.post(url, {"approve": "0", "reasons": ""}).content.decode()
    assert "[K-16-2]" in html
    assert client.post(url, {"approve": "0", "reasons": "他の事務所で継続可能"}).status_code == 302
    html = client.get(reverse("contracts:section", args=[contract.pk, "termination"])).content.decode()
    assert "不承認" in html and "他の事務所で継続可能" in html


@pytest.mark.clause("K-15")
def test_damage_form_shows_the_clause_refusal(client, demo, seed):
    client.force_login(demo["officer"])
    url = reverse("contracts:damage-create", args=[seed.pk])
    html = client.post(url, {"occurred_on": "2023-07-01", "description": "x", "cost": "100",
                             "borne_by": "client"}).content.decode()
    assert "[K-15]" in html and "甲の責めに帰すべき事由" in html
    html = client.post(url, {"occurred_on": "2023-07-01", "description": "x", "cost": "1.5",
                             "borne_by": "contractor"}).content.decode()
    assert "[K-15] 損害額は0円以上" in html


# --- API ---------------------------------------------------------------------------------------------------

@pytest.mark.clause("K-14")
def test_api_terminates_and_refuses_with_the_clause(client, demo, contract):
    client.force_login(demo["officer"])
    url = reverse("api:termination-list")
    response = client.post(url, {"contract": contract.pk, "grounds": ["K-14-1-5"], "facts": "x",
                                 "terminated_on": "2023-12-01", "penalty_due_on": "2024-01-10"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["clause"] == "K-14-1-5"
    response = client.post(url, {"contract": contract.pk, "grounds": ["K-14-1-5", "K-14-1-5-ア"], "facts": "x",
                                 "terminated_on": "2023-12-01", "penalty_due_on": "2024-01-10"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["penalty_amount"] == 3_300_000
    pk = response.json()["id"]
    assert client.get(url, {"contract": contract.pk}).json()["count"] == 1
    settle = reverse("api:termination-settle", args=[pk])
    response = client.post(settle, {"settlement": "set_off", "note": "既履行部分契約額と相殺"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["settlement"] == "set_off"
    client.force_login(demo["outsider"])
    assert client.get(reverse("api:termination-detail", args=[pk])).status_code == 404
    assert client.get(url).json()["count"] == 0
    client.force_login(demo["rep"])
    response = client.post(reverse("api:force-majeure-request-list"), {
        "contract": contract.pk, "event_on": "2023-12-05", "description": "台風"}, content_type="application/json")
    assert response.status_code == 400 and response.json() == {
        "code": "contract_terminated", "clause": "K-14",
        "detail": "この契約は解除されているため、新たな手続はできません。"}


@pytest.mark.clause("K-14")
def test_api_terminates_with_evidence_files(client, demo, contract):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(demo["officer"])
    response = client.post(reverse("api:termination-list"), {
        "contract": contract.pk, "grounds": ["K-14-1-1", "K-14-1-4"], "facts": "納品なし",
        "terminated_on": "2023-12-01", "penalty_due_on": "2024-01-10",
        "evidence": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
                     SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n png")]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["grounds"] == ["K-14-1-1", "K-14-1-4"]
    assert [e["filename"][0] + e["filename"][-4:] for e in body["evidence"]] == ["a.pdf", "b.png"]
    assert client.get(body["evidence"][0]["url"]).status_code == 200


@pytest.mark.clause("K-16")
def test_api_decision_without_approve_is_missing_input(client, demo, contract):
    request = submit(demo, contract)
    force_majeure_investigate(actor=demo["officer"], request=request, findings="f",
                              investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 9, 20))
    client.force_login(demo["officer"])
    response = client.post(reverse("api:force-majeure-request-decide", args=[request.pk]), {"reasons": "r"})
    assert response.status_code == 400 and "approve" in response.json()["fields"]
    request.refresh_from_db()
    assert request.state == "investigating"


@pytest.mark.clause("K-16")
def test_api_force_majeure_actions(client, demo, contract):
    client.force_login(demo["rep"])
    response = client.post(reverse("api:force-majeure-request-list"), {
        "contract": contract.pk, "event_on": "2023-09-01", "description": "地震で倒壊"},
        content_type="application/json")
    assert response.status_code == 201 and response.json()["state"] == "submitted"
    pk = response.json()["id"]
    assert client.post(reverse("api:force-majeure-request-investigate", args=[pk]), {}).status_code == 403
    client.force_login(demo["officer"])
    response = client.post(reverse("api:force-majeure-request-investigate", args=[pk]),
                           {"findings": "倒壊を確認", "decision_due_on": "2099-01-01"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "investigating"
    response = client.post(reverse("api:force-majeure-request-decide", args=[pk]), {"approve": False},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "reasons_missing"
    response = client.post(reverse("api:force-majeure-request-decide", args=[pk]), {"approve": True},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    listed = client.get(reverse("api:termination-list"), {"contract": contract.pk})
    assert listed.json()["results"][0]["basis"] == "K-16"
    listed = client.get(reverse("api:force-majeure-request-list"), {"contract": contract.pk, "state": "approved"})
    assert listed.json()["count"] == 1


@pytest.mark.clause("K-15")
def test_api_damage_events(client, demo, seed):
    client.force_login(demo["rep"])
    url = reverse("api:damage-event-list")
    response = client.post(url, {"contract": seed.pk, "occurred_on": "2023-07-01", "description": "機材故障",
                                 "cost": 20_000, "borne_by": "client"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["clause"] == "K-15"
    response = client.post(url, {"contract": seed.pk, "occurred_on": "2023-07-01", "description": "機材故障",
                                 "cost": 20_000, "borne_by": "client", "reason": "甲の貸与機材の欠陥"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["recorded_by"] == "rep"
    assert client.get(url, {"contract": seed.pk, "borne_by": "client"}).json()["count"] == 1
    client.force_login(demo["outsider"])
    # A contract they cannot see: an empty list, as on every endpoint (nothing tells that it exists).
    response_other = client.get(url, {"contract": seed.pk})
    assert response_other.status_code == 200 and response_other.json()["count"] == 0
    assert client.get(reverse("api:damage-event-detail", args=[response.json()["id"]])).status_code == 404


# --- Constant queries --------------------------------------------------------------------------------------

def _grow(demo, contract, n, start):
    for i in range(n):
        damage_event_record(actor=demo["officer"], contract=contract, occurred_on=dt.date(2023, 7, 1),
                            description=f"損害{start + i}", cost=i, borne_by="contractor")
    for i in range(n):
        copy = twin(demo, contract, f"解除{start + i}")
        request = submit(demo, copy, documents=[ContentFile(b"r", name="r.txt")])
        force_majeure_investigate(actor=demo["officer"], request=request, findings="f",
                                  investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 9, 20))
        force_majeure_decide(actor=demo["officer"], request=request, approve=i % 2 == 0, reasons="r",
                             decided_on=dt.date(2023, 9, 19))
        if i % 2:
            terminate(demo, copy, evidence=[ContentFile(b"e", name="e.txt")])
        submit(demo, contract, submitted_on=dt.date(2023, 9, 4), documents=[ContentFile(b"r", name="r.txt")])
        pending = ForceMajeureRequest.objects.get(contract=contract, state="submitted")
        force_majeure_investigate(actor=demo["officer"], request=pending, findings="f",
                                  investigated_on=dt.date(2023, 9, 5), decision_due_on=dt.date(2023, 9, 20))
        force_majeure_decide(actor=demo["officer"], request=pending, approve=False, reasons="r",
                             decided_on=dt.date(2023, 9, 19))


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_panel_and_api_lists_keep_a_constant_number_of_queries(client, demo, contract, username,
                                                               django_assert_max_num_queries):
    client.force_login(demo[username])
    _grow(demo, contract, 2, 0)
    urls = [reverse("contracts:section", args=[contract.pk, "termination"]), reverse("api:termination-list"),
            reverse("api:force-majeure-request-list"), reverse("api:damage-event-list")]
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        few[url] = len(captured.captured_queries)
    _grow(demo, contract, 6, 2)
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert client.get(urls[1]).json()["count"] == 8
    assert client.get(urls[3]).json()["count"] == 9
