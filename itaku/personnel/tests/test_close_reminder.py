"""K-7, P-2: confidentiality continues after the end; when the contract is closed, each person who pledged
is reminded by mail, and the close's journal event names them."""

import datetime as dt

import pytest
from django.core import mail

from itaku.contracts.lifecycle import services as svc
from itaku.contracts.tests.test_lifecycle import make_contract, passed, refresh
from itaku.journal.models import Event
from itaku.personnel.services import pledge_sign

D = dt.date


@pytest.mark.clause("K-7")
@pytest.mark.clause("P-2")
def test_closing_reminds_everyone_who_pledged_that_confidentiality_continues(demo, django_capture_on_commit_callbacks):
    contract = make_contract(demo)
    pledge_sign(actor=demo["worker1"], contract=contract, on=D(2024, 4, 2))
    pledge_sign(actor=demo["privacy"], contract=contract, on=D(2024, 4, 3))
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=contract.amount)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.contract_close(actor=demo["officer"], contract=contract)
    assert refresh(contract).state == "closed"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([demo["worker1"].email, demo["privacy"].email])
    message = next(m for m in mail.outbox if m.to == [demo["worker1"].email])
    assert "秘密保持の義務" in message.subject and contract.title in message.subject
    assert "令和6年4月2日" in message.body and "第7条" in message.body and "継続" in message.body
    event = Event.objects.filter(contract=contract).latest("seq")
    assert event.action == "contracts.contract.closed"
    assert event.data["reminded"] == {"personnel": ["worker1", "privacy"]}


@pytest.mark.clause("K-7")
def test_a_close_without_pledges_sends_nothing_and_records_no_reminder(demo, django_capture_on_commit_callbacks):
    contract = make_contract(demo)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=contract.amount)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.contract_close(actor=demo["officer"], contract=contract)
    assert mail.outbox == []
    assert "reminded" not in Event.objects.filter(contract=contract).latest("seq").data
