"""The dates of consent requests, decisions and what an approval unlocks (K-5, K-6), from the services,
the pages and the API; the subcontract form (a registered or a new organisation, choices, messages)."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from itaku.accounts.choices import OrganisationKind
from itaku.accounts.models import Organisation
from itaku.core.exceptions import ClauseViolation
from itaku.core.wareki import to_wareki
from itaku.documents.models import GeneratedDocument
from itaku.journal.models import Event
from itaku.rates.tests.pdftext import pdf_text

from ..models import ConsentRequest, ConsentState, Subcontractor
from ..services import consent_decide, consent_submit, contract_assign, subcontractor_attach
from .conftest import assignment_statement, subcontract_statement


def _submit(demo, seed, org, on, **overrides):
    return consent_submit(actor=demo["rep"], contract=seed, kind="subcontract",
                          statement=subcontract_statement(org, **overrides), on=on)


@pytest.mark.clause("K-6")
def test_request_and_decision_keep_their_dates_in_the_record_the_journal_and_the_letter(demo, seed, maker):
    consent = _submit(demo, seed, maker, dt.date(2023, 7, 3))
    event = Event.objects.filter(action="consents.request.submitted").latest("seq")
    assert consent.submitted_on == dt.date(2023, 7, 3) and event.data["submitted_on"] == "2023-07-03"
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True, on=dt.date(2023, 7, 10))
    event = Event.objects.filter(action="consents.request.approved").latest("seq")
    assert consent.decided_on == dt.date(2023, 7, 10) and event.data["decided_on"] == "2023-07-10"
    # The recorded times are now; the dates are the facts'.
    assert consent.decided_at.date() >= timezone.localdate() - dt.timedelta(days=1)
    text = pdf_text(GeneratedDocument.objects.get(pk=consent.letter_id).content)
    assert "令和5年7月10日" in text and "令和5年7月3日付けで申請のあった再委託について" in text
    assert to_wareki(timezone.localdate()) not in text


@pytest.mark.clause("K-6")
def test_request_date_is_not_in_the_future_nor_before_the_signing(demo, seed, maker):
    for day, code in ((timezone.localdate() + dt.timedelta(days=1), "date_in_future"),
                      (seed.signed_on - dt.timedelta(days=1), "date_too_early")):
        with pytest.raises(ClauseViolation) as exc:
            _submit(demo, seed, maker, day)
        assert (exc.value.clause, exc.value.code, exc.value.field) == ("K-6", code, "submitted_on")
    assert _submit(demo, seed, maker, seed.signed_on).submitted_on == seed.signed_on


@pytest.mark.clause("K-6")
def test_decision_is_not_before_the_request_nor_in_the_future(demo, seed, maker):
    consent = _submit(demo, seed, maker, dt.date(2023, 7, 3))
    for day, code in ((dt.date(2023, 7, 2), "date_too_early"),
                      (timezone.localdate() + dt.timedelta(days=1), "date_in_future")):
        with pytest.raises(ClauseViolation) as exc:
            consent_decide(actor=demo["officer"], consent=consent, approve=False, reasons="否", on=day)
        assert (exc.value.clause, exc.value.code, exc.value.field) == ("K-6", code, "decided_on")
    consent.refresh_from_db()
    assert consent.state == ConsentState.SUBMITTED
    # The same day as the request is allowed.
    assert consent_decide(actor=demo["officer"], consent=consent, approve=False, reasons="否",
                          on=dt.date(2023, 7, 3)).decided_on == dt.date(2023, 7, 3)


@pytest.mark.clause("K-6")
def test_a_subcontractor_is_attached_not_before_the_approval(demo, seed, maker):
    consent = _submit(demo, seed, maker, dt.date(2023, 7, 3))
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True, on=dt.date(2023, 7, 10))
    with pytest.raises(ClauseViolation) as exc:
        subcontractor_attach(actor=demo["rep"], contract=seed, organisation=maker, consent=consent,
                             on=dt.date(2023, 7, 9))
    assert (exc.value.clause, exc.value.code, exc.value.field) == ("K-6", "date_too_early", "attached_on")
    assert "令和5年7月10日" in str(exc.value)
    sub = subcontractor_attach(actor=demo["rep"], contract=seed, organisation=maker, consent=consent,
                               on=dt.date(2023, 7, 10))
    consent.refresh_from_db()
    assert sub.attached_on == consent.effected_on == dt.date(2023, 7, 10)
    assert Event.objects.latest("seq").data["attached_on"] == "2023-07-10"


@pytest.mark.clause("K-5")
def test_the_contract_is_assigned_not_before_the_approval(demo, seed, assignee):
    org, user = assignee
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                             statement=assignment_statement(org, user), on=dt.date(2023, 9, 1))
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True, on=dt.date(2023, 9, 15))
    assert consent.decided_on == dt.date(2023, 9, 15)
    with pytest.raises(ClauseViolation) as exc:
        contract_assign(actor=demo["rep"], contract=seed, assignee=org, consent=consent, on=dt.date(2023, 9, 14))
    assert (exc.value.clause, exc.value.code, exc.value.field) == ("K-5", "date_too_early", "assigned_on")
    with pytest.raises(ClauseViolation) as exc:
        contract_assign(actor=demo["rep"], contract=seed, assignee=org, consent=consent,
                        on=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.code == "date_in_future"
    seed.refresh_from_db()
    assert seed.contractor != org
    contract_assign(actor=demo["rep"], contract=seed, assignee=org, consent=consent, on=dt.date(2023, 10, 1))
    consent.refresh_from_db()
    assert consent.effected_on == dt.date(2023, 10, 1)
    assert Event.objects.latest("seq").data["assigned_on"] == "2023-10-01"


@pytest.mark.clause("K-6")
def test_pages_take_the_dates_of_the_request_the_decision_and_the_attachment(client, demo, seed, maker):
    client.force_login(demo["rep"])
    url = reverse("consents:create", args=[seed.pk, "subcontract"])
    assert 'name="submitted_on"' in client.get(url).content.decode()
    data = {"submitted_on": "2023-07-03", "subcontractor_source": "registered", "subcontractor": maker.pk,
            "scope": "日付つき", "reason": "理由", "starts_on": "2023-08-01", "ends_on": "2023-09-30",
            "handles_personal_information": "no"}
    html = client.post(url, {**data, "submitted_on": "2023-05-31"}).content.decode()  # before the signing
    assert re.search(r'id="id_submitted_on_error"[^>]*>\s*<p>\[K-6\]', html)
    assert client.post(url, data).status_code == 302
    consent = ConsentRequest.objects.get(statement__scope="日付つき")
    assert consent.submitted_on == dt.date(2023, 7, 3)

    client.force_login(demo["officer"])
    detail = reverse("consents:detail", args=[seed.pk, consent.pk])
    assert 'name="decided_on"' in client.get(detail).content.decode()
    decide = reverse("consents:decide", args=[seed.pk, consent.pk])
    html = client.post(decide, {"decision": "approve", "decided_on": "2023-07-02"}).content.decode()
    assert re.search(r'id="id_decided_on_error"[^>]*>\s*<p>\[K-6\]', html) and "令和5年7月3日" in html
    assert client.post(decide, {"decision": "approve", "decided_on": "2023-07-10"}).status_code == 302
    consent.refresh_from_db()
    assert consent.decided_on == dt.date(2023, 7, 10)
    assert "令和5年7月10日" in client.get(detail).content.decode()

    client.force_login(demo["rep"])
    effect = reverse("consents:effect", args=[seed.pk, consent.pk])
    assert 'name="effected_on"' in client.get(detail).content.decode()
    html = client.post(effect, {"effected_on": "2023-07-09"}).content.decode()
    assert re.search(r'id="id_effected_on_error"[^>]*>\s*<p>\[K-6\]', html)
    assert not Subcontractor.objects.filter(consent=consent).exists()
    assert client.post(effect, {"effected_on": "2023-07-11"}).status_code == 302
    assert Subcontractor.objects.get(consent=consent).attached_on == dt.date(2023, 7, 11)


@pytest.mark.clause("K-6")
def test_api_takes_the_dates(client, demo, seed, maker):
    client.force_login(demo["rep"])
    payload = {"contract": seed.pk, "kind": "subcontract", "statement": subcontract_statement(maker, scope="API日付"),
               "submitted_on": "2023-07-03"}
    body = client.post("/api/v1/consents/", payload, content_type="application/json").json()
    assert body["submitted_on"] == "2023-07-03"
    url = f"/api/v1/consents/{body['id']}/"
    client.force_login(demo["officer"])
    response = client.post(url + "decide/", {"decision": "approve", "decided_on": "2023-07-01"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "decided_on"
    assert response.json()["clause"] == "K-6" and response.json()["code"] == "date_too_early"
    body = client.post(url + "decide/", {"decision": "approve", "decided_on": "2023-07-10"},
                       content_type="application/json").json()
    assert body["decided_on"] == "2023-07-10" and body["snapshot"]["decided_on"] == "2023-07-10"
    client.force_login(demo["rep"])
    response = client.post(url + "attach/", {"effected_on": "2023-07-09"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "date_too_early"
    response = client.post(url + "attach/", {"effected_on": "2023-07-12"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["attached_on"] == "2023-07-12"
    assert client.get(url).json()["effected_on"] == "2023-07-12"
    # The officer is refused before the input is read.
    client.force_login(demo["officer"])
    assert client.post(url + "attach/", {"effected_on": "bad"}, content_type="application/json").status_code == 403


def test_migration_backfills_the_date_of_the_carrying_out(demo, seed):
    consent = Subcontractor.objects.get(contract=seed).consent
    ConsentRequest.objects.filter(pk=consent.pk).update(effected_on=None)
    migration = importlib.import_module("itaku.consents.migrations.0002_consentrequest_effected_on")
    migration.backfill(apps, None)
    consent.refresh_from_db()
    assert consent.effected_on == consent.subcontractor.attached_on == dt.date(2023, 6, 20)


# -- the subcontract form ------------------------------------------------------------------------

def _form_data(**overrides):
    data = {"submitted_on": "2023-07-03", "subcontractor_source": "new", "subcontractor": "",
            "subcontractor_new_name": "株式会社新規制作（テスト）", "subcontractor_new_address": "甲府市新町1-1",
            "subcontractor_new_representative_title": "代表取締役",
            "subcontractor_new_representative_name": "新規 太郎",
            "scope": "新しい組織へ", "reason": "理由", "starts_on": "2023-08-01", "ends_on": "2023-09-30",
            "handles_personal_information": "no"}
    data.update(overrides)
    return data


@pytest.mark.clause("K-6")
def test_subcontractor_choices_are_other_contractors_and_radios_start_unblank(client, demo, seed, maker):
    client.force_login(demo["rep"])
    html = client.get(reverse("consents:create", args=[seed.pk, "subcontract"])).content.decode()
    select = re.search(r'<select name="subcontractor".*?</select>', html, re.S).group()
    values = set(re.findall(r'<option value="(\d+)"', select))
    expected = {str(pk) for pk in Organisation.objects.filter(kind=OrganisationKind.CONTRACTOR)
                .exclude(pk=seed.contractor_id).values_list("pk", flat=True)}
    assert values == expected and str(maker.pk) in values
    assert str(seed.contractor_id) not in values and str(seed.client_id) not in values
    assert "選択してください" in select and "---------" not in html
    # Radios offer only real choices.
    assert not re.search(r'type="radio"[^>]*value=""', html)
    assert 'name="subcontractor_new_name"' in html and 'name="subcontractor_new_address"' in html
    assert 'name="subcontractor_new_representative_name"' in html


@pytest.mark.clause("K-6")
def test_messages_say_choose_for_choices_and_do_not_repeat_the_label(client, demo, seed):
    client.force_login(demo["rep"])
    url = reverse("consents:create", args=[seed.pk, "subcontract"])
    html = client.post(url, _form_data(subcontractor_source="registered", handles_personal_information="",
                                       scope="")).content.decode()
    errors = dict(re.findall(r'id="id_(\w+?)_error"[^>]*>\s*<p>(.*?)</p>', html))
    assert errors["subcontractor"] == "[K-6] 選択してください。"
    assert errors["handles_personal_information"] == "[K-6] 選択してください。"
    assert errors["scope"] == "[K-6] 入力してください。"
    for message in errors.values():
        assert "再委託" not in message and "「" not in message
    assert not ConsentRequest.objects.filter(statement__scope="新しい組織へ").exists()


@pytest.mark.clause("K-6")
def test_a_new_organisation_is_entered_in_the_same_form(client, demo, seed):
    client.force_login(demo["rep"])
    url = reverse("consents:create", args=[seed.pk, "subcontract"])
    html = client.post(url, _form_data(subcontractor_new_address="")).content.decode()
    assert re.search(r'id="id_subcontractor_new_address_error"[^>]*>\s*<p>\[K-6\] 入力してください。', html)
    assert not Organisation.objects.filter(name="株式会社新規制作（テスト）").exists()
    events = Event.objects.count()
    response = client.post(url, _form_data())
    assert response.status_code == 302
    org = Organisation.objects.get(name="株式会社新規制作（テスト）")
    assert org.kind == OrganisationKind.CONTRACTOR and org.address == "甲府市新町1-1"
    assert (org.representative_title, org.representative_name) == ("代表取締役", "新規 太郎")
    consent = ConsentRequest.objects.get(statement__scope="新しい組織へ")
    assert consent.subject == org and consent.statement["subcontractor"] == org.pk
    assert Event.objects.count() == events + 1  # the request's one event records the new organisation
    event = Event.objects.latest("seq")
    assert event.action == "consents.request.submitted" and event.data["new_organisation"]["id"] == org.pk


@pytest.mark.clause("K-6")
def test_a_new_organisation_is_never_a_registered_one(client, demo, seed, maker):
    client.force_login(demo["rep"])
    url = reverse("consents:create", args=[seed.pk, "subcontract"])
    for name in (seed.contractor.name, seed.client.name, maker.name):
        html = client.post(url, _form_data(subcontractor_new_name=name)).content.decode()
        assert re.search(r'id="id_subcontractor_new_name_error"[^>]*>\s*<p>\[K-6\]', html)
    assert not ConsentRequest.objects.filter(statement__scope="新しい組織へ").exists()
    # Through the API: a registered one and a new one at once is refused.
    payload = {"contract": seed.pk, "kind": "subcontract", "statement": subcontract_statement(maker),
               "new_organisation": {"name": "株式会社別（テスト）", "address": "甲府市", "representative_title": "代表",
                                    "representative_name": "別 一"}}
    body = client.post("/api/v1/consents/", payload, content_type="application/json").json()
    assert body["code"] == "new_organisation_conflict" and body["clause"] == "K-6"
    payload["statement"] = subcontract_statement(maker, subcontractor=None)
    body = client.post("/api/v1/consents/", payload, content_type="application/json").json()
    assert body["subject"]["name"] == "株式会社別（テスト）"


@pytest.mark.clause("K-5")
def test_an_assignment_names_no_new_organisation(demo, seed, assignee):
    org, user = assignee
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["rep"], contract=seed, kind="assignment",
                       statement=assignment_statement(org, user, assignee=None),
                       new_organisation={"name": "新", "address": "甲府市", "representative_title": "代表",
                                         "representative_name": "新 一"})
    assert exc.value.code == "new_organisation_not_allowed" and exc.value.clause == "K-5"
    assert not Organisation.objects.filter(name="新").exists()


def test_the_kind_registry_says_which_organisation_may_be_new(client, demo):
    client.force_login(demo["rep"])
    fields = {f["name"]: f for f in client.get("/api/v1/consent-kinds/subcontract/").json()["fields"]}
    assert fields["subcontractor"]["allow_new"] is True and "allow_new" not in fields["scope"]
    fields = {f["name"]: f for f in client.get("/api/v1/consent-kinds/assignment/").json()["fields"]}
    assert "allow_new" not in fields["assignee"]
