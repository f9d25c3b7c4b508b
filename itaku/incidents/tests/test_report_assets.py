"""The detailed report names the assets involved from the contract's information-security asset register
(P-12, S-13; the register: S-2), as it names the datasets from the personal-information register."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.core.exceptions import ClauseViolation
from itaku.incidents import services
from itaku.incidents.demo import CLOSED_TITLE
from itaku.incidents.models import Incident
from itaku.incidents.renderers import report_paragraphs
from itaku.security.demo import ASSETS
from itaku.security.models import InformationAsset
from itaku.security.services import asset_register

from .conftest import hours_ago


def _report(incident, actor, **extra):
    values = dict(place="本社", circumstances="置き忘れ", cause="確認不足", prevention="持ち出し簿で確認する",
                  other_assets="私物のUSBメモリ（台帳外）")
    values.update(extra)
    return services.report_submit(actor=actor, incident=incident, **values)


@pytest.fixture
def security_incident(demo, current):
    return services.incident_open(actor=demo["worker1"], contract=current, scope="security", nature="loss",
                                  title="紛失", summary="端末を紛失した。", discovered_at=hours_ago(1))


@pytest.mark.clause("S-13")
def test_only_the_contracts_assets_are_linked_and_other_assets_stay_free_text(demo, current, seed,
                                                                           security_incident):
    foreign = InformationAsset.objects.filter(contract=seed).first()
    assert foreign is not None
    with pytest.raises(ClauseViolation) as exc:
        _report(security_incident, demo["security"], assets=[foreign])
    assert exc.value.code == "asset_not_of_contract" and exc.value.clause == "S-13" and exc.value.field == "assets"
    assert "S-13" in str(exc.value.detail)
    own = asset_register(actor=demo["security"], contract=current, kind=ASSETS[0][0], name="作業用ノートPC",
                         owner=ASSETS[0][2], place="本社")
    report = _report(security_incident, demo["security"], assets=[own])
    assert list(report.assets.all()) == [own] and report.other_assets == "私物のUSBメモリ（台帳外）"


@pytest.mark.clause("P-12")
def test_the_demo_report_shows_its_asset_on_the_page_in_the_api_and_in_the_report(client, demo, seed):
    incident = Incident.objects.get(title=CLOSED_TITLE)
    asset = InformationAsset.objects.get(contract=seed, name=ASSETS[0][1])
    report = incident.reports.get()
    assert list(report.assets.all()) == [asset]
    client.force_login(demo["officer"])
    html = client.get(reverse("incidents:detail", args=[seed.pk, incident.pk])).content.decode()
    assert asset.name in html and f"#asset-{asset.pk}" in html
    api = APIClient()
    api.force_authenticate(demo["officer"])
    body = api.get(f"/api/v1/incidents/{incident.pk}/").json()
    assert body["reports"][0]["assets"] == [asset.pk]
    # the incident report (PDF and DOCX are written from the same paragraphs)
    assert any(asset.name in p.text for p in report_paragraphs(incident))


@pytest.mark.clause("S-13")
def test_the_api_and_the_page_take_assets_only_from_the_contracts_register(client, demo, current, seed,
                                                                         security_incident):
    foreign = InformationAsset.objects.filter(contract=seed).first()
    own = asset_register(actor=demo["security"], contract=current, kind=ASSETS[0][0], name="作業用ノートPC",
                         owner=ASSETS[0][2], place="本社")
    client.force_login(demo["security"])
    html = client.get(reverse("incidents:detail", args=[current.pk, security_incident.pk])).content.decode()
    assert "作業用ノートPC" in html and foreign.name not in html  # the form offers only this contract's assets
    api = APIClient()
    api.force_authenticate(demo["security"])
    url = f"/api/v1/incidents/{security_incident.pk}/report/"
    data = {"place": "本社", "circumstances": "x", "cause": "x", "prevention": "x"}
    response = api.post(url, {**data, "assets": [foreign.pk]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "asset_not_of_contract"
    assert response.json()["clause"] == "S-13"
    assert api.post(url, {**data, "assets": [own.pk]}, format="json").status_code == 200
    assert list(security_incident.reports.get().assets.all()) == [own]
