"""What a contract's record leaves waiting, as work items: K-end, K-11, K-12, K-13, K-14, K-16, K-17."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from itaku.contracts.lifecycle import services as svc
from itaku.contracts.models import LatePenalty
from itaku.contracts.services import contract_activate
from itaku.contracts.termination.services import force_majeure_investigate, force_majeure_request_submit
from itaku.contracts.tests.test_lifecycle import D, make_contract, passed, report, terminate
from itaku.core.wareki import to_wareki
from itaku.obligations.models import Obligation
from itaku.obligations.tests.work_helpers import items, one, opens_form, refused


def _lifecycle(contract, key):
    return reverse(f"contracts:lifecycle-{key}", kwargs={"contract_pk": contract.pk})


@pytest.mark.clause("K-11")
def test_the_representative_owes_the_completion_by_the_end_date_and_others_read_whom_they_wait_for(client, demo):
    contract = make_contract(demo)
    item = one(demo["rep"], contract, "contracts.completion")
    assert item.mine and item.due_on == contract.ends_on and item.url == _lifecycle(contract, "completion")
    assert item.full_label == "完了を報告する（期限 令和6年3月31日）"
    opens_form(client, demo["rep"], item.url, 'name="completion-summary"')
    # The officer has nothing to do on it: the contract page says so, and for whom it waits.
    assert [i for i in items(demo["officer"], contract) if i.mine] == []
    client.force_login(demo["officer"])
    html = client.get(contract.get_absolute_url()).content.decode()
    assert "この契約で、いまあなたがすることはありません。" in html and "乙・代表者の完了報告を待っています" in html
    client.force_login(demo["rep"])
    html = client.get(contract.get_absolute_url()).content.decode()
    assert "完了を報告する（期限 令和6年3月31日）" in html and item.url in html


@pytest.mark.clause("K-11")
def test_a_report_awaiting_inspection_is_one_item_with_the_obligations_due_date(client, demo):
    contract = make_contract(demo)
    r = report(demo, contract, D(2024, 4, 1))
    obligation = Obligation.objects.get(kind=svc.KIND_INSPECTION, source_id=r.pk)
    item = one(demo["inspector"], contract, svc.KIND_INSPECTION)
    assert item.mine and item.obligation_id == obligation.pk and item.due_on == obligation.due_on == D(2024, 4, 11)
    assert item.full_label == "検査を記録する（期限 令和6年4月11日）" and item.clause == "K-11"
    assert item.url == _lifecycle(contract, "inspection") + f"?report={r.pk}" and item.overdue()
    html = opens_form(client, demo["inspector"], item.url, 'name="inspection-report"')
    assert f'<option value="{r.pk}" selected>' in html  # the form is about this report
    assert refused(client, demo["rep"], item.url) == 403
    assert not one(demo["rep"], contract, svc.KIND_INSPECTION).mine
    assert items(demo["outsider"], contract) == []
    # Failed: the rework waits for the representative, by the date the inspector set.
    svc.inspection_record(actor=demo["inspector"], report=r, inspected_on=D(2024, 4, 3), result="failed",
                          findings="不足がある。", rework_due_on=D(2024, 4, 10))
    assert items(demo["inspector"], contract, kind=svc.KIND_INSPECTION) == []
    rework = one(demo["rep"], contract, svc.KIND_REWORK)
    assert rework.mine and rework.due_on == D(2024, 4, 10) and rework.obligation_id is not None
    opens_form(client, demo["rep"], rework.url, 'name="rework-inspection"')


@pytest.mark.clause("K-12")
@pytest.mark.clause("K-13")
def test_after_a_passed_inspection_and_a_penalty_set_off_the_contractor_invoices_the_amount_after_set_off(
        client, demo):
    contract = make_contract(demo, amount=880_000)
    passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))  # 12 days after the end date
    officer_penalty = one(demo["officer"], contract, "contracts.penalty")
    assert officer_penalty.mine and officer_penalty.url == _lifecycle(contract, "penalty")
    opens_form(client, demo["officer"], officer_penalty.url, 'name="penalty-base_kind"')
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    settle = one(demo["accountant"], contract, "contracts.penalty_settle")
    assert settle.mine and one(demo["officer"], contract, "contracts.penalty_settle").mine
    opens_form(client, demo["accountant"], settle.url, 'name="settle-penalty"')
    svc.penalty_settle(actor=demo["officer"], penalty=penalty, settlement="set_off", settled_on=D(2024, 4, 17))
    assert items(demo["officer"], contract, kind="contracts.penalty_settle") == []

    # The amount comes from the penalty the code computed (880,000 × 3% × 12/365, cut to the yen).
    assert LatePenalty.objects.get(contract=contract).result == penalty.result == 867
    rep = one(demo["rep"], contract, "contracts.invoice_submit")
    assert rep.mine and rep.due_on is None and rep.since == D(2024, 4, 15)
    computed = f"請求書を提出する（請求額 金{880_000 - penalty.result:,}円：違約金{penalty.result:,}円を相殺後）"
    assert rep.full_label == computed == "請求書を提出する（請求額 金879,133円：違約金867円を相殺後）"
    assert rep.url == reverse("contracts:section", kwargs={"pk": contract.pk, "section": "lifecycle"}) \
        + "#lifecycle-invoices-title"
    client.force_login(demo["rep"])
    assert client.get(rep.url.split("#")[0]).status_code == 200
    accountant = one(demo["accountant"], contract, "contracts.invoice_receive")
    assert accountant.mine and accountant.label == "請求書の受理を記録する"
    waited = (timezone.localdate() - D(2024, 4, 15)).days
    assert accountant.full_label == f"請求書の受理を記録する（検査合格から{waited}日）"
    assert accountant.detail == "請求額 金879,133円：違約金867円を相殺後"
    html = opens_form(client, demo["accountant"], accountant.url, 'name="invoice-amount"')
    assert 'value="879133"' in html  # the form offers the amount after set-off
    assert not one(demo["rep"], contract, "contracts.invoice_receive").mine

    # The invoice for the amount after set-off is paid in that amount: the set-off is not counted twice.
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18),
                                   amount=879_133)
    assert svc.invoice_payable(invoice) == 879_133
    payment = one(demo["accountant"], contract, svc.KIND_PAYMENT)
    assert payment.mine and payment.due_on == invoice.due_on and payment.obligation_id is not None
    opens_form(client, demo["accountant"], payment.url, 'name="payment-invoice"')
    assert items(demo["rep"], contract, kind="contracts.invoice_submit") == []
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=879_133)
    close = one(demo["officer"], contract, "contracts.close")
    assert close.mine and close.since == D(2024, 5, 1) and close.full_label == "契約を完結する（支払から" \
        f"{(timezone.localdate() - D(2024, 5, 1)).days}日）"
    opens_form(client, demo["officer"], close.url, 'name="close-')
    svc.contract_close(actor=demo["officer"], contract=contract)
    assert items(demo["officer"], contract) == []


@pytest.mark.clause("K-12")
def test_without_set_off_the_invoice_is_the_contract_amount(demo):
    contract = make_contract(demo, amount=880_000)
    passed(demo, contract, D(2024, 3, 25), D(2024, 3, 29))
    assert one(demo["rep"], contract, "contracts.invoice_submit").note == "請求額 金880,000円"
    assert items(demo["officer"], contract, kind="contracts.penalty") == []  # completed in time


def test_a_draft_waits_for_the_officer_to_record_the_signing(demo):
    contract = make_contract(demo, state="draft")
    item = one(demo["officer"], contract, "contracts.activate")
    assert item.mine and item.clause == "K-end" and item.url == contract.get_absolute_url()
    assert items(demo["rep"], contract, kind="contracts.completion") == []
    contract_activate(actor=demo["officer"], contract=contract)
    assert items(demo["officer"], contract, kind="contracts.activate") == []


@pytest.mark.clause("K-16")
def test_a_force_majeure_request_waits_for_investigation_then_decision(client, demo):
    contract = make_contract(demo)
    request = force_majeure_request_submit(
        actor=demo["rep"], contract=contract, event_on=D(2024, 2, 1), submitted_on=D(2024, 2, 5),
        description="台風で機材が損壊した。", documents=[ContentFile(b"report", name="report.txt")])
    item = one(demo["officer"], contract, "contracts.force_majeure")
    obligation = Obligation.objects.get(kind="contracts.force_majeure", source_id=request.pk)
    assert item.mine and item.clause == "K-16-2" and item.due_on == obligation.due_on == D(2024, 2, 19)
    assert item.obligation_id == obligation.pk
    assert item.url == reverse("contracts:force-majeure-investigate", args=[contract.pk, request.pk])
    opens_form(client, demo["officer"], item.url, 'name="findings"')
    assert refused(client, demo["rep"], item.url) == 403
    assert not one(demo["rep"], contract, "contracts.force_majeure").mine
    force_majeure_investigate(actor=demo["officer"], request=request, findings="被害を確認した。",
                              decision_due_on=D(2024, 3, 1), investigated_on=D(2024, 2, 10))
    decide = one(demo["officer"], contract, "contracts.force_majeure_decision")
    assert decide.mine and decide.due_on == D(2024, 3, 1)
    assert decide.full_label == f"解除請求の承認又は不承認を決定する（期限 {to_wareki(D(2024, 3, 1))}）"
    opens_form(client, demo["officer"], decide.url, 'name="reasons"')


@pytest.mark.clause("K-14")
@pytest.mark.clause("K-17")
def test_after_a_termination_the_penalty_waits_for_the_contractor_and_the_performed_parts_for_the_officer(
        client, demo):
    contract = make_contract(demo)
    part = svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 2, 1), summary="一部",
                                 files=[ContentFile(b"x", name="part.txt")], partial=True, part_description="第1期")
    svc.inspection_record(actor=demo["inspector"], report=part, inspected_on=D(2024, 2, 5), result="passed")
    termination = terminate(demo, contract, D(2024, 2, 20))
    penalty = one(demo["rep"], contract, "contracts.termination_penalty")
    assert penalty.mine and penalty.due_on == termination.penalty_due_on and penalty.clause == "K-14-2"
    assert not one(demo["officer"], contract, "contracts.termination_penalty").mine
    client.force_login(demo["rep"])
    assert client.get(penalty.url.split("#")[0]).status_code == 200
    performed = one(demo["officer"], contract, "contracts.performed")
    assert performed.mine and performed.since == D(2024, 2, 20)
    opens_form(client, demo["officer"], performed.url, 'name="performed-amount"')
    assert items(demo["rep"], contract, kind="contracts.completion") == []


@pytest.mark.clause("K-11")
def test_each_report_awaiting_inspection_is_its_own_item_opening_the_form_on_it(client, demo):
    contract = make_contract(demo)
    part = svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 2, 1), summary="一部",
                                 files=[ContentFile(b"x", name="part.txt")], partial=True, part_description="第1期")
    whole = report(demo, contract, D(2024, 3, 25))
    found = items(demo["inspector"], contract, kind=svc.KIND_INSPECTION)
    assert [(i.source_id, i.due_on) for i in found] == [(part.pk, D(2024, 2, 11)), (whole.pk, D(2024, 4, 4))]
    for item, chosen in zip(found, (part, whole), strict=True):
        html = opens_form(client, demo["inspector"], item.url, 'name="inspection-report"')
        assert f'<option value="{chosen.pk}" selected>' in html
