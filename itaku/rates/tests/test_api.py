"""The calculations and the rate tables over the API: the same JSON as ``itaku calc --json``."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from itaku.rates.models import Rate, RateKind


@pytest.fixture
def api(client, demo):
    client.force_login(demo["worker1"])
    return client


@pytest.mark.clause("K-12")
def test_interest_is_the_same_json_as_the_command(api):
    query = {"amount": "1000000", "due": "2024-04-30", "paid": "2024-05-10", "rate": "2.5"}
    data = api.get(reverse("api:calc-interest"), query).json()
    out = io.StringIO()
    call_command("calc", "interest", "--amount", "1000000", "--due", "2024-04-30", "--paid", "2024-05-10",
                 "--rate", "2.5", "--json", stdout=out)
    assert data == json.loads(out.getvalue())
    assert data["result"] == 600 and data["days"] == 10 and data["exact"] == "684.93"


@pytest.mark.clause("K-13")
def test_penalty(api):
    data = api.get(reverse("api:calc-penalty"), {"amount": "3300000", "end": "2024-03-31",
                                                 "completed": "2024-04-12"}).json()
    assert data["result"] == 3254 and data["rate"]["percent"] == "3"
    data = api.get(reverse("api:calc-penalty"), {"amount": "100000", "end": "2024-03-31", "completed": "2024-04-10",
                                                 "unperformed": "true"}).json()
    assert data["result"] == 0 and data["values"]["base"] == "未履行部分に相当する額"


@pytest.mark.clause("K-3")
def test_tax(api):
    assert api.get(reverse("api:calc-tax"), {"amount": "1234000"}).json()["result"] == 112181
    assert api.get(reverse("api:calc-tax"), {"amount": "1234000", "rounding": "up"}).json()["result"] == 112182


@pytest.mark.clause("K-12")
def test_refusals_name_the_clause(api):
    response = api.get(reverse("api:calc-interest"), {"amount": "1000000", "due": "2024-04-30",
                                                      "paid": "2024-05-10", "signed": "2014-06-01"})
    assert response.status_code == 400
    assert response.json()["code"] == "rate_unconfirmed" and response.json()["clause"] == "K-12"
    response = api.get(reverse("api:calc-tax"), {"amount": "-3"})
    assert response.status_code == 400 and response.json()["clause"] == "K-3"
    response = api.get(reverse("api:calc-penalty"), {"amount": "1"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_calc_index(api):
    data = api.get(reverse("api:calc-list")).json()
    assert set(data) == {"tax", "interest", "penalty"}
    assert api.get(reverse("api:root")).status_code == 200


def test_rates_list_and_filter(api):
    data = api.get(reverse("api:rate-list"), {"kind": "statutory"}).json()
    assert data["count"] == 4 and all(r["kind"] == "statutory" for r in data["results"])
    rows = api.get(reverse("api:rate-list"), {"kind": "late_payment"}).json()["results"]
    assert rows[-1] == {**rows[-1], "effective_from": "2021-04-01", "percent": "2.5", "confirmed": True}
    assert [r["percent"] for r in rows if not r["confirmed"]] == [None, None, None]
    row = Rate.objects.get(kind=RateKind.LATE_PAYMENT, effective_from=dt.date(2021, 4, 1))
    assert api.get(reverse("api:rate-detail", args=[row.pk])).json()["source"] == "財務省告示第49号（令和3年）"
    assert api.post(reverse("api:rate-list"), {}).status_code == 405


def test_rates_list_queries_stay_constant(api, django_assert_max_num_queries):
    for year in range(2030, 2045):
        Rate.objects.create(kind=RateKind.LATE_PAYMENT, effective_from=dt.date(year, 4, 1), percent=Decimal("2"),
                            confirmed=True, source=f"告示{year}")
    with django_assert_max_num_queries(4):
        assert api.get(reverse("api:rate-list")).json()["count"] == 27


def test_schema_still_generates(api):
    response = api.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/v1/calc/interest/" in response.content and b"/api/v1/rates/" in response.content


def test_anonymous_is_refused(client, db):
    assert client.get(reverse("api:calc-tax"), {"amount": "1"}).status_code == 403


@pytest.mark.clause("K-12")
def test_contract_rate_over_the_api(demo):
    from rest_framework.test import APIClient

    from itaku.contracts.models import Contract
    from itaku.journal.models import Event

    seed = Contract.objects.get(title="ひきこもり支援Web広告業務")
    api = APIClient()
    api.force_authenticate(demo["rep"])
    url = reverse("api:contract-rate-detail", args=[seed.pk])
    body = api.get(url).json()
    assert body["stated_percent"] is None and body["applied"]["percent"] == "2.5"
    assert body["applied"]["reason"] == "契約締結日（令和5年6月1日）に適用される率"
    set_url = reverse("api:contract-rate-set", args=[seed.pk])
    refused = api.post(set_url, {"percent": "3", "basis": "契約書第12条"}, format="json")
    assert refused.status_code == 403 and refused.json()["clause"] == "K-12"
    api.force_authenticate(demo["officer"])
    missing = api.post(set_url, {"percent": "3"}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "rate_basis_missing"
    assert missing.json()["field"] == "basis"
    done = api.post(set_url, {"percent": "3", "basis": "契約書第12条第2項"}, format="json").json()
    assert done["stated_percent"] == "3" and done["applied"]["reason"] == "契約で定めた率"
    assert Event.objects.latest("seq").action == "rates.contract_rate.set"
    cleared = api.post(set_url, {}, format="json").json()
    assert cleared["stated_percent"] is None and cleared["applied"]["percent"] == "2.5"
    api.force_authenticate(demo["outsider"])
    assert api.get(url).status_code == 404
