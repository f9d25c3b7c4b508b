import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.contracts.models import Contract

SEED = "ひきこもり支援Web広告業務"


@pytest.fixture
def api():
    return APIClient()


def _token(api, username):
    response = api.post(reverse("api:token"), {"username": username, "password": "itaku-demo"}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def test_token_authentication(api, demo):
    token = _token(api, "rep")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    data = api.get(reverse("api:contract-list")).json()
    assert SEED in [c["title"] for c in data["results"]]
    assert all(c["contractor"]["id"] == demo["rep"].organisation_id for c in data["results"])


def test_wrong_password_is_refused_in_the_error_shape(api, demo):
    response = api.post(reverse("api:token"), {"username": "rep", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"code", "clause", "detail"}


def test_detail_and_404_outside_view(api, demo):
    seed = Contract.objects.get(title=SEED)
    api.force_authenticate(demo["rep"])
    body = api.get(reverse("api:contract-detail", args=[seed.pk])).json()
    assert body["amount"] == 3_300_000 and body["tax"] == 300_000
    assert body["term_wareki"] == "令和5年6月1日～令和6年3月31日"
    assert {"user": "privacy", "role": "privacy_officer"}.items() <= body["members"][0].items() or any(
        m["user"] == "privacy" and m["role"] == "privacy_officer" for m in body["members"])
    api.force_authenticate(demo["outsider"])
    response = api.get(reverse("api:contract-detail", args=[seed.pk]))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_filters(api, demo):
    api.force_authenticate(demo["officer"])
    url = reverse("api:contract-list")
    assert api.get(url).json()["count"] == 4  # with the demo leaflet contract (K-11)
    assert api.get(url, {"q": "チラシ"}).json()["count"] == 1
    assert api.get(url, {"fiscal_year": 2024}).json()["count"] == 1
    assert api.get(url, {"state": "closed"}).json()["count"] == 0


def _payload(demo, **overrides):
    body = {
        "template": "yamanashi-itaku-2023", "title": "API業務", "contractor": demo["rep"].organisation_id,
        "signed_on": "2024-04-01", "ends_on": "2025-03-31", "amount": 3_300_000,
        "deposit_exempt": True, "deposit_exemption_basis": "財務規則第109条の2第7号",
        "members": [{"user": "rep", "role": "representative"}, {"user": "inspector", "role": "inspector"}],
    }
    body.update(overrides)
    return body


def test_officer_creates_through_the_api(api, demo):
    api.force_authenticate(demo["officer"])
    response = api.post(reverse("api:contract-list"), _payload(demo), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["tax"] == 300_000 and body["client"]["name"] == "山梨県"
    assert {m["role"] for m in body["members"]} == {"officer", "representative", "inspector"}


@pytest.mark.parametrize(
    ("overrides", "clause", "field"),
    [
        ({"ends_on": "2024-03-01"}, "K-2", "ends_on"),
        ({"amount": -5}, "K-3", "amount"),
        ({"amount": 1000.5}, "K-3", "amount"),
        ({"deposit_exempt": False}, "K-4", "deposit_amount"),
        ({"members": [{"user": "outsider", "role": "worker"}]}, "K-0", "members"),
    ],
)
def test_bad_input_names_the_clause(api, demo, overrides, clause, field):
    api.force_authenticate(demo["officer"])
    response = api.post(reverse("api:contract-list"), _payload(demo, **overrides), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["clause"] == clause and body["field"] == field
    assert body["code"] and body["detail"]


def test_contractor_that_is_a_client_is_refused(api, demo):
    api.force_authenticate(demo["officer"])
    response = api.post(reverse("api:contract-list"),
                        _payload(demo, contractor=demo["officer"].organisation_id), format="json")
    assert response.status_code == 400 and response.json()["code"] == "contractor_not_contractor"


@pytest.mark.parametrize("username", ["inspector", "rep", "outsider"])
def test_only_the_officer_creates(api, demo, username):
    api.force_authenticate(demo[username])
    response = api.post(reverse("api:contract-list"), _payload(demo), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_schema_lists_the_contract_endpoints(api, demo):
    api.force_authenticate(demo["auditor"])
    response = api.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/contracts/" in response.json()["paths"]


@pytest.mark.clause("K-1")
def test_multipart_create_with_a_specification(api, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.force_authenticate(demo["officer"])
    body = _payload(demo)
    body.pop("members")
    body["specification"] = SimpleUploadedFile("shiyousho.pdf", b"%PDF-1.4 spec", content_type="application/pdf")
    response = api.post(reverse("api:contract-list"), body, format="multipart")
    assert response.status_code == 201, response.json()
    assert Contract.objects.get(pk=response.json()["id"]).specification.name.endswith(".pdf")
    body["specification"] = SimpleUploadedFile("shiyousho.exe", b"MZ")
    response = api.post(reverse("api:contract-list"), body, format="multipart")
    assert response.status_code == 400 and response.json()["clause"] == "K-1"


@pytest.mark.parametrize("username", ["inspector", "rep", "outsider"])
def test_non_officers_learn_nothing_from_the_input(api, demo, username):
    """Refused before the input is read: a made-up user name gets the same answer as a real one."""
    api.force_authenticate(demo[username])
    for member in ("nosuchuser", "privacy"):
        response = api.post(reverse("api:contract-list"),
                            _payload(demo, members=[{"user": member, "role": "worker"}]), format="json")
        assert response.status_code == 403


def test_outsider_cannot_probe_other_contractors_through_the_filter(api, demo):
    api.force_authenticate(demo["outsider"])
    hidden = demo["rep"].organisation_id
    nonexistent = 999_999
    answers = {api.get(reverse("api:contract-list"), {"contractor": pk}).status_code for pk in (hidden, nonexistent)}
    assert answers == {400}


def test_non_numeric_id_is_404(api, demo):
    api.force_authenticate(demo["officer"])
    assert api.get("/api/v1/contracts/abc/").status_code == 404


@pytest.mark.parametrize(
    "overrides", [{"amount": 2**70}, {"premises_address": "あ" * 301}, {"signed_on": "1800-04-01"}]
)
def test_oversized_input_is_a_400_in_the_error_shape(api, demo, overrides):
    api.force_authenticate(demo["officer"])
    response = api.post(reverse("api:contract-list"), _payload(demo, **overrides), format="json")
    assert response.status_code == 400
    assert {"code", "clause", "detail"} <= set(response.json())


def test_token_requests_are_counted_per_connection_not_per_claimed_address(api, demo):
    """A client cannot escape the token limit by sending its own X-Forwarded-For."""
    from rest_framework.throttling import ScopedRateThrottle

    from itaku.api.views import TokenView

    assert ScopedRateThrottle in TokenView.throttle_classes and TokenView.throttle_scope == "token"
    request = api.post(reverse("api:token"), {}, format="json", HTTP_X_FORWARDED_FOR="203.0.113.9").wsgi_request
    assert ScopedRateThrottle().get_ident(request) == request.META["REMOTE_ADDR"] != "203.0.113.9"
