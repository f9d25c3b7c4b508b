import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from itaku.incidents.demo import CLOSED_TITLE
from itaku.incidents.models import Incident

from .conftest import hours_ago


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.clause("P-12")
def test_the_whole_workflow_through_the_api(api, demo, current):
    api.force_authenticate(demo["worker1"])
    response = api.post("/api/v1/incidents/", {
        "contract": current.pk, "scope": "privacy", "nature": "leak", "title": "API誤送信", "summary": "x",
        "discovered_at": hours_ago(1).isoformat()}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api.post(f"/api/v1/incidents/{pk}/first-report/", {"first_report": "x"}, format="json").status_code == 403
    api.force_authenticate(demo["privacy"])
    assert api.post(f"/api/v1/incidents/{pk}/first-report/", {"first_report": "報告"}, format="json").status_code == 200
    response = api.post(f"/api/v1/incidents/{pk}/report/", {"place": "本社", "circumstances": "x", "cause": "x",
                                                            "prevention": "x"}, format="json")
    assert response.status_code == 400 and response.json()["clause"] == "P-12"
    assert api.post(f"/api/v1/incidents/{pk}/report/", {
        "items": "氏名", "record_count": 1, "people_count": 1, "place": "本社", "circumstances": "x", "cause": "x",
        "prevention": "x"}, format="json").status_code == 200
    api.force_authenticate(demo["officer"])
    assert api.post(f"/api/v1/incidents/{pk}/review/", {"decision": "accept"}, format="json").status_code == 200
    response = api.post(f"/api/v1/incidents/{pk}/ppc/", {"sensitive": True, "financial_harm": False,
                                                         "wrongful_purpose": False, "over_threshold": False},
                        format="json")
    body = response.json()
    assert body["ppc_reportable"] is True and body["ppc_final_due_on"]
    timeline = api.get(f"/api/v1/incidents/{pk}/timeline/").json()
    assert [s["status"] for s in timeline if s["label"] == "第一報"] == ["met"]
    api.force_authenticate(demo["outsider"])
    assert api.get(f"/api/v1/incidents/{pk}/").status_code == 404
    assert pk not in [i["id"] for i in api.get("/api/v1/incidents/").json()["results"]]


@pytest.mark.clause("P-12")
def test_the_incident_list_reads_a_constant_number_of_queries(api, demo, current, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from itaku.incidents import services

    api.force_authenticate(demo["officer"])
    url = f"/api/v1/incidents/?contract={current.pk}"
    api.get(url)
    with CaptureQueriesContext(connection) as before:
        api.get(url)
    for i in range(4):
        services.incident_open(actor=demo["worker1"], contract=current, scope="security", nature="loss",
                               title=f"紛失{i}", summary="x", discovered_at=hours_ago(1))
    with django_assert_num_queries(len(before.captured_queries)):
        api.get(url)


@pytest.mark.clause("P-13")
def test_a_breach_through_the_api_only_by_the_officer(api, demo, current):
    data = {"contract": current.pk, "basis": "P-13", "clause_broken": "P-6", "found_in": "other",
            "found_on": timezone.localdate().isoformat(), "description": "x", "remedy": "damages", "amount": 50000}
    api.force_authenticate(demo["rep"])
    assert api.post("/api/v1/incident-breaches/", data, format="json").status_code == 403
    api.force_authenticate(demo["officer"])
    response = api.post("/api/v1/incident-breaches/", data, format="json")
    assert response.status_code == 201 and response.json()["amount"] == 50000


@pytest.mark.clause("P-12")
def test_itaku_render_writes_the_incident_report_with_embedded_mincho(demo, tmp_path):
    import shutil
    import subprocess

    incident = Incident.objects.get(title=CLOSED_TITLE)
    out = tmp_path / "incident.pdf"
    call_command("render", "incident_report", contract=incident.contract_id, source=incident.pk, fmt="pdf",
                 output=out)
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "事故報告書" in text and "経過と期限" in text and "広告配信先リストの誤送信" in text
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        serif = [line for line in fonts.splitlines() if "SerifJP" in line or "Mincho" in line]
        assert serif and " yes " in serif[0]  # the Mincho face, embedded
    docx = tmp_path / "incident.docx"
    call_command("render", "incident_report", contract=incident.contract_id, source=incident.pk, fmt="docx",
                 output=docx)
    assert docx.read_bytes()[:2] == b"PK"
