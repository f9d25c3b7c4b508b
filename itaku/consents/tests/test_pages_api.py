import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..models import ConsentRequest, ConsentState, Subcontractor
from ..panels import PER_PAGE
from ..services import consent_decide, consent_submit
from .conftest import assignment_statement, subcontract_statement


def _requests(demo, contract, org, n):
    for i in range(n):
        consent = consent_submit(actor=demo["rep"], contract=contract, kind="subcontract",
                                 statement=subcontract_statement(org, scope=f"範囲{i}"))
        if i % 2:
            consent_decide(actor=demo["officer"], consent=consent, approve=False, reasons="否")


@pytest.mark.clause("K-6")
def test_contract_page_lists_requests_and_subcontractors(client, demo, seed, maker):
    client.force_login(demo["auditor"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "consents"])).content.decode()
    assert "承諾（権利義務の譲渡・再委託など）" in html and "再委託" in html and "K-6" in html
    assert "承諾" in html and "令和5年6月12日" in html and "令和5年6月19日" in html
    assert html.count(maker.name) >= 2  # the request's subject and the attached subcontractor
    assert "再委託の承諾を申請" not in html  # the auditor does not submit
    client.force_login(demo["rep"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "consents"])).content.decode()
    assert reverse("consents:create", args=[seed.pk, "subcontract"]) in html
    assert reverse("consents:create", args=[seed.pk, "assignment"]) in html


@pytest.mark.clause("K-6")
def test_representative_requests_through_the_page_and_the_officer_decides(client, demo, seed, maker):
    client.force_login(demo["rep"])
    url = reverse("consents:create", args=[seed.pk, "subcontract"])
    html = client.get(url).content.decode()
    assert "再委託先" in html and "再委託する業務の範囲" in html and maker.name in html
    assert f'value="{seed.contractor_id}"' not in html  # the contractor itself is no choice
    data = {"submitted_on": "2023-07-20", "subcontractor_source": "registered", "subcontractor": maker.pk,
            "scope": "ページから申請", "reason": "理由", "starts_on": "2023-08-01", "ends_on": "2023-07-01",
            "handles_personal_information": "no"}
    html = client.post(url, data).content.decode()
    assert "[K-6]" in html and "再委託の期間（終了）" in html  # ends before it starts
    response = client.post(url, {**data, "ends_on": "2023-09-30"})
    consent = ConsentRequest.objects.get(statement__scope="ページから申請")
    detail = reverse("consents:detail", args=[seed.pk, consent.pk])
    assert response.status_code == 302 and response["Location"] == detail
    html = client.get(detail).content.decode()
    assert "ページから申請" in html and "令和5年8月1日" in html and "申請を取り下げる" in html
    assert "承諾の可否を決定する" not in html

    client.force_login(demo["officer"])
    html = client.get(detail).content.decode()
    assert "承諾の可否を決定する" in html and "申請を取り下げる" not in html
    decide = reverse("consents:decide", args=[seed.pk, consent.pk])
    html = client.post(decide, {"decision": "refuse", "reasons": "", "decided_on": "2023-07-25"}).content.decode()
    assert "[K-6]" in html and "理由" in html
    response = client.post(decide, {"decision": "approve", "conditions": "月次で報告すること",
                                     "decided_on": "2023-07-25"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.state == ConsentState.APPROVED and consent.conditions == "月次で報告すること"
    html = client.get(detail).content.decode()
    assert consent.snapshot_sha256 in html and "承諾書（PDF）" in html and "月次で報告すること" in html
    letter = client.get(reverse("consents:letter", args=[seed.pk, consent.pk]))
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF")
    assert "再委託先として登録する" not in html  # the officer does not attach

    client.force_login(demo["rep"])
    assert "再委託先として登録する" in client.get(detail).content.decode()
    response = client.post(reverse("consents:effect", args=[seed.pk, consent.pk]), {"effected_on": "2023-07-31"})
    assert response.status_code == 302 and Subcontractor.objects.filter(consent=consent).exists()
    response = client.post(reverse("consents:effect", args=[seed.pk, consent.pk]), {"effected_on": "2023-07-31"},
                           follow=True)
    assert "[K-6]" in response.content.decode()


def test_withdraw_through_the_page(client, demo, seed, maker):
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="subcontract",
                             statement=subcontract_statement(maker))
    client.force_login(demo["rep"])
    response = client.post(reverse("consents:withdraw", args=[seed.pk, consent.pk]), follow=True)
    assert "申請を取り下げました" in response.content.decode()
    consent.refresh_from_db()
    assert consent.state == ConsentState.WITHDRAWN


def test_a_request_is_found_only_under_its_own_contract(client, demo, seed, other, maker):
    consent = ConsentRequest.objects.filter(contract=seed).first()
    client.force_login(demo["officer"])
    assert client.get(reverse("consents:detail", args=[other.pk, consent.pk])).status_code == 404
    assert client.get(reverse("consents:create", args=[seed.pk, "nothing"])).status_code == 404


@pytest.mark.clause("K-5")
def test_assignment_through_the_page_moves_the_representative_out(client, demo, seed, assignee):
    org, user = assignee
    client.force_login(demo["rep"])
    url = reverse("consents:create", args=[seed.pk, "assignment"])
    html = client.get(url).content.decode()
    assert "譲受人（承継する組織）" in html
    # The assignee's user is typed as a username: the page lists no contractor's users.
    assert re.search(r'<input type="text" name="assignee_user"', html)
    assert "譲受 一郎" not in html and "例示 花子" not in html and "守 健一" not in html
    form = {"submitted_on": "2023-09-01", "assignee": org.pk, "assignee_user": "outsider", "rights": "一切の権利義務",
            "reason": "事業譲渡", "assigned_on": "2023-10-01"}
    response = client.post(url, form)
    assert response.status_code == 200 and "[K-5]" in response.content.decode()
    assert not ConsentRequest.objects.filter(kind="assignment").exists()
    response = client.post(url, {**form, "assignee_user": user.username})
    consent = ConsentRequest.objects.get(kind="assignment")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "譲受 一郎" in html
    consent_decide(actor=demo["officer"], consent=consent, approve=True)
    response = client.post(reverse("consents:effect", args=[seed.pk, consent.pk]),
                           {"effected_on": dt.date.today().isoformat()})
    assert response.status_code == 302 and response["Location"] == reverse("contracts:list")
    seed.refresh_from_db()
    assert seed.contractor == org
    assert client.get(reverse("contracts:detail", args=[seed.pk])).status_code == 404


def _api_error(response, status, clause, code=None):
    body = response.json()
    assert response.status_code == status and set(body) >= {"code", "clause", "detail"}
    assert body["clause"] == clause
    if code:
        assert body["code"] == code
    return body


@pytest.mark.clause("K-6")
def test_api_submit_decide_letter_attach(client, demo, seed, maker):
    client.force_login(demo["officer"])
    payload = {"contract": seed.pk, "kind": "subcontract", "statement": subcontract_statement(maker, scope="API")}
    _api_error(client.post("/api/v1/consents/", payload, content_type="application/json"), 403, None,
               "permission_denied")
    client.force_login(demo["rep"])
    bad = {**payload, "statement": subcontract_statement(maker, scope="")}
    body = _api_error(client.post("/api/v1/consents/", bad, content_type="application/json"), 400, "K-6",
                      "statement_missing")
    # The field is named by ``field``; the message does not repeat its label.
    assert body["field"] == "scope" and body["detail"] == "入力してください。"
    response = client.post("/api/v1/consents/", payload, content_type="application/json")
    assert response.status_code == 201
    consent = response.json()
    assert consent["state"] == "submitted" and consent["clause"] == "K-6" and consent["subject"]["id"] == maker.pk
    url = f"/api/v1/consents/{consent['id']}/"
    _api_error(client.post(url + "attach/"), 400, "K-6", "consent_not_approved")
    _api_error(client.post(url + "decide/", {"decision": "approve"}, content_type="application/json"), 403, None)

    client.force_login(demo["officer"])
    _api_error(client.post(url + "decide/", {"decision": "refuse"}, content_type="application/json"), 400, "K-6",
               "reasons_missing")
    response = client.post(url + "decide/", {"decision": "approve", "conditions": "条件"},
                           content_type="application/json")
    decided = response.json()
    assert response.status_code == 200 and decided["state"] == "approved" and len(decided["snapshot_sha256"]) == 64
    assert decided["letter_sha256"] and decided["snapshot"]["conditions"] == "条件"
    letter = client.get(url + "letter/")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    again = client.post(url + "letter/")
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    _api_error(client.post(url + "decide/", {"decision": "refuse", "reasons": "やはり"},
                           content_type="application/json"), 400, "K-6", "consent_state")

    client.force_login(demo["rep"])
    _api_error(client.post(url + "assign/"), 400, "K-5", "consent_wrong_kind")
    response = client.post(url + "attach/")
    assert response.status_code == 201 and response.json()["organisation"]["id"] == maker.pk
    _api_error(client.post(url + "attach/"), 400, "K-6", "consent_used")


@pytest.mark.clause("K-6")
def test_api_withdraw_and_decide_withdrawn(client, demo, seed, maker):
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="subcontract",
                             statement=subcontract_statement(maker))
    url = f"/api/v1/consents/{consent.pk}/"
    client.force_login(demo["privacy"])
    _api_error(client.post(url + "withdraw/"), 403, None)
    client.force_login(demo["rep"])
    assert client.post(url + "withdraw/").json()["state"] == "withdrawn"
    client.force_login(demo["officer"])
    _api_error(client.post(url + "decide/", {"decision": "approve"}, content_type="application/json"), 400, "K-6",
               "consent_state")
    assert client.get(url + "letter/").status_code == 404


@pytest.mark.clause("K-5")
def test_api_assign(client, demo, seed, assignee):
    org, user = assignee
    client.force_login(demo["rep"])
    payload = {"contract": seed.pk, "kind": "assignment", "statement": assignment_statement(org, user)}
    for named in ("outsider", "nobody-such"):
        bad = {**payload, "statement": assignment_statement(org, user, assignee_user=named)}
        body = _api_error(client.post("/api/v1/consents/", bad, content_type="application/json"), 400, "K-5",
                          "statement_user_unknown")
        assert body["field"] == "assignee_user" and "例示 花子" not in body["detail"]
    consent = client.post("/api/v1/consents/", payload, content_type="application/json").json()
    _api_error(client.post(f"/api/v1/consents/{consent['id']}/assign/"), 400, "K-5", "consent_not_approved")
    consent_decide(actor=demo["officer"], consent=ConsentRequest.objects.get(pk=consent["id"]), approve=True)
    response = client.post(f"/api/v1/consents/{consent['id']}/assign/")
    assert response.status_code == 200 and response.json()["contractor"] == org.pk
    assert client.get(f"/api/v1/contracts/{seed.pk}/").status_code == 404


def test_api_filters_and_visibility(client, demo, seed, other, maker):
    consent_submit(actor=demo["outsider"], contract=other, kind="subcontract",
                   statement=subcontract_statement(maker, starts_on="2024-06-01", ends_on="2024-07-01"))
    client.force_login(demo["officer"])
    rows = client.get("/api/v1/consents/").json()["results"]
    assert {r["contract"] for r in rows} >= {seed.pk, other.pk}
    rows = client.get("/api/v1/consents/", {"contract": other.pk}).json()["results"]
    assert [r["contract"] for r in rows] == [other.pk]
    rows = client.get("/api/v1/consents/", {"state": "approved", "kind": "subcontract"}).json()["results"]
    assert rows and all(r["state"] == "approved" for r in rows)
    assert client.get("/api/v1/consents/", {"kind": "assignment"}).json()["count"] == 0
    client.force_login(demo["rep"])
    assert {r["contract"] for r in client.get("/api/v1/consents/").json()["results"]} <= {
        c.pk for c in seed.__class__.objects.filter(contractor=seed.contractor)}
    other_consent = ConsentRequest.objects.get(contract=other)
    assert client.get(f"/api/v1/consents/{other_consent.pk}/").status_code == 404


def test_api_kinds_registry(client, demo):
    client.force_login(demo["worker1"])
    kinds = {k["code"]: k for k in client.get("/api/v1/consent-kinds/").json()}
    assert kinds["subcontract"]["clause"] == "K-6" and kinds["assignment"]["clause"] == "K-5"
    fields = {f["name"]: f for f in kinds["subcontract"]["fields"]}
    assert fields["subcontractor"]["type"] == "organisation" and fields["scope"]["required"]
    assert kinds["subcontract"]["effect"] == "subcontractor_attach"
    assert kinds["assignment"]["decider"] == "officer" and kinds["assignment"]["submitter"] == "representative"
    detail = client.get("/api/v1/consent-kinds/assignment/").json()
    assert detail["subject_field"] == "assignee"
    assert client.get("/api/v1/consent-kinds/nothing/").status_code == 404


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_lists_keep_a_constant_number_of_queries(client, demo, seed, maker, username,
                                                 django_assert_max_num_queries):
    client.force_login(demo[username])
    _requests(demo, seed, maker, 4)
    page = reverse("contracts:section", args=[seed.pk, "consents"])
    with CaptureQueriesContext(connection) as few_page:
        client.get(page)
    with CaptureQueriesContext(connection) as few_api:
        client.get("/api/v1/consents/")
    _requests(demo, seed, maker, 40)
    with django_assert_max_num_queries(len(few_page.captured_queries)):
        html = client.get(page).content.decode()
    # The requests are shown a page at a time (PER_PAGE rows), the subcontractors all.
    pages = -(-ConsentRequest.objects.filter(contract=seed).count() // PER_PAGE)
    assert html.count('<tr id="consent-') == PER_PAGE and f"1 / {pages}" in html and html.count("範囲") >= 1
    with django_assert_max_num_queries(len(few_api.captured_queries)):
        response = client.get("/api/v1/consents/", {"contract": seed.pk})
    assert response.json()["count"] >= 45


def test_decision_date_is_not_before_the_submission(demo, seed, maker):
    from itaku.core.exceptions import ClauseViolation

    consent = consent_submit(actor=demo["rep"], contract=seed, kind="subcontract",
                             statement=subcontract_statement(maker), on=dt.date(2023, 7, 1))
    with pytest.raises(ClauseViolation) as exc:
        consent_decide(actor=demo["officer"], consent=consent, approve=True, on=dt.date(2023, 6, 30))
    assert exc.value.field == "decided_on" and "令和5年7月1日" in str(exc.value)


@pytest.mark.clause("K-6")
@pytest.mark.parametrize("value", [["no"], {"value": "no"}, 1, True])
def test_api_refuses_a_choice_that_is_not_a_string(client, demo, seed, maker, value):
    client.force_login(demo["rep"])
    payload = {"contract": seed.pk, "kind": "subcontract",
               "statement": subcontract_statement(maker, handles_personal_information=value)}
    body = _api_error(client.post("/api/v1/consents/", payload, content_type="application/json"), 400, "K-6",
                      "statement_invalid")
    assert set(body) == {"code", "clause", "detail", "field"} and body["field"] == "handles_personal_information"
    assert body["detail"] == "選択肢から選択してください。" and "再委託先での個人情報の取扱い" not in body["detail"]
    assert not ConsentRequest.objects.filter(contract=seed, statement__scope="バナー制作").exists()
