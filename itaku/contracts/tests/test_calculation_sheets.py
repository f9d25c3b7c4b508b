"""The calculation sheet (計算書) of a payment's interest (K-12) and of a penalty (K-13): generated from
the stored working, stored with its hash and journaled, for anyone who sees the contract."""

import datetime as dt

import pytest
from django.urls import reverse

from itaku.contracts.lifecycle import services as svc
from itaku.contracts.models import Contract, LatePenalty
from itaku.documents.models import GeneratedDocument
from itaku.journal.models import Event
from itaku.rates.tests.pdftext import pdf_text

from .test_lifecycle import make_contract, passed

D = dt.date


@pytest.mark.clause("K-12")
def test_interest_sheet_of_a_late_payment(client, demo):
    contract = make_contract(demo, signed_on=D(2023, 6, 1), amount=1_000_000)
    passed(demo, contract, D(2024, 3, 25), D(2024, 3, 29))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 3, 31))
    payment = svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 10), amount=1_000_000)
    client.force_login(demo["rep"])
    detail = client.get(reverse("contracts:section", args=[contract.pk, "lifecycle"])).content.decode()
    url = reverse("contracts:calculation-sheet", args=[contract.pk, "interest", payment.pk])
    assert url in detail
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "遅延利息計算書" in text and "684.93" in text and "金600円" in text and contract.title in text
    document = GeneratedDocument.objects.get(kind="interest_sheet")
    event = Event.objects.latest("seq")
    assert event.action == "documents.document.generated" and event.clause_id == "K-12"
    assert event.data["sha256"] == document.sha256 and event.data["source"] == f"contracts.payment:{payment.pk}"


@pytest.mark.clause("K-13")
def test_penalty_sheet_of_the_demo_and_who_may_have_it(client, demo):
    # the other contractor's contract, completed 12 days late
    penalty = LatePenalty.objects.get(contract__contractor=demo["outsider"].organisation)
    contract = penalty.contract
    url = reverse("contracts:calculation-sheet", args=[contract.pk, "penalty", penalty.pk])
    client.force_login(demo["rep"])  # another contractor's contract: not there at all
    assert client.post(url).status_code == 404
    client.force_login(demo["outsider"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    text = pdf_text(response.content)
    assert "延滞違約金計算書" in text and "867.94" in text and "金867円" in text
    assert Event.objects.latest("seq").clause_id == "K-13"
    seed = Contract.objects.get(title="ひきこもり支援Web広告業務")
    assert client.post(reverse("contracts:calculation-sheet", args=[seed.pk, "penalty", penalty.pk])).status_code == 404
    client.force_login(demo["auditor"])
    assert client.post(reverse("contracts:calculation-sheet", args=[contract.pk, "tax", penalty.pk])).status_code == 404


@pytest.mark.clause("K-13")
def test_render_command_makes_the_sheet_of_a_named_record(demo, tmp_path):
    from django.core.management import CommandError, call_command

    penalty = LatePenalty.objects.get(contract__contractor=demo["outsider"].organisation)
    out = tmp_path / "penalty.pdf"
    call_command("render", "penalty_sheet", "--contract", str(penalty.contract_id), "--source", str(penalty.pk),
                 "--output", str(out))
    assert "金867円" in pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="--source"):
        call_command("render", "penalty_sheet", "--contract", str(penalty.contract_id))
    seed = Contract.objects.get(title="ひきこもり支援Web広告業務")
    with pytest.raises(CommandError, match="does not exist on contract"):
        call_command("render", "penalty_sheet", "--contract", str(seed.pk), "--source", str(penalty.pk))
    payment = seed.payments.get()  # paid in time: no interest, no sheet
    with pytest.raises(CommandError, match=r"\[K-12\]"):
        call_command("render", "interest_sheet", "--contract", str(seed.pk), "--source", str(payment.pk),
                     "--output", str(tmp_path / "none.pdf"))
    with pytest.raises(CommandError, match="does not apply"):
        call_command("render", "contract", "--contract", str(seed.pk), "--source", "1")
