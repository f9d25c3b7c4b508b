"""The 「完了・検査・支払」 panel, the action pages, deliverables, and the API (K-11, K-12, K-13)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.contracts.choices import ContractState
from itaku.contracts.demo_history import LEAFLET_TITLE
from itaku.contracts.lifecycle import services as svc
from itaku.contracts.models import CompletionReport, Contract, Deliverable

from .test_lifecycle import make_contract

SEED = "ひきこもり支援Web広告業務"
D = dt.date


def page(client, user, contract):
    client.force_login(user)
    return client.get(reverse("contracts:section", args=[contract.pk, "lifecycle"])).content.decode()


@pytest.mark.clause("K-11")
@pytest.mark.clause("K-12")
def test_panel_shows_the_history_with_findings_rework_invoice_and_payment(client, demo):
    html = page(client, demo["auditor"], Contract.objects.get(title=SEED))
    assert "完了・検査・支払" in html
    assert "最終報告書に2月分の広告効果測定" in html  # findings of the failed inspection
    assert "令和6年4月8日" in html  # rework due
    assert "不合格（手直し）" in html and "合格" in html
    assert "令和6年4月12日" in html and "令和6年5月12日" in html  # received, due (+30)
    assert "令和6年5月10日" in html and "3,300,000" in html
    assert "final-report-sample.txt" in html
    assert 'action="/contracts/' not in html.split('id="lifecycle-title"')[1]  # no forms for the auditor


@pytest.mark.clause("K-13")
def test_panel_shows_the_penalty_working(client, demo):
    other = Contract.objects.get(title__startswith="ひきこもり支援相談窓口周知チラシ")
    html = page(client, demo["outsider"], other)
    assert "延滞違約金" in html and "867" in html and "契約額から相殺" in html
    assert "880,000 × 3% × 12 / 365 = 867.94円" in html


@pytest.mark.clause("K-11")
def test_forms_are_shown_only_to_the_role_that_may_act(client, demo):
    leaflet = Contract.objects.get(title=LEAFLET_TITLE)
    inspect_url = reverse("contracts:lifecycle-inspection", args=[leaflet.pk])
    assert f'action="{inspect_url}"' in page(client, demo["inspector"], leaflet)
    for user in ("officer", "accountant", "rep", "auditor"):
        assert f'action="{inspect_url}"' not in page(client, demo[user], leaflet)
        assert client.get(inspect_url).status_code == 403


@pytest.mark.clause("K-11")
def test_inspector_fails_through_the_page_and_the_refusal_names_the_clause(client, demo):
    leaflet = Contract.objects.get(title=LEAFLET_TITLE)
    report = CompletionReport.objects.get(contract=leaflet)
    client.force_login(demo["inspector"])
    url = reverse("contracts:lifecycle-inspection", args=[leaflet.pk])
    today = dt.date.today()
    response = client.post(url, {"inspection-report": report.pk, "inspection-inspected_on": today.isoformat(),
                                 "inspection-result": "failed"})
    assert response.status_code == 200 and "[K-11]" in response.content.decode()
    response = client.post(url, {"inspection-report": report.pk, "inspection-inspected_on": today.isoformat(),
                                 "inspection-result": "failed", "inspection-findings": "誤字がある",
                                 "inspection-rework_due_on": (today + dt.timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    leaflet.refresh_from_db()
    assert leaflet.state == ContractState.REWORK
    # the representative now sees the rework form and reports through it
    html = page(client, demo["rep"], leaflet)
    assert reverse("contracts:lifecycle-rework", args=[leaflet.pk]) in html
    response = client.post(reverse("contracts:lifecycle-rework", args=[leaflet.pk]), {
        "rework-inspection": leaflet.inspections.get().pk, "rework-reported_on": today.isoformat(),
        "rework-summary": "修正しました", "rework-files": [SimpleUploadedFile("fixed.pdf", b"%PDF-1.4")]})
    assert response.status_code == 302
    assert Deliverable.objects.filter(report__contract=leaflet, name="fixed.pdf").exists()


@pytest.mark.clause("K-12")
def test_invoice_page_refuses_before_a_pass_with_k12(client, demo):
    leaflet = Contract.objects.get(title=LEAFLET_TITLE)
    client.force_login(demo["accountant"])
    response = client.post(reverse("contracts:lifecycle-invoice", args=[leaflet.pk]), {
        "invoice-received_on": dt.date.today().isoformat(), "invoice-amount": 990_000,
        "invoice-decision": "received"})
    assert response.status_code == 200 and "[K-12]" in response.content.decode()


@pytest.mark.clause("K-11")
def test_deliverables_download_for_those_who_see_the_contract(client, demo):
    item = Deliverable.objects.get(name="final-report-sample.txt")
    url = reverse("contracts:deliverable", args=[item.report.contract_id, item.pk])
    client.force_login(demo["worker2"])
    response = client.get(url)
    assert response.status_code == 200 and "最終報告書" in b"".join(response.streaming_content).decode()
    client.force_login(demo["outsider"])
    assert client.get(url).status_code == 404


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.clause("K-11")
@pytest.mark.clause("K-12")
def test_api_runs_the_services_and_refusals_carry_the_clause(demo):
    contract = make_contract(demo)
    rep = _api(demo["rep"])
    response = rep.post(reverse("api:completion-report-list"), {
        "contract": contract.pk, "reported_on": "2024-04-01", "summary": "完了",
        "files": [SimpleUploadedFile("r.pdf", b"%PDF")]}, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["inspection_due_on"] == "2024-04-11" and body["deliverables"][0]["name"] == "r.pdf"
    response = _api(demo["officer"]).post(reverse("api:inspection-list"), {
        "report": body["id"], "inspected_on": "2024-04-14", "result": "passed"}, format="json")
    assert response.status_code == 403
    response = _api(demo["accountant"]).post(reverse("api:invoice-list"), {
        "contract": contract.pk, "received_on": "2024-04-15"}, format="json")
    assert response.status_code == 400 and response.json()["clause"] == "K-12"
    response = _api(demo["inspector"]).post(reverse("api:inspection-list"), {
        "report": body["id"], "inspected_on": "2024-04-14", "result": "passed"}, format="json")
    assert response.status_code == 201 and response.json()["days_late"] == 3
    response = _api(demo["accountant"]).post(reverse("api:invoice-list"), {
        "contract": contract.pk, "received_on": "2024-04-15"}, format="json")
    assert response.status_code == 201 and response.json()["due_on"] == "2024-05-12"
    response = _api(demo["outsider"]).post(reverse("api:invoice-list"), {
        "contract": contract.pk, "received_on": "2024-04-15"}, format="json")
    assert response.status_code == 404
    listing = _api(demo["auditor"]).get(reverse("api:inspection-list"), {"contract": contract.pk}).json()
    assert listing["count"] == 1
    assert _api(demo["outsider"]).get(reverse("api:inspection-list"), {"contract": contract.pk}).json()["count"] == 0


@pytest.mark.clause("K-12")
@pytest.mark.clause("K-13")
def test_api_closes_a_paid_contract_for_its_officer_only(demo):
    contract = make_contract(demo)
    url = reverse("api:contract-close", args=[contract.pk])
    report = svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 4, 12), summary="完了",
                                   files=[SimpleUploadedFile("r.txt", b"x")])
    svc.inspection_record(actor=demo["inspector"], report=report, inspected_on=D(2024, 4, 15), result="passed")
    response = _api(demo["officer"]).post(url)
    assert response.status_code == 400 and response.json()["clause"] == "K-12"  # not paid yet
    penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
    invoice = svc.invoice_register(actor=demo["accountant"], contract=contract, received_on=D(2024, 4, 18))
    svc.payment_record(actor=demo["accountant"], invoice=invoice, paid_on=D(2024, 5, 1), amount=invoice.amount)
    response = _api(demo["officer"]).post(url)
    assert response.status_code == 400 and response.json()["code"] == "penalty_unsettled"
    assert response.json()["clause"] == "K-13"
    svc.penalty_settle(actor=demo["officer"], penalty=penalty, settlement="paid", settled_on=D(2024, 5, 2))
    for user in ("accountant", "rep", "auditor"):
        assert _api(demo[user]).post(url).status_code == 403
    assert _api(demo["outsider"]).post(url).status_code == 404
    contract.refresh_from_db()
    assert contract.state == ContractState.PAID
    response = _api(demo["officer"]).post(url)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == contract.pk and body["state"] == ContractState.CLOSED and "members" in body
    contract.refresh_from_db()
    assert contract.state == ContractState.CLOSED
    assert contract.events.latest("seq").action == "contracts.contract.closed"
    response = _api(demo["officer"]).post(url)
    assert response.status_code == 400 and response.json()["code"] == "state_not_allowed"


def _reports(demo, contract, n):
    for i in range(n):
        report = svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 2, 1),
                                       summary=f"部分{i}", partial=True, part_description=f"第{i}期",
                                       files=[SimpleUploadedFile(f"p{i}.txt", b"x")])
        svc.inspection_record(actor=demo["inspector"], report=report, inspected_on=D(2024, 2, 3),
                              result="passed" if i % 2 else "failed", findings="所見",
                              rework_due_on=D(2024, 2, 20))


@pytest.mark.parametrize("username", ["inspector", "rep"])
def test_panel_and_api_lists_keep_a_constant_number_of_queries(client, demo, username,
                                                               django_assert_max_num_queries):
    contract = make_contract(demo)
    _reports(demo, contract, 2)
    client.force_login(demo[username])
    url = reverse("contracts:section", args=[contract.pk, "lifecycle"])
    api = _api(demo[username])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with CaptureQueriesContext(connection) as few_api:
        for name in ("completion-report", "inspection", "invoice", "payment", "penalty", "performed-part"):
            api.get(reverse(f"api:{name}-list"))
    _reports(demo, contract, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "第19期" in response.content.decode()
    with django_assert_max_num_queries(len(few_api.captured_queries)):
        for name in ("completion-report", "inspection", "invoice", "payment", "penalty", "performed-part"):
            assert api.get(reverse(f"api:{name}-list")).status_code == 200
