"""Completion, inspection, rework (K-11), invoice, payment, interest (K-12), penalty (K-13), K-17."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from itaku.accounts.choices import Role
from itaku.contracts.choices import ContractState
from itaku.contracts.demo import ROLES
from itaku.contracts.demo_history import LEAFLET_TITLE
from itaku.contracts.lifecycle import services as svc
from itaku.contracts.models import Contract, ContractTemplate, Inspection, LatePenalty, PerformedPart
from itaku.contracts.services import MemberSpec, contract_create
from itaku.contracts.termination.services import contract_terminate
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event
from itaku.obligations.models import Obligation, ObligationState

D = dt.date


SIGNED, ENDS = dt.date(2024, 1, 10), dt.date(2024, 3, 31)


def make_contract(demo, *, signed_on=SIGNED, ends_on=ENDS, amount=3_300_000, **extra):
    contract = contract_create(
        actor=demo["officer"], template=ContractTemplate.objects.get(), title="検査テスト業務",
        contractor=demo["rep"].organisation, signed_on=signed_on, ends_on=ends_on, amount=amount,
        deposit_exempt=True, deposit_exemption_basis="財務規則第109条の2第7号",
        members=[MemberSpec(demo[name], role) for name, roles in ROLES.items() for role in roles],
    )
    if extra:
        Contract.objects.filter(pk=contract.pk).update(**extra)
        contract.refresh_from_db()
    return contract


def files():
    return [ContentFile(b"final report", name="report.txt")]


def report(demo, contract, on):
    return svc.completion_report(actor=demo["rep"], contract=contract, reported_on=on, summary="完了しました",
                                 files=files())


def passed(demo, contract, reported_on, inspected_on):
    r = report(demo, contract, reported_on)
    return svc.inspection_record(actor=demo["inspector"], report=r, inspected_on=inspected_on, result="passed")


def terminate(demo, contract, on):
    """The officer terminates ``contract`` on ``on`` (K-14), as on the contract page."""
    return contract_terminate(actor=demo["officer"], contract=contract, grounds=["K-14-1-2"],
                              facts="仕様書に反する請求があった。", terminated_on=on,
                              penalty_due_on=on + dt.timedelta(days=30))


def refresh(contract):
    contract.refresh_from_db()
    return contract


# --- K-11 ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-11")
def test_completion_opens_a_ten_day_inspection_obligation_for_the_designated_inspector(demo):
    contract = make_contract(demo)
    before = Event.objects.count()
    r = report(demo, contract, D(2024, 4, 1))
    assert refresh(contract).state == ContractState.COMPLETION_REPORTED
    assert Event.objects.count() == before + 1
    event = Event.objects.latest("seq")
    assert (event.action, event.clause_id) == ("contracts.completion.reported", "K-11")
    ob = Obligation.objects.get(kind="contracts.inspection", source_id=r.pk)
    assert ob.due_on == D(2024, 4, 11) and ob.role == Role.INSPECTOR and ob.assignee == demo["inspector"]
    assert ob.clause_id == "K-11" and ob.state == ObligationState.OPEN
    assert r.deliverables.get().sha256 == hashlib.sha256(b"final report").hexdigest()


@pytest.mark.clause("K-11")
def test_only_the_representative_reports_and_a_report_needs_deliverables(demo):
    contract = make_contract(demo)
    for user in ("officer", "inspector", "worker1"):
        with pytest.raises(PermissionRefused):
            svc.completion_report(actor=demo[user], contract=contract, reported_on=D(2024, 4, 1), summary="x",
                                  files=files())
    with pytest.raises(ClauseViolation) as exc:
        svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 4, 1), summary="x")
    assert exc.value.clause == "K-11" and exc.value.code == "files_missing"


@pytest.mark.clause("K-11")
@pytest.mark.parametrize("user", ["officer", "accountant", "auditor", "rep", "worker1"])
def test_only_the_inspector_records_inspections(demo, user):
    contract = make_contract(demo)
    r = report(demo, contract, D(2024, 4, 1))
    with pytest.raises(PermissionRefused):
        svc.inspection_record(actor=demo[user], report=r, inspected_on=D(2024, 4, 3), result="passed")
    assert not Inspection.objects.filter(report=r).exists()
    assert refresh(contract).state == ContractState.COMPLETION_REPORTED


@pytest.mark.clause("K-11")
def test_fail_rework_and_reinspection_keep_the_history(demo):
    contract = make_contract(demo)
    first = report(demo, contract, D(2024, 3, 25))
    with pytest.raises(ClauseViolation) as exc:  # a fail needs findings and a rework date
        svc.inspection_record(actor=demo["inspector"], report=first, inspected_on=D(2024, 3, 29), result="failed")
    assert exc.value.clause == "K-11" and exc.value.field == "findings"
    with pytest.raises(ClauseViolation) as exc:  # not before the report
        svc.inspection_record(actor=demo["inspector"], report=first, inspected_on=D(2024, 3, 24), result="passed")
    assert exc.value.code == "date_too_early"
    failed = svc.inspection_record(actor=demo["inspector"], report=first, inspected_on=D(2024, 3, 29),
                                   result="failed", findings="効果測定の記載がない", rework_due_on=D(2024, 4, 8))
    assert refresh(contract).state == ContractState.REWORK
    assert Obligation.objects.get(kind="contracts.inspection", source_id=first.pk).state == ObligationState.MET
    rework_ob = Obligation.objects.get(kind="contracts.rework", source_id=failed.pk)
    assert rework_ob.due_on == D(2024, 4, 8) and rework_ob.role == Role.REPRESENTATIVE
    with pytest.raises(ClauseViolation) as exc:  # no invoice during rework (K-12)
        svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 2))
    assert exc.value.clause == "K-12"

    second = svc.rework_report(actor=demo["rep"], inspection=failed, reported_on=D(2024, 4, 5), summary="追記した")
    assert refresh(contract).state == ContractState.COMPLETION_REPORTED
    assert Obligation.objects.get(pk=rework_ob.pk).state == ObligationState.MET
    assert Obligation.objects.get(kind="contracts.inspection", source_id=second.pk).due_on == D(2024, 4, 15)
    svc.inspection_record(actor=demo["inspector"], report=second, inspected_on=D(2024, 4, 10), result="passed")
    assert refresh(contract).state == ContractState.PASSED
    history = list(Inspection.objects.filter(contract=contract).values_list("result", flat=True))
    assert history == ["failed", "passed"]
    actions = list(Event.objects.filter(contract=contract).order_by("seq").values_list("action", flat=True))[1:]
    assert actions == ["contracts.completion.reported", "contracts.inspection.failed",
                       "contracts.rework.reported", "contracts.inspection.passed"]


@pytest.mark.clause("K-14")
def test_completion_report_on_a_terminated_contract_is_refused_with_k14(demo):
    contract = make_contract(demo)
    terminate(demo, contract, D(2024, 3, 1))
    with pytest.raises(ClauseViolation) as exc:
        report(demo, contract, D(2024, 4, 1))
    assert exc.value.clause == "K-14"


# --- K-12 ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-12")
def test_invoice_before_a_pass_is_refused_with_k12(demo):
    contract = make_contract(demo)
    for state_maker in (lambda: None, lambda: report(demo, contract, D(2024, 4, 1))):
        state_maker()
        with pytest.raises(ClauseViolation) as exc:
            svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 2))
        assert exc.value.clause == "K-12" and str(exc.value).startswith("[K-12]")


@pytest.mark.clause("K-12")
def test_only_the_accountant_registers_invoices(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 20), D(2024, 3, 22))
    for user in ("officer", "inspector", "rep"):
        with pytest.raises(PermissionRefused):
            svc.invoice_register(actor=demo[user], contract=contract, received_on=D(2024, 3, 25))


@pytest.mark.clause("K-12")
def test_a_returned_invoice_starts_no_period(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 20), D(2024, 3, 22))
    with pytest.raises(ClauseViolation) as exc:
        svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 3, 25), proper=False)
    assert exc.value.field == "return_reason"
    returned = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 3, 25),
                                    proper=False, return_reason="押印がない")
    assert returned.due_on is None and returned.state == "returned"
    assert refresh(contract).state == ContractState.PASSED
    assert not Obligation.objects.filter(kind="contracts.payment").filter(contract=contract).exists()
    proper = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 1))
    assert proper.due_on == D(2024, 5, 1)  # 30 days from the proper one, not from the returned one
    ob = Obligation.objects.get(kind="contracts.payment", contract=contract)
    assert ob.due_on == D(2024, 5, 1) and ob.role == Role.ACCOUNTANT


@pytest.mark.clause("K-12")
def test_art9_days_the_inspection_ran_late_shorten_the_payment_period(demo):
    contract = make_contract(demo)
    inspection = passed(demo, contract, D(2024, 4, 1), D(2024, 4, 14))
    assert inspection.period_ends_on == D(2024, 4, 11) and inspection.days_late == 3
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 15))
    assert invoice.inspection_days_late == 3
    assert invoice.due_on == D(2024, 4, 15) + dt.timedelta(days=30 - 3) == D(2024, 5, 12)
    assert "− 検査の遅延3日" in invoice.due_working["text"]


@pytest.mark.clause("K-12")
@pytest.mark.parametrize("how", ["stated", "signed"])
def test_late_payment_interest_worked_example(demo, how):
    """1,000,000 yen due 2024-04-30, paid 2024-05-10, 2.5%: 684.93 → 600 yen."""
    extra = {"late_payment_percent": Decimal("2.5"), "late_payment_rate_basis": "契約書第12条"}
    extra = extra if how == "stated" else {}
    contract = make_contract(demo, signed_on=D(2023, 6, 1), amount=1_000_000, **extra)  # signed at 2.5%
    passed(demo, contract, D(2024, 3, 25), D(2024, 3, 29))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 3, 31))
    assert invoice.due_on == D(2024, 4, 30)
    payment = svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 10), amount=1_000_000)
    assert payment.interest == 600
    assert payment.interest_working["days"] == 10 and payment.interest_working["exact"] == "684.93"
    assert payment.interest_working["rate"]["percent"] in ("2.5", "2.500")
    assert payment.interest_working["rate"]["reason"] == ("契約で定めた率" if how == "stated"
                                                          else "契約締結日（令和5年6月1日）に適用される率")
    assert refresh(contract).state == ContractState.PAID
    assert Obligation.objects.get(kind="contracts.payment", contract=contract).state == ObligationState.MET
    assert Event.objects.latest("seq").data["interest"] == 600


@pytest.mark.clause("K-12")
def test_payment_on_time_carries_no_interest_and_a_part_payment_keeps_it_open(demo):
    contract = make_contract(demo, amount=1_000_000)
    passed(demo, contract, D(2024, 3, 25), D(2024, 3, 29))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 3, 31))
    first = svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 4, 20), amount=400_000)
    assert first.interest == 0 and refresh(contract).state == ContractState.INVOICED
    with pytest.raises(ClauseViolation) as exc:
        svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 4, 25), amount=600_001)
    assert exc.value.clause == "K-12"
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 4, 25), amount=600_000)
    assert refresh(contract).state == ContractState.PAID


# --- K-13 ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-13")
def test_penalty_worked_example_on_the_contract_amount(demo):
    """3,300,000 yen, end 2024-03-31, completed 2024-04-12, 3%: 3,254.79 → 3,254 yen."""
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    for user in ("accountant", "inspector", "rep"):
        with pytest.raises(PermissionRefused):
            svc.penalty_assess(actor=demo[user], contract=contract, decided_on=D(2024, 4, 16))
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    assert (penalty.days, penalty.result, penalty.base_amount) == (12, 3254, 3_300_000)
    assert penalty.rate_percent == Decimal("3") and penalty.working["exact"] == "3254.79"
    assert penalty.working["rate"]["effective_from"] == "2023-04-01"  # in force on 2024-04-01
    with pytest.raises(ClauseViolation) as exc:
        svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    assert exc.value.code == "penalty_exists" and exc.value.clause == "K-13"


@pytest.mark.clause("K-13")
def test_penalty_on_a_small_unperformed_part_under_100_yen_is_nothing(demo):
    """100,000 yen × 3% × 10 / 365 = 82.19 → under 100 yen: 0."""
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 10), D(2024, 4, 12))
    with pytest.raises(ClauseViolation) as exc:
        svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16),
                           base_kind="unperformed", base_amount=100_000)
    assert exc.value.field == "reason" and exc.value.clause == "K-13"
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16),
                                 base_kind="unperformed", base_amount=100_000, reason="広告の一部のみ遅延")
    assert (penalty.days, penalty.result) == (10, 0)
    assert penalty.base_reason == "広告の一部のみ遅延"


@pytest.mark.clause("K-13")
def test_no_penalty_when_completion_was_on_time(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 31), D(2024, 4, 12))  # the inspection's date does not count
    with pytest.raises(ClauseViolation) as exc:
        svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    assert exc.value.code == "not_late" and exc.value.clause == "K-13"


@pytest.mark.clause("K-13")
def test_set_off_reduces_what_is_paid_and_an_unsettled_penalty_keeps_the_contract_open(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    with pytest.raises(PermissionRefused):
        svc.penalty_settle(actor=demo["rep"], penalty=penalty, settlement="set_off", settled_on=D(2024, 4, 17))
    svc.penalty_settle(actor=demo["accountant"], penalty=penalty, settlement="set_off", settled_on=D(2024, 4, 17))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    assert svc.invoice_payable(invoice) == 3_300_000 - 3254
    with pytest.raises(ClauseViolation):
        svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_300_000)
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_296_746)
    assert refresh(contract).state == ContractState.PAID
    with pytest.raises(ClauseViolation) as exc:
        svc.penalty_settle(actor=demo["officer"], penalty=penalty, settlement="paid", settled_on=D(2024, 5, 2))
    assert exc.value.code == "already_settled"
    svc.contract_close(actor=demo["officer"], contract=contract)
    assert refresh(contract).state == ContractState.CLOSED


@pytest.mark.clause("K-12")
@pytest.mark.clause("K-13")
def test_a_set_off_equal_to_what_is_left_to_pay_pays_the_contract_and_close_works(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_300_000 - 3254)
    assert refresh(contract).state == ContractState.INVOICED and svc.invoice_payable(invoice) == 3254 == penalty.result
    svc.penalty_settle(actor=demo["accountant"], penalty=penalty, settlement="set_off", settled_on=D(2024, 5, 2))
    assert svc.invoice_payable(invoice) == 0
    assert refresh(contract).state == ContractState.PAID
    payment = Obligation.objects.get(contract=contract, kind=svc.KIND_PAYMENT)
    assert payment.state == ObligationState.MET and payment.closed_on == D(2024, 5, 2)
    assert payment.closed_by == demo["accountant"]
    event = Event.objects.filter(contract=contract).latest("seq")
    assert event.action == "contracts.penalty.settled" and event.data["paid_by_set_off"] is True
    svc.contract_close(actor=demo["officer"], contract=contract)
    assert refresh(contract).state == ContractState.CLOSED


@pytest.mark.clause("K-12")
@pytest.mark.clause("K-13")
def test_an_invoice_made_out_for_the_amount_after_the_set_off_is_not_reduced_twice(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    svc.penalty_settle(actor=demo["officer"], penalty=penalty, settlement="set_off", settled_on=D(2024, 4, 17))
    assert refresh(contract).state == ContractState.PASSED  # no invoice yet: nothing is paid
    # K-12, K-13: the contractor invoices the contract amount less the penalty set off, and that is what is paid.
    net = svc.amount_to_invoice(contract.amount, svc.set_off_total(contract))
    assert net == 3_300_000 - penalty.result
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18),
                                   amount=net)
    assert svc.invoice_payable(invoice) == net
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=net)
    assert refresh(contract).state == ContractState.PAID
    assert Obligation.objects.get(source_id=invoice.pk, kind=svc.KIND_PAYMENT).state == ObligationState.MET
    svc.contract_close(actor=demo["officer"], contract=contract)
    assert refresh(contract).state == ContractState.CLOSED


@pytest.mark.clause("K-13")
def test_close_is_refused_while_a_penalty_is_unsettled(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_300_000)
    with pytest.raises(ClauseViolation) as exc:
        svc.contract_close(actor=demo["officer"], contract=contract)
    assert exc.value.clause == "K-13"
    with pytest.raises(ClauseViolation) as exc:  # paid in full: nothing left to set off against
        svc.penalty_settle(actor=demo["officer"], penalty=LatePenalty.objects.get(contract=contract),
                           settlement="set_off", settled_on=D(2024, 5, 2))
    assert exc.value.code == "nothing_to_set_off"


@pytest.mark.clause("K-12")
def test_close_before_payment_is_refused_with_the_clause(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 20), D(2024, 3, 22))
    with pytest.raises(ClauseViolation) as exc:
        svc.contract_close(actor=demo["officer"], contract=contract)
    assert exc.value.clause == "K-12" and exc.value.code == "state_not_allowed"


# --- K-17 ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-17")
def test_performed_part_is_recorded_against_passed_inspections_of_a_terminated_contract(demo):
    contract = make_contract(demo)
    part = svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 2, 20), summary="一部",
                                 partial=True, part_description="1月分の広告運用")
    assert refresh(contract).state == ContractState.ACTIVE  # a part does not move the contract
    inspection = svc.inspection_record(actor=demo["inspector"], report=part, inspected_on=D(2024, 2, 26),
                                       result="passed")
    kwargs = dict(actor=demo["officer"], contract=contract, amount=300_000, basis="1月分",
                  inspections=[inspection], recorded_on=D(2024, 3, 10))
    with pytest.raises(ClauseViolation) as exc:
        svc.performed_part_record(**kwargs)
    assert exc.value.clause == "K-17" and exc.value.code == "not_terminated"
    terminate(demo, contract, D(2024, 3, 5))
    assert refresh(contract).state == ContractState.TERMINATED
    with pytest.raises(PermissionRefused):
        svc.performed_part_record(**{**kwargs, "actor": demo["accountant"]})
    with pytest.raises(ClauseViolation) as exc:
        svc.performed_part_record(**{**kwargs, "amount": 3_300_001})
    assert exc.value.clause == "K-17"
    other = Contract.objects.get(title__startswith="ひきこもり支援相談窓口周知チラシ")
    with pytest.raises(ClauseViolation) as exc:
        svc.performed_part_record(**{**kwargs, "inspections": [Inspection.objects.get(contract=other)]})
    assert exc.value.field == "inspections"
    record = svc.performed_part_record(**kwargs)
    assert list(record.inspections.all()) == [inspection]
    assert PerformedPart.objects.get().amount == 300_000
    assert Event.objects.latest("seq").clause_id == "K-17"


# --- demo ---------------------------------------------------------------------------------------

@pytest.mark.clause("K-11")
@pytest.mark.clause("K-13")
def test_demo_tells_the_story_and_loads_twice_without_change(demo):
    from itaku.contracts.demo import load_demo

    seed = Contract.objects.get(title="ひきこもり支援Web広告業務")
    assert seed.state == ContractState.PAID
    assert list(Inspection.objects.filter(contract=seed).values_list("result", "rework_due_on")) == [
        ("failed", D(2024, 4, 8)), ("passed", None)]
    payment = seed.payments.get()
    assert (payment.paid_on, payment.interest) == (D(2024, 5, 10), 0)
    other = Contract.objects.get(title__startswith="ひきこもり支援相談窓口周知チラシ")
    penalty = other.late_penalties.get()
    assert (penalty.days, penalty.result, penalty.settlement) == (12, 867, "set_off")
    leaflet = Contract.objects.get(title=LEAFLET_TITLE)
    ob = Obligation.objects.get(contract=leaflet, kind="contracts.inspection")
    from django.utils import timezone

    assert ob.due_on == timezone.localdate() + dt.timedelta(days=7) and ob.assignee == demo["inspector"]
    events = Event.objects.count()
    load_demo()
    assert Event.objects.count() == events
