"""Compliance reports (遵守状況報告, P-10-1), on-site inspections and instructions with annex 1's clauses
(P-10, P-11), and the privacy declaration (P-14)."""

import datetime as dt

import pytest
from django.urls import reverse

from itaku.contracts.models import Contract
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.obligations.models import Obligation
from itaku.obligations.work import items_for
from itaku.oversight.choices import COMPLIANCE_KIND, ComplianceState
from itaku.oversight.compliance import (
    compliance_periods,
    compliance_report_review,
    compliance_report_submit,
    compliance_schedule_set,
    declaration_of,
    privacy_declaration_record,
)
from itaku.oversight.compliance_draft import draft_facts, draft_text
from itaku.oversight.forms import RequestForm
from itaku.oversight.models import ComplianceReport
from itaku.oversight.services import oversight_request_issue

SEED = "ひきこもり支援Web広告業務"
D = dt.date


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.fixture
def current(demo):
    """This fiscal year's contract (the demo's seed contract has its reports already, all submitted)."""
    return Contract.objects.get(title__startswith="ひきこもり支援Web広告業務（", state="active")


@pytest.fixture
def monthly(demo, current):
    compliance_schedule_set(actor=demo["officer"], contract=current)
    return ComplianceReport.objects.filter(contract=current).order_by("period_start")


def _ended(report) -> dt.date:
    """A day after ``report``'s period, not in the future (skipped when the period has not ended yet)."""
    on = report.period_end + dt.timedelta(days=4)
    if on > dt.date.today():
        pytest.skip("the first period of this fiscal year has not ended yet")
    return on


def test_periods_follow_the_calendar_over_the_term(seed):
    periods = compliance_periods(seed, 1)
    assert periods[0] == (D(2023, 6, 1), D(2023, 6, 30)) and periods[-1] == (D(2024, 3, 1), D(2024, 3, 31))
    assert len(periods) == 10
    quarterly = compliance_periods(seed, 3)
    assert quarterly[0] == (D(2023, 6, 1), D(2023, 8, 31)) and quarterly[-1][1] == D(2024, 3, 31)


@pytest.mark.clause("P-10")
def test_the_officer_sets_a_monthly_schedule_and_each_report_is_due(demo, current, monthly):
    year = current.signed_on.year
    assert monthly.count() == 12
    first = monthly.first()
    assert first.due_on == D(year, 5, 10) and first.state == ComplianceState.DUE
    dues = Obligation.objects.filter(contract=current, kind=COMPLIANCE_KIND, state="open")
    assert dues.count() == 12 and dues.filter(due_on=D(year, 5, 10), role="privacy_officer").exists()
    with pytest.raises(PermissionRefused):
        compliance_schedule_set(actor=demo["rep"], contract=current)
    compliance_schedule_set(actor=demo["officer"], contract=current, interval=3, due_days=14)  # set again
    assert ComplianceReport.objects.filter(contract=current).count() == 4
    assert Obligation.objects.filter(contract=current, kind=COMPLIANCE_KIND, state="open").count() == 4


@pytest.mark.clause("P-10")
def test_the_demo_reports_were_submitted_monthly(demo, seed):
    reports = ComplianceReport.objects.filter(contract=seed).order_by("period_start")
    assert reports.count() == 10 and reports.first().state == ComplianceState.ACKNOWLEDGED
    assert reports.last().state == ComplianceState.SUBMITTED


@pytest.mark.clause("P-10")
def test_itaku_drafts_from_what_it_knows(demo, seed):
    report = ComplianceReport.objects.filter(contract=seed, period_start=D(2023, 6, 1)).get()
    facts = draft_facts(report)
    assert facts["period"] == ["2023-06-01", "2023-06-30"]
    assert facts["copies_not_disposed"] == 0 and facts["takeouts_open"] == []
    assert {c["clause"] for c in facts["consents"]} == {"P-5", "P-6-5"}  # the demo's, decided in June
    assert set(facts["handlers"]) >= {str(demo["privacy"]), str(demo["worker1"])}
    assert str(demo["worker2"]) not in facts["handlers"]  # named, not briefed
    text = draft_text(facts)
    assert "対象期間：令和5年6月1日から令和5年6月30日まで" in text and "持出し・複製の状況" in text


@pytest.mark.clause("P-10")
def test_the_privacy_officer_submits_and_the_officer_acknowledges_or_returns(demo, current, monthly):
    report = monthly.first()
    on = _ended(report)
    with pytest.raises(PermissionRefused):
        compliance_report_submit(actor=demo["rep"], report=report, body="報告")
    with pytest.raises(ClauseViolation) as exc:
        compliance_report_submit(actor=demo["privacy"], report=report, body="報告",
                                 on=report.period_end - dt.timedelta(days=1))
    assert exc.value.clause == "P-10" and exc.value.code == "period_not_ended"
    with pytest.raises(ClauseViolation) as exc:
        compliance_report_submit(actor=demo["privacy"], report=report, body=" ")
    assert exc.value.field == "body"
    report = compliance_report_submit(actor=demo["privacy"], report=report, body="適正に取り扱った。", on=on)
    assert report.state == ComplianceState.SUBMITTED and report.facts["period"][0] == report.period_start.isoformat()
    assert Obligation.objects.get(kind=COMPLIANCE_KIND, source_id=report.pk).state == "met"
    with pytest.raises(ClauseViolation) as exc:  # returned without saying what is missing
        compliance_report_review(actor=demo["officer"], report=report, acknowledge=False)
    assert exc.value.field == "note"
    report = compliance_report_review(actor=demo["officer"], report=report, acknowledge=False, note="研修の記録を追記",
                                      due_on=dt.date.today() + dt.timedelta(days=7))
    assert report.state == ComplianceState.RETURNED
    assert Obligation.objects.filter(kind=COMPLIANCE_KIND, source_id=report.pk, state="open").count() == 1
    report = compliance_report_submit(actor=demo["privacy"], report=report, body="研修の記録を追記した。")
    report = compliance_report_review(actor=demo["officer"], report=report, acknowledge=True)
    assert report.state == ComplianceState.ACKNOWLEDGED
    with pytest.raises(ClauseViolation) as exc:  # the schedule is in use
        compliance_schedule_set(actor=demo["officer"], contract=current, interval=3)
    assert exc.value.code == "schedule_in_use"


@pytest.mark.clause("P-10")
def test_pages_draft_submit_and_acknowledge(client, demo, current, monthly):
    seed = current
    report = monthly.first()
    on = _ended(report)
    url = reverse("oversight:compliance_detail", args=[seed.pk, report.pk])
    client.force_login(demo["privacy"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "oversight"])).content.decode()
    assert "遵守状況報告" in html and url in html and "P-14" in html
    html = client.get(url).content.decode()
    assert "対象期間：" in html and "提出する" in html
    assert client.post(url, {"body": "適正に取り扱った。", "submitted_on": on.isoformat()}).status_code == 302
    client.force_login(demo["officer"])
    items = [i for i in items_for(demo["officer"]) if i.kind == "oversight.compliance_review"]
    assert any(i.url.startswith(url) for i in items)
    response = client.post(reverse("oversight:compliance_review", args=[seed.pk, report.pk]),
                           {"decision": "acknowledge"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ComplianceState.ACKNOWLEDGED
    client.force_login(demo["worker1"])
    assert client.post(url, {"body": "x"}).status_code == 403


@pytest.mark.clause("P-10")
def test_api_reports_draft_submit_review(client, demo, current, monthly):
    seed = current
    report = monthly.first()
    on = _ended(report)
    client.force_login(demo["privacy"])
    rows = client.get(f"/api/v1/compliance-reports/?contract={seed.pk}").json()["results"]
    assert len(rows) == 12 and rows[0]["state"] == "due"
    draft = client.get(f"/api/v1/compliance-reports/{report.pk}/draft/").json()
    assert draft["facts"]["period"][0] == report.period_start.isoformat()
    response = client.post(f"/api/v1/compliance-reports/{report.pk}/submit/",
                           {"body": draft["text"], "submitted_on": on.isoformat()}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    response = client.post(f"/api/v1/compliance-reports/{report.pk}/review/", {"decision": "acknowledge"},
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["clause"] == "P-10"
    client.force_login(demo["officer"])
    response = client.put(f"/api/v1/compliance-schedules/{seed.pk}/", {"interval": 3}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "schedule_in_use"


@pytest.mark.clause("P-10")
@pytest.mark.parametrize("kind", ["onsite", "instruction"])
def test_onsite_inspections_and_instructions_with_annex1_clauses(demo, seed, kind):
    form = RequestForm()
    assert {"P-10", "P-11"} <= {v for v, _label in form.fields["clause_id"].choices}
    assert "onsite" in {v for v, _label in form.fields["kind"].choices}
    clause = "P-10" if kind == "onsite" else "P-11"
    request = oversight_request_issue(actor=demo["officer"], contract=seed, clause_id=clause, kind=kind,
                                      subject="個人情報の取扱状況の確認", body="保管庫を実地に検査する",
                                      due_on=dt.date.today() + dt.timedelta(days=14), addressed_role="privacy_officer")
    assert request.clause_id == clause and request.get_kind_display() in ("実地検査", "指示")


@pytest.mark.clause("P-14")
def test_the_contractor_records_its_privacy_declaration(client, demo, seed):
    assert "example.jp/privacy" in declaration_of(seed).where  # the demo's
    with pytest.raises(PermissionRefused):
        privacy_declaration_record(actor=demo["worker1"], contract=seed, where="https://example.jp/privacy",
                                   published_on=D(2020, 4, 1))
    with pytest.raises(ClauseViolation) as exc:
        privacy_declaration_record(actor=demo["rep"], contract=seed, where="", published_on=D(2020, 4, 1))
    assert exc.value.clause == "P-14" and exc.value.field == "where"
    privacy_declaration_record(actor=demo["rep"], contract=seed, where="https://example.jp/privacy",
                               published_on=D(2020, 4, 1))
    assert declaration_of(seed).where == "https://example.jp/privacy"
    client.force_login(demo["auditor"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "oversight"])).content.decode()
    assert "https://example.jp/privacy" in html and "令和2年4月1日" in html
    client.force_login(demo["privacy"])
    response = client.post("/api/v1/privacy-declarations/", {"contract": seed.pk, "where": "本社1階 掲示板",
                                                             "published_on": "2021-04-01"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["organisation"] == seed.contractor_id
    client.force_login(demo["officer"])
    assert any(d["where"] == "本社1階 掲示板" for d in client.get("/api/v1/privacy-declarations/").json()["results"])


@pytest.mark.parametrize("username", ["officer", "privacy"])
def test_compliance_lists_keep_a_constant_number_of_queries(client, demo, current, username,
                                                             django_assert_max_num_queries):
    seed = current
    compliance_schedule_set(actor=demo["officer"], contract=seed, interval=6)
    client.force_login(demo[username])
    url = reverse("contracts:section", args=[seed.pk, "oversight"])
    with django_assert_max_num_queries(80) as few:
        client.get(url)
        client.get("/api/v1/compliance-reports/")
    compliance_schedule_set(actor=demo["officer"], contract=seed, interval=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
        client.get("/api/v1/compliance-reports/")
