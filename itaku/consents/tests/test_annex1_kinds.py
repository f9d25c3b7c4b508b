"""Annex 1's consent kinds (P-5, P-6-5, P-6-6, P-8, P-9): submitted by the representative or the privacy
officer, decided by the client's officer, shown and lettered like the others."""

import pytest
from django.urls import reverse

from itaku.core.exceptions import ClauseViolation, PermissionRefused

from .. import kinds
from ..models import ConsentRequest, ConsentState, Subcontractor
from ..services import consent_carry_out, consent_decide, consent_submit, statement_text
from .conftest import copy_statement, subcontract_statement, takeout_statement


def test_annex1_kinds_are_registered_with_their_clauses():
    clauses = {k.code: k.clause for k in kinds.all_kinds()}
    assert clauses["privacy_takeout"] == "P-5" and clauses["privacy_copy"] == "P-6-5"
    assert clauses["privacy_abroad"] == "P-6-6" and clauses["privacy_purpose"] == "P-8"
    assert clauses["privacy_subcontract"] == "P-9"


@pytest.mark.clause("P-5")
def test_takeout_is_requested_by_the_privacy_officer_and_approved_by_the_officer(demo, seed, dataset):
    consent = consent_submit(actor=demo["privacy"], contract=seed, kind="privacy_takeout",
                             statement=takeout_statement(dataset))
    assert consent.clause == "P-5" and consent.statement["dataset"] == dataset.pk
    text = dict(statement_text(consent))
    assert text["対象の個人情報"] == dataset.name and text["暗号化等の安全確保の措置"].startswith("AES-256")
    assert text["返却期限"] == "令和5年8月3日"
    with pytest.raises(PermissionRefused):
        consent_decide(actor=demo["privacy"], consent=consent, approve=True)
    consent_decide(actor=demo["officer"], consent=consent, approve=True, conditions="当日中に返却すること")
    consent.refresh_from_db()
    assert consent.state == ConsentState.APPROVED and consent.letter is not None
    assert consent.snapshot["clause_title"].startswith("別記1第5条")


@pytest.mark.clause("P-5")
def test_takeout_states_where_how_and_the_encryption_and_returns_after_it_starts(demo, seed, dataset):
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["rep"], contract=seed, kind="privacy_takeout",
                       statement=takeout_statement(dataset, encryption=""))
    assert exc.value.clause == "P-5" and exc.value.field == "encryption"
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["rep"], contract=seed, kind="privacy_takeout",
                       statement=takeout_statement(dataset, return_by="2023-07-01"))
    assert exc.value.field == "return_by"


@pytest.mark.clause("P-5")
def test_a_worker_or_the_client_cannot_request(demo, seed, dataset):
    for username in ("worker1", "officer"):
        with pytest.raises(PermissionRefused):
            consent_submit(actor=demo[username], contract=seed, kind="privacy_takeout",
                           statement=takeout_statement(dataset))


@pytest.mark.clause("P-6-5")
def test_copying_states_a_number_of_copies_of_a_dataset_of_this_contract(demo, seed, other, dataset):
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="privacy_copy", statement=copy_statement(dataset))
    assert consent.statement["copies"] == 2 and dict(statement_text(consent))["複写・複製する部数"] == "2"
    for bad in (0, 101, "二", True):
        with pytest.raises(ClauseViolation) as exc:
            consent_submit(actor=demo["rep"], contract=seed, kind="privacy_copy",
                           statement=copy_statement(dataset, copies=bad))
        assert exc.value.clause == "P-6-5" and exc.value.field == "copies"
    dataset.state = "erased"
    dataset.save()
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["rep"], contract=seed, kind="privacy_copy", statement=copy_statement(dataset))
    assert exc.value.field == "dataset"


@pytest.mark.clause("P-6-6")
def test_transfer_abroad_names_the_country_and_the_recipient(demo, seed, dataset):
    statement = {"dataset": dataset.pk, "country": "us", "recipient": "Sample Cloud Inc.", "reason": "保守のため",
                 "safeguards": "契約で安全管理措置を義務付ける"}
    consent = consent_submit(actor=demo["privacy"], contract=seed, kind="privacy_abroad", statement=statement)
    assert consent.statement["country"] == "US"
    assert "United States（US）" in dict(statement_text(consent))["移転先の国"]
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["privacy"], contract=seed, kind="privacy_abroad",
                       statement={**statement, "recipient": ""})
    assert exc.value.clause == "P-6-6" and exc.value.field == "recipient"


@pytest.mark.clause("P-8")
def test_provision_beyond_the_purpose_names_the_recipient(demo, seed, dataset):
    statement = {"dataset": dataset.pk, "use": "provision", "purpose": "統計の作成", "reason": "県の依頼"}
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["rep"], contract=seed, kind="privacy_purpose", statement=statement)
    assert exc.value.clause == "P-8" and exc.value.field == "recipient"
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="privacy_purpose",
                             statement={**statement, "recipient": "山梨県統計調査課"})
    assert dict(statement_text(consent))["利用・提供の別"] == "第三者に提供する"


@pytest.mark.clause("P-9")
def test_privacy_subcontract_attaches_the_subcontractor_as_handling_personal_information(demo, seed, maker):
    statement = {**{k: v for k, v in subcontract_statement(maker).items()
                    if k in ("subcontractor", "scope", "reason", "starts_on", "ends_on")},
                 "information": "相談者の氏名・連絡先", "supervision": "月次で取扱状況の報告を受ける"}
    consent = consent_submit(actor=demo["privacy"], contract=seed, kind="privacy_subcontract", statement=statement)
    assert consent.subject == maker
    with pytest.raises(ClauseViolation) as exc:  # not yet approved
        consent_carry_out(actor=demo["rep"], consent=consent)
    assert exc.value.clause == "P-9"
    consent_decide(actor=demo["officer"], consent=consent, approve=True)
    consent.refresh_from_db()
    with pytest.raises(PermissionRefused):  # the representative registers it
        consent_carry_out(actor=demo["privacy"], consent=consent)
    sub = consent_carry_out(actor=demo["rep"], consent=consent)
    # The demo's subcontractor was already attached (K-6): it is now approved for personal information.
    assert Subcontractor.objects.filter(contract=seed, organisation=maker).count() == 1
    assert sub.handles_personal_information and sub.privacy_consent == consent
    with pytest.raises(ClauseViolation) as exc:
        consent_carry_out(actor=demo["rep"], consent=consent)
    assert exc.value.code == "consent_used"


@pytest.mark.clause("P-5")
def test_pages_offer_annex1_kinds_to_the_privacy_officer_and_show_them(client, demo, seed, dataset):
    client.force_login(demo["privacy"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "consents"])).content.decode()
    for code in ("privacy_takeout", "privacy_copy", "privacy_abroad", "privacy_purpose", "privacy_subcontract"):
        assert reverse("consents:create", args=[seed.pk, code]) in html
    assert reverse("consents:create", args=[seed.pk, "subcontract"]) not in html  # K-6 stays the representative's
    url = reverse("consents:create", args=[seed.pk, "privacy_takeout"])
    html = client.get(url).content.decode()
    assert dataset.name in html and "暗号化等の安全確保の措置" in html
    data = {"submitted_on": "2023-07-20", **takeout_statement(dataset)}
    response = client.post(url, {**data, "encryption": ""})
    assert "[P-5]" in response.content.decode()
    response = client.post(url, data)
    consent = ConsentRequest.objects.get(kind="privacy_takeout", statement__dataset=dataset.pk)
    assert response.status_code == 302
    client.force_login(demo["officer"])
    html = client.get(reverse("consents:detail", args=[seed.pk, consent.pk])).content.decode()
    assert "P-5" in html and dataset.name in html and "承諾の可否を決定する" in html
    client.force_login(demo["worker1"])
    assert client.get(url).status_code == 403


@pytest.mark.clause("P-6-5")
def test_api_submits_and_decides_annex1_kinds(client, demo, seed, dataset):
    client.force_login(demo["privacy"])
    response = client.post("/api/v1/consents/", {"contract": seed.pk, "kind": "privacy_copy",
                                                 "statement": copy_statement(dataset, copies=3)},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["clause"] == "P-6-5" and {"label": "複写・複製する部数", "text": "3"} in body["statement_text"]
    response = client.post("/api/v1/consents/", {"contract": seed.pk, "kind": "privacy_copy",
                                                 "statement": copy_statement(dataset, copies=0)},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["clause"] == "P-6-5"
    client.force_login(demo["officer"])
    response = client.post(f"/api/v1/consents/{body['id']}/decide/", {"decision": "approve"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    kind = client.get("/api/v1/consent-kinds/privacy_copy/").json()
    assert kind["submitters"] == ["representative", "privacy_officer"] and kind["decider"] == "officer"


@pytest.mark.clause("P-6-3")
@pytest.mark.parametrize("kind, statement", [("privacy_takeout", takeout_statement), ("privacy_copy", copy_statement)])
def test_takeout_and_copy_name_the_devices_and_attest_they_are_the_contractors_managed_ones(
        demo, seed, dataset, kind, statement):
    for missing in ("devices", "managed_devices"):
        with pytest.raises(ClauseViolation) as exc:
            consent_submit(actor=demo["privacy"], contract=seed, kind=kind,
                           statement=statement(dataset, **{missing: ""}))
        assert exc.value.field == missing and exc.value.code == "statement_missing"
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["privacy"], contract=seed, kind=kind,
                       statement=statement(dataset, managed_devices="personal"))
    assert exc.value.field == "managed_devices"
    consent = consent_submit(actor=demo["privacy"], contract=seed, kind=kind, statement=statement(dataset))
    text = dict(statement_text(consent))
    assert text["使用する機器・媒体"].startswith("乙管理のノートPC")
    assert text["機器の管理（別記1第6条第3号）"] == "乙の管理に属さない機器・媒体は使用しません"
