"""A price reduction for a breach of an annex (P-13, S-14) is deducted from the payment, like a K-13 set-off."""

import datetime as dt

import pytest
from django.urls import reverse

from itaku.contracts.choices import ContractState
from itaku.contracts.lifecycle import services as svc
from itaku.contracts.panels import section_url
from itaku.contracts.tests.test_lifecycle import make_contract, passed, refresh
from itaku.core.exceptions import ClauseViolation
from itaku.incidents import services
from itaku.journal.models import Event
from itaku.obligations.models import Obligation, ObligationState
from itaku.obligations.work import items_for

D = dt.date
FOUND = D(2024, 4, 16)


def reduce(demo, contract, amount, basis="P-13", clause="P-6", on=FOUND):
    return services.breach_record(actor=demo["officer"], contract=contract, basis=basis, clause_broken=clause,
                                  found_in="other", found_on=on, description="暗号化せずに送信した",
                                  remedy="price_reduction", amount=amount)


@pytest.mark.clause("P-13")
def test_reduction_then_invoice_for_the_reduced_amount(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 28), D(2024, 4, 5))
    reduce(demo, contract, 330_000)
    assert svc.deduction_totals([contract.pk]) == {contract.pk: (0, 330_000)}
    net = svc.amount_to_invoice(contract.amount, svc.set_off_total(contract))
    assert net == 2_970_000
    # わたしの仕事 (and the API's work items) tell the contractor what to invoice, after the reduction
    item = next(i for i in items_for(demo["rep"]) if i.kind == "contracts.invoice_submit"
                and i.contract_id == contract.pk)
    assert item.note == "請求額 金2,970,000円：減額330,000円の後（P-13・S-14）"
    assert item.extra == {"amount": 2_970_000, "set_off": 0, "reduction": 330_000}
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18),
                                   amount=net)
    assert svc.invoice_payable(invoice) == 2_970_000
    with pytest.raises(ClauseViolation):
        svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=2_970_001)
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=2_970_000)
    assert refresh(contract).state == ContractState.PAID
    assert Obligation.objects.get(source_id=invoice.pk, kind=svc.KIND_PAYMENT).state == ObligationState.MET


@pytest.mark.clause("S-14")
def test_invoice_for_the_full_amount_then_payment_of_the_reduced_amount_completes_the_contract(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 28), D(2024, 4, 5))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    assert invoice.amount == 3_300_000
    reduce(demo, contract, 123_456, basis="S-14", clause="S-8")
    assert svc.invoice_payable(invoice) == 3_300_000 - 123_456 == 3_176_544
    assert refresh(contract).state == ContractState.INVOICED
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_176_544)
    assert refresh(contract).state == ContractState.PAID
    svc.contract_close(actor=demo["officer"], contract=contract)
    assert refresh(contract).state == ContractState.CLOSED


@pytest.mark.clause("P-13")
@pytest.mark.clause("K-13")
def test_reduction_and_a_penalty_set_off_together(demo, client):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    assert penalty.result == 3254
    svc.penalty_settle(actor=demo["accountant"], penalty=penalty, settlement="set_off", settled_on=D(2024, 4, 17))
    reduce(demo, contract, 100_000)
    assert svc.deduction_totals([contract]) == {contract.pk: (3254, 100_000)}
    working = svc.deductions_working(contract)
    assert working["owed"] == 3_300_000 - 3254 - 100_000 == 3_196_746
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    assert svc.invoice_payable(invoice) == 3_196_746
    client.force_login(demo["accountant"])
    html = client.get(section_url(contract.pk, "lifecycle")).content.decode()
    assert 'id="lifecycle-deductions"' in html and "3,196,746" in html and "100,000" in html and "3,254" in html
    page = client.get(reverse("contracts:lifecycle-payment", args=[contract.pk])).content.decode()
    assert 'id="lifecycle-deductions"' in page and "3,196,746" in page
    # what is left after both is the last yen: a reduction of it pays the contract (K-12).
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_196_000)
    breach = reduce(demo, contract, 746, on=D(2024, 5, 2))
    assert svc.invoice_payable(invoice) == 0
    assert refresh(contract).state == ContractState.PAID
    event = Event.objects.get(action="incidents.breach.recorded", object_id=str(breach.pk))
    assert event.data["paid_by_reduction"] is True


@pytest.mark.clause("P-13")
@pytest.mark.clause("S-14")
def test_reduction_after_payment_or_beyond_what_is_left_is_refused_naming_the_clause(demo):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 3, 28), D(2024, 4, 5))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=3_000_000)
    with pytest.raises(ClauseViolation) as exc:
        reduce(demo, contract, 300_001)
    assert exc.value.code == "amount_too_large" and exc.value.clause == "P-13" and "損害賠償" in str(exc.value.detail)
    reduce(demo, contract, 300_000, basis="S-14", clause="S-8")  # exactly what is left: paid
    assert refresh(contract).state == ContractState.PAID
    with pytest.raises(ClauseViolation) as exc:
        reduce(demo, contract, 1, basis="S-14", clause="S-8")
    assert exc.value.code == "already_paid" and exc.value.clause == "S-14"
    assert "S-14" in str(exc.value.detail) and "損害賠償" in str(exc.value.detail)
    # a damages claim is still recorded after payment
    services.breach_record(actor=demo["officer"], contract=contract, basis="S-14", clause_broken="S-8",
                           found_in="other", found_on=D(2024, 5, 2), description="x", remedy="damages", amount=1)
