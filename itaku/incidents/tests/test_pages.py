
import pytest
from django.urls import reverse
from django.utils import timezone

from itaku.incidents import services
from itaku.incidents.demo import CLOSED_TITLE, OPEN_TITLE
from itaku.incidents.models import Incident

from .conftest import hours_ago


def _url(incident, act=None):
    if act:
        return reverse("incidents:act", args=[incident.contract_id, incident.pk, act])
    return reverse("incidents:detail", args=[incident.contract_id, incident.pk])


@pytest.mark.clause("P-12")
def test_a_worker_opens_an_incident_from_the_section(client, demo, current):
    client.force_login(demo["worker1"])
    section = client.get(reverse("contracts:section", args=[current.pk, "incidents"]))
    assert section.status_code == 200 and reverse("incidents:create", args=[current.pk]) in section.content.decode()
    response = client.post(reverse("incidents:create", args=[current.pk]), {
        "scope": "privacy", "nature": "leak", "title": "FAX誤送信", "summary": "誤ったFAX番号に送信",
        "discovered_at": timezone.localtime(hours_ago(1)).strftime("%Y-%m-%dT%H:%M")})
    incident = Incident.objects.get(title="FAX誤送信")
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "第一報" in page and "応急措置を記録する" in page and "甲に報告する" not in page  # a worker does not report


@pytest.mark.clause("P-12")
def test_the_client_cannot_open_and_empty_input_names_the_field(client, demo, current):
    client.force_login(demo["officer"])
    assert client.get(reverse("incidents:create", args=[current.pk])).status_code == 403
    client.force_login(demo["worker1"])
    response = client.post(reverse("incidents:create", args=[current.pk]), {"scope": "privacy"})
    assert response.status_code == 400


@pytest.mark.clause("P-12")
def test_the_overdue_detailed_report_is_red_on_both_sides(client, demo):
    incident = Incident.objects.get(title=OPEN_TITLE)
    for name in ("rep", "officer"):
        client.force_login(demo[name])
        page = client.get(_url(incident)).content.decode()
        assert "row--overdue" in page and "期限超過" in page
        section = client.get(reverse("contracts:section", args=[incident.contract_id, "incidents"])).content.decode()
        assert f'id="incident-{incident.pk}" class="row--overdue"' in section


@pytest.mark.clause("P-12")
def test_the_responsible_person_reports_and_the_officer_returns_the_report(client, demo, current):
    incident = services.incident_open(actor=demo["worker1"], contract=current, scope="privacy", nature="leak",
                                      title="誤送信", summary="x", discovered_at=hours_ago(1))
    client.force_login(demo["privacy"])
    assert client.post(_url(incident, "first_report"), {"first_report": "報告します"}).status_code == 302
    response = client.post(_url(incident, "report"), {"place": "本社", "circumstances": "誤送信", "cause": "確認不足",
                                                      "prevention": "二重確認"})
    assert response.status_code == 400 and "個人情報の項目" in response.content.decode()
    assert client.post(_url(incident, "report"), {
        "items": "氏名", "record_count": "2", "people_count": "2", "place": "本社", "circumstances": "誤送信",
        "cause": "確認不足", "prevention": "二重確認"}).status_code == 302
    assert client.post(_url(incident, "review"), {"decision": "accept"}).status_code == 403
    client.force_login(demo["officer"])
    response = client.post(_url(incident, "review"), {"decision": "return", "note": "原因を詳しく"})
    assert response.status_code == 302
    assert incident.reports.get().state == "returned"


@pytest.mark.clause("P-12")
def test_the_incident_page_reads_a_constant_number_of_queries(client, demo, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    incident = Incident.objects.get(title=OPEN_TITLE)
    services.incident_instruct(actor=demo["officer"], incident=incident, subject="指示", body="x",
                               due_on=timezone.localdate())
    client.force_login(demo["officer"])
    client.get(_url(incident))
    with CaptureQueriesContext(connection) as before:
        client.get(_url(incident))
    for i in range(4):
        services.measure_record(actor=demo["privacy"], incident=incident, taken_at=hours_ago(1), description=f"措置{i}")
        services.incident_instruct(actor=demo["officer"], incident=incident, subject=f"指示{i}", body="x",
                                   due_on=timezone.localdate())
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(_url(incident))


@pytest.mark.clause("P-12")
def test_the_section_lists_incidents_in_a_constant_number_of_queries(client, demo, current):
    from itaku.core.tests.queries import computed_queries

    client.force_login(demo["officer"])
    url = reverse("contracts:section", args=[current.pk, "incidents"])
    before = computed_queries(client, url)
    for i in range(5):
        incident = services.incident_open(actor=demo["worker1"], contract=current, scope="both", nature="loss",
                                          title=f"紛失{i}", summary="x", discovered_at=hours_ago(2))
        services.incident_first_report(actor=demo["rep"], incident=incident, body="報告")
        services.breach_record(actor=demo["officer"], contract=current, basis="S-14", clause_broken="S-8",
                               found_in="incident", incident=incident, found_on=timezone.localdate(),
                               description="x", remedy="damages", amount=1000)
    assert computed_queries(client, url) == before


@pytest.mark.clause("P-13")
def test_the_officer_records_a_breach_with_termination_linking_to_k14(client, demo, current):
    client.force_login(demo["officer"])
    response = client.post(reverse("incidents:breach_create", args=[current.pk]), {
        "basis": "P-13", "clause_broken": "P-6", "found_in": "other", "found_on": timezone.localdate().isoformat(),
        "description": "管理台帳に記載のない複製", "remedy": "termination"})
    assert response.status_code == 302
    section = client.get(reverse("contracts:section", args=[current.pk, "incidents"])).content.decode()
    assert reverse("contracts:section", args=[current.pk, "termination"]) in section


@pytest.mark.clause("P-12")
def test_incident_report_pdf_and_docx(client, demo):
    incident = Incident.objects.get(title=CLOSED_TITLE)
    client.force_login(demo["auditor"])
    pdf = client.post(reverse("incidents:document", args=[incident.contract_id, incident.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body.startswith(b"%PDF")
    docx = client.post(reverse("incidents:document", args=[incident.contract_id, incident.pk, "docx"]))
    assert docx.status_code == 200
    xls = reverse("incidents:document", args=[incident.contract_id, incident.pk, "xls"])
    assert client.post(xls).status_code == 404
