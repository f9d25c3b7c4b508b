"""The OpenAPI schema is generated without a warning, and the API answers what it declares: every list and
detail for the officer and the contractor's representative, the calculators' index, a waived obligation,
and the {"code", "clause", "detail"} refusals."""

import os
import subprocess
import sys

import pytest

from itaku.api.urls import router
from itaku.obligations.models import Obligation

from .conformance import assert_conforms


def _run(args, tmp_path, **env):
    environment = {**os.environ, "ITAKU_VAR_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-m", "itaku", *args], capture_output=True, text=True, timeout=300,
                          env=environment, cwd=tmp_path)


def test_schema_generates_without_warnings_or_errors(tmp_path):
    result = _run(["spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")],
                  tmp_path, DJANGO_SETTINGS_MODULE="config.settings.test")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr[-3000:]
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def _lists():
    for prefix, viewset, _basename in router.registry:
        if hasattr(viewset, "list"):
            yield prefix, hasattr(viewset, "retrieve")


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_every_list_and_detail_matches_the_schema(client, demo, username):
    client.force_login(demo[username])
    checked = 0
    for prefix, has_detail in _lists():
        response = client.get(f"/api/v1/{prefix}/")
        assert_conforms(response, "get", f"/api/v1/{prefix}/")
        body = response.json()
        rows = body["results"] if isinstance(body, dict) and "results" in body else body
        if has_detail and isinstance(rows, list) and rows:
            key = "id" if "id" in rows[0] else "code"
            detail = client.get(f"/api/v1/{prefix}/{rows[0][key]}/")
            assert_conforms(detail, "get", f"/api/v1/{prefix}/{{id}}/")
            checked += 1
    assert checked >= 5


def test_null_user_names_are_declared_nullable(client, demo):
    """An obligation nobody is assigned to answers ``"assignee": null``, as the schema allows."""
    client.force_login(demo["officer"])
    response = client.get("/api/v1/obligations/")
    assert any(row["assignee"] is None for row in response.json()["results"])
    assert_conforms(response, "get", "/api/v1/obligations/")


def test_calculators_index_is_one_object(client, demo):
    client.force_login(demo["rep"])
    response = client.get("/api/v1/calc/")
    assert set(response.json()) == {"tax", "interest", "penalty"}
    assert_conforms(response, "get", "/api/v1/calc/")


def test_waive_answers_the_obligation(client, demo):
    obligation = Obligation.objects.filter(state="open", contract__title__startswith="ひきこもり").first()
    client.force_login(demo["officer"])
    response = client.post(f"/api/v1/obligations/{obligation.pk}/waive/", {"reason": "協議により不要"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "waived"
    assert_conforms(response, "post", "/api/v1/obligations/{id}/waive/")


def test_refusals_match_the_declared_error_shape(client, demo):
    obligation = Obligation.objects.filter(state="open").first()
    client.force_login(demo["rep"])
    refused = client.post(f"/api/v1/obligations/{obligation.pk}/waive/", {"reason": "x"},
                          content_type="application/json")
    assert refused.status_code in (403, 404)
    assert_conforms(refused, "post", "/api/v1/obligations/{id}/waive/")
    missing = client.get("/api/v1/contracts/999999/")
    assert missing.status_code == 404
    assert_conforms(missing, "get", "/api/v1/contracts/{id}/")
    invalid = client.get("/api/v1/calc/tax/")
    assert invalid.status_code == 400
    assert_conforms(invalid, "get", "/api/v1/calc/tax/")
    past_the_end = client.get("/api/v1/contracts/", {"page": 99})
    assert past_the_end.status_code == 404
    assert_conforms(past_the_end, "get", "/api/v1/contracts/")
    client.logout()
    anonymous = client.get("/api/v1/contracts/")
    assert anonymous.status_code == 403
    assert_conforms(anonymous, "get", "/api/v1/contracts/")


@pytest.mark.parametrize("path", ["/api/v1/contracts/abc/", "/api/v1/contracts/1/document/txt/", "/api/v1/nothing/"])
def test_addresses_that_name_nothing_answer_the_json_404(client, demo, path):
    """What schemathesis sends for a path parameter of the wrong type: the declared 404, in JSON."""
    client.force_login(demo["rep"])
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found" and response.json()["clause"] is None
    assert client.get("/api/v1/contracts").status_code == 301  # still sent to the address with its "/"


def test_waive_with_a_body_that_is_not_an_object_is_refused_in_the_error_shape(client, demo):
    obligation = Obligation.objects.filter(state="open", contract__title__startswith="ひきこもり").first()
    client.force_login(demo["officer"])
    response = client.post(f"/api/v1/obligations/{obligation.pk}/waive/", [None, None],
                           content_type="application/json")
    assert response.status_code == 400
    assert_conforms(response, "post", "/api/v1/obligations/{id}/waive/")
