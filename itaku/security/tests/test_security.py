import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.consents.services import consent_decide, consent_submit
from itaku.contracts.lifecycle import gates
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.obligations.models import Obligation, ObligationState
from itaku.security import selectors, services
from itaku.security.choices import NOTICE_KIND, AssetKind, AssetOwner, AssetState
from itaku.security.demo import PLACE, TAKEOUT_ASSET
from itaku.security.models import InformationAsset, PeopleNotice, PremisesEntry

D = dt.date


def _asset(demo, seed, name="テスト用の媒体", owner=AssetOwner.CLIENT, kind=AssetKind.SYSTEM, users=()):
    return services.asset_register(actor=demo["security"], contract=seed, kind=kind, name=name, owner=owner,
                                   place="乙本社 サーバ室", users=list(users))


@pytest.mark.clause("S-2")
def test_register_has_the_three_kinds_and_annex_1s_dataset_once(demo, seed):
    rows = selectors.register_rows(demo["auditor"], contract=seed)
    kinds = {r.kind for r in rows}
    assert kinds == set(AssetKind.values)
    datasets = [r for r in rows if r.dataset is not None]
    # The privacy demo's dataset appears as information (2), read from annex 1 and not stored again here.
    assert len(datasets) == 1 and datasets[0].kind == AssetKind.INFORMATION
    assert not InformationAsset.objects.filter(name=datasets[0].name).exists()


@pytest.mark.clause("S-8-1")
def test_only_named_workers_may_be_permitted_to_use_an_asset(demo, seed):
    with pytest.raises(ClauseViolation) as exc:
        _asset(demo, seed, users=[demo["worker1"], demo["rep"]])  # rep is not named in the F-P
    assert exc.value.clause == "S-8-1" and exc.value.field == "users"
    asset = _asset(demo, seed, users=[demo["worker1"], demo["security"]])
    assert set(asset.users.values_list("username", flat=True)) == {"worker1", "security"}


@pytest.mark.clause("S-2")
def test_only_the_contractors_managers_register_assets(demo, seed):
    for name in ("worker1", "officer", "privacy"):
        with pytest.raises(PermissionRefused):
            services.asset_register(actor=demo[name], contract=seed, kind=AssetKind.SYSTEM, name="x",
                                    owner=AssetOwner.CLIENT, place="x")


@pytest.mark.clause("S-7")
def test_the_place_is_required(demo, seed):
    with pytest.raises(ClauseViolation) as exc:
        services.asset_register(actor=demo["rep"], contract=seed, kind=AssetKind.DOCUMENT, name="手順書",
                                owner=AssetOwner.CLIENT, place=" ")
    assert exc.value.clause == "S-7" and exc.value.field == "place"


def test_asset_places_are_distinct_and_include_the_datasets_place(demo, seed):
    _asset(demo, seed)
    places = selectors.asset_places(seed)
    assert places[0] == PLACE and "乙本社 サーバ室" in places
    assert len(places) == len(set(places))
    assert "乙の登録された事業所" in places  # the dataset of annex 1 (P-5)


@pytest.mark.clause("S-8-6")
def test_disposal_needs_the_clients_approval_and_the_method(demo, seed):
    asset = _asset(demo, seed)
    with pytest.raises(ClauseViolation) as exc:
        services.asset_close(actor=demo["security"], asset=asset, method=AssetState.DISPOSED, how="裁断")
    assert exc.value.clause == "S-8-6" and exc.value.code == "disposal_not_approved"
    consent = consent_submit(actor=demo["security"], contract=seed, kind="security_disposal", statement={
        "asset": asset.pk, "method": "物理的破壊", "reason": "業務終了のため", "dispose_on": "2024-03-29"},
        on=D(2024, 3, 1))
    consent_decide(actor=demo["officer"], consent=consent, approve=True, on=D(2024, 3, 2))
    with pytest.raises(ClauseViolation) as exc:
        services.asset_close(actor=demo["security"], asset=asset, method=AssetState.DISPOSED, how="  ")
    assert exc.value.clause == "S-8-6" and exc.value.field == "how"
    asset = services.asset_close(actor=demo["security"], asset=asset, method=AssetState.DISPOSED,
                                 how="ハードディスクを物理的に破壊", on=D(2024, 3, 29))
    assert asset.state == AssetState.DISPOSED and asset.consent_id == consent.pk


@pytest.mark.clause("S-9")
def test_use_or_provision_beyond_the_purpose_asks_the_clients_approval_and_names_the_recipient(demo, seed):
    asset = _asset(demo, seed)
    statement = {"asset": asset.pk, "use": "provision", "purpose": "効果測定の再分析", "reason": "別事業の参考のため"}
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["security"], contract=seed, kind="security_purpose", statement=statement,
                       on=D(2024, 3, 1))
    assert exc.value.clause == "S-9" and exc.value.field == "recipient"
    with pytest.raises(ClauseViolation) as exc:  # only the client's assets still held
        consent_submit(actor=demo["rep"], contract=seed, kind="security_purpose", on=D(2024, 3, 1), statement={
            **statement, "recipient": "株式会社分析", "asset": _asset(demo, seed, owner=AssetOwner.CONTRACTOR).pk})
    assert exc.value.clause == "S-9" and exc.value.field == "asset"
    with pytest.raises(PermissionRefused):  # a worker does not ask
        consent_submit(actor=demo["worker1"], contract=seed, kind="security_purpose", on=D(2024, 3, 1),
                       statement={**statement, "recipient": "株式会社分析"})
    consent = consent_submit(actor=demo["security"], contract=seed, kind="security_purpose", on=D(2024, 3, 1),
                             statement={**statement, "recipient": "株式会社分析"})
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True, on=D(2024, 3, 2))
    assert consent.state == "approved" and consent.kind_def.clause == "S-9"


@pytest.mark.clause("S-8-5")
def test_the_contract_cannot_be_closed_while_the_clients_assets_are_held(demo, seed):
    refusal = services.open_assets_refusal(seed)
    assert refusal is not None and refusal.clause == "S-8-5"
    assert any(r.clause == "S-8-5" for r in gates.refusals(seed))
    for asset in InformationAsset.objects.filter(contract=seed, owner=AssetOwner.CLIENT):
        services.asset_close(actor=demo["rep"], asset=asset, method=AssetState.HANDED_OVER,
                             how="甲の担当課へ手渡し")
    assert services.open_assets_refusal(seed) is None
    # The contractor's own equipment is not the client's: it does not hold the contract open.
    assert InformationAsset.objects.filter(contract=seed, owner=AssetOwner.CONTRACTOR, state=AssetState.HELD).exists()


@pytest.mark.clause("S-8-3")
def test_a_takeout_states_the_encryption_and_names_a_held_client_asset(demo, seed):
    asset = InformationAsset.objects.get(contract=seed, name=TAKEOUT_ASSET)
    statement = {"asset": asset.pk, "destination": "県庁", "reason": "確認", "carriage": "施錠ケース",
                 "encryption": "", "starts_on": "2024-01-10", "return_by": "2024-01-10"}
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["security"], contract=seed, kind="security_takeout", statement=statement)
    assert exc.value.clause == "S-8-3" and exc.value.field == "encryption"
    own = InformationAsset.objects.filter(contract=seed, owner=AssetOwner.CONTRACTOR).first()
    with pytest.raises(ClauseViolation) as exc:
        consent_submit(actor=demo["security"], contract=seed, kind="security_takeout",
                       statement={**statement, "asset": own.pk, "encryption": "AES-256"})
    assert exc.value.field == "asset"
    # The demo's take-out was approved; its statement shows the asset by name.
    from itaku.consents.models import ConsentRequest
    from itaku.consents.services import statement_text

    approved = ConsentRequest.objects.get(contract=seed, kind="security_takeout")
    assert approved.state == "approved"
    assert any(TAKEOUT_ASSET in text for _label, text in statement_text(approved))


@pytest.mark.clause("S-7")
def test_the_kinds_of_annex_2_are_registered():
    from itaku.consents import kinds

    assert {k.clause for k in kinds.all_kinds() if k.code.startswith("security_")} == {"S-7", "S-8-3", "S-8-4",
                                                                                        "S-8-6", "S-9"}


def test_next_business_day_skips_weekends_holidays_and_the_year_end():
    assert services.next_business_day(D(2023, 6, 9)) == D(2023, 6, 12)  # Friday → Monday
    assert services.next_business_day(D(2023, 11, 22)) == D(2023, 11, 24)  # 勤労感謝の日
    assert services.next_business_day(D(2023, 12, 28)) == D(2024, 1, 4)


@pytest.mark.clause("S-3-2")
def test_a_new_security_officer_opens_the_notice_due_the_next_business_day(demo, seed):
    appointment = services.officer_appoint(actor=demo["rep"], contract=seed, user=demo["privacy"],
                                           on=D(2023, 6, 9))
    obligation = Obligation.objects.get(contract=seed, kind=NOTICE_KIND, state=ObligationState.OPEN)
    assert obligation.due_on == D(2023, 6, 12) and obligation.clause_id == "S-3-2"
    assert services.current_officer(seed) == appointment
    notice = services.notice_submit(actor=demo["rep"], contract=seed, on=D(2023, 6, 12))
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.MET
    assert notice.number == 2 and notice.content["officer"]["user"] == "privacy"
    employment = {w["user"]: w["employment"] for w in notice.content["workers"]}
    assert employment == {"privacy": "employee", "worker1": "employee", "worker2": "employee"}


@pytest.mark.clause("S-3")
def test_only_the_representative_appoints_the_officer(demo, seed):
    with pytest.raises(PermissionRefused):
        services.officer_appoint(actor=demo["security"], contract=seed, user=demo["worker1"])
    with pytest.raises(ClauseViolation) as exc:
        services.officer_appoint(actor=demo["rep"], contract=seed, user=demo["officer"])
    assert exc.value.field == "user"


@pytest.mark.clause("S-4-2")
def test_a_change_of_the_workers_in_the_accepted_fp_opens_the_notice(demo, seed):
    from itaku.personnel.models import ReportEntry
    from itaku.personnel.services import entry_remove, report_decide, report_draft, report_submit

    today = dt.date.today()
    draft = report_draft(actor=demo["rep"], contract=seed)
    entry_remove(actor=demo["rep"], entry=ReportEntry.objects.get(version=draft, user=demo["worker2"]))
    version = report_submit(actor=demo["rep"], version=draft, on=today)
    open_notices = Obligation.objects.filter(contract=seed, kind=NOTICE_KIND, state=ObligationState.OPEN)
    assert not open_notices.exists()
    report_decide(actor=demo["officer"], version=version, accept=True, on=today)
    obligation = open_notices.get()
    assert obligation.clause_id == "S-4-2" and obligation.due_on == services.next_business_day(today)
    notice = services.notice_submit(actor=demo["rep"], contract=seed)
    assert "worker2" not in {w["user"] for w in notice.content["workers"]}
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.MET


@pytest.mark.clause("S-4-3")
def test_premises_entry_needs_the_badge_and_the_workers_own_acknowledgement(demo, seed):
    common = dict(actor=demo["security"], contract=seed, user=demo["worker2"], premises="県庁",
                  id_card_number="S-2", id_card_issued_on=D(2023, 6, 1))
    with pytest.raises(ClauseViolation) as exc:
        services.premises_record(**common, badge_issued=False)
    assert exc.value.clause == "S-4-3" and exc.value.field == "badge_issued"
    with pytest.raises(ClauseViolation) as exc:
        services.premises_record(**{**common, "user": demo["rep"]}, badge_issued=True)
    assert exc.value.clause == "S-4-1"
    entry = services.premises_record(**common, badge_issued=True)
    assert not entry.ready
    with pytest.raises(PermissionRefused):
        services.premises_acknowledge(actor=demo["security"], entry=entry)
    entry = services.premises_acknowledge(actor=demo["worker2"], entry=entry)
    assert entry.ready
    assert PremisesEntry.objects.get(contract=seed, user=demo["worker1"]).ready  # the demo's


@pytest.mark.clause("S-5")
def test_security_education_is_a_training_record_of_annex_1_with_its_topic(demo, seed):
    from itaku.personnel.models import TrainingSession

    education = services.education_record(actor=demo["rep"], contract=seed, held_on=D(2023, 7, 1),
                                          content="標的型メールへの対応", topic="標的型メール訓練",
                                          attendees=[demo["worker1"]])
    assert TrainingSession.objects.filter(pk=education.session_id, contract=seed).exists()
    with pytest.raises(ClauseViolation) as exc:
        services.education_record(actor=demo["rep"], contract=seed, held_on=D(2023, 7, 1), content="x", topic=" ",
                                  attendees=[demo["worker1"]])
    assert exc.value.clause == "S-5"


@pytest.mark.clause("S-5")
def test_the_api_records_and_lists_security_education_in_constant_queries(demo, seed,
                                                                          django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = APIClient()
    api.force_authenticate(demo["rep"])
    body = {"contract": seed.pk, "held_on": "2023-07-01", "topic": "標的型メール訓練",
            "content": "標的型メールへの対応", "attendees": ["worker1", "nobody"]}
    refused = api.post("/api/v1/security-education/", body, format="json")
    assert refused.status_code == 400 and refused.json()["clause"] == "S-5"
    response = api.post("/api/v1/security-education/", {**body, "attendees": ["worker1", "worker2"]}, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["topic"] == "標的型メール訓練" and made["attendees"] == ["worker1", "worker2"]
    assert made["contract"] == seed.pk and made["recorded_by"] == "rep" and made["covers_annex"] is True
    worker = APIClient()
    worker.force_authenticate(demo["worker1"])
    refused = worker.post("/api/v1/security-education/", {**body, "attendees": ["worker1"]}, format="json")
    assert refused.status_code == 403 and refused.json()["clause"] == "S-5"
    auditor = APIClient()
    auditor.force_authenticate(demo["auditor"])
    with CaptureQueriesContext(connection) as few:
        listed = auditor.get("/api/v1/security-education/", {"contract": seed.pk}).json()["results"]
    assert made["id"] in [e["id"] for e in listed]
    for i in range(5):
        services.education_record(actor=demo["rep"], contract=seed, held_on=D(2023, 8, i + 1), content="復習",
                                  topic=f"訓練{i}", attendees=[demo["worker1"], demo["worker2"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(auditor.get("/api/v1/security-education/").json()["results"]) >= 6
    outsider = APIClient()
    outsider.force_authenticate(demo["outsider"])
    assert made["id"] not in [e["id"] for e in outsider.get("/api/v1/security-education/").json()["results"]]


@pytest.mark.clause("S-1")
@pytest.mark.clause("S-15")
def test_policies_and_the_declaration_are_shown_on_the_contract(client, demo, seed):
    with pytest.raises(PermissionRefused):
        services.policy_record(actor=demo["rep"], contract=seed, kind="standards", version="x", dated_on=D(2024, 1, 1))
    services.policy_record(actor=demo["officer"], contract=seed, kind="standards", version="令和6年改正",
                           dated_on=D(2024, 4, 1))
    client.force_login(demo["worker1"])
    page = client.get(reverse("contracts:section", args=[seed.pk, "security"])).content.decode()
    for text in ("令和6年改正", "令和5年改正", "山梨県情報セキュリティ基本方針", "https://example.invalid/security-policy",
                 "情報資産の台帳", TAKEOUT_ASSET, "SAMPLE-0001", "情報セキュリティ特記事項と情報資産の取扱い"):
        assert text in page, text


def test_the_forms_register_an_asset_and_refuse_with_the_clause(client, demo, seed):
    client.force_login(demo["security"])
    url = reverse("security:asset_create", args=[seed.pk])
    response = client.post(url, {"kind": "document", "name": "運用手順書 第2版", "owner": "client", "place": "",
                                 "users": [demo["worker1"].pk]})
    assert response.status_code == 400
    response = client.post(url, {"kind": "document", "name": "運用手順書 第2版", "owner": "client",
                                 "place": "乙本社", "users": [demo["worker1"].pk]})
    assert response.status_code == 302
    assert InformationAsset.objects.filter(contract=seed, name="運用手順書 第2版").exists()


def test_the_api_registers_and_closes_an_asset(demo, seed):
    api = APIClient()
    api.force_authenticate(demo["rep"])
    response = api.post("/api/v1/security-assets/", {"contract": seed.pk, "kind": "system", "name": "USBメモリ",
                                                     "owner": "client", "place": "乙本社",
                                                     "users": ["worker1", "rep"]}, format="json")
    assert response.status_code == 400 and response.json()["clause"] == "S-8-1"
    response = api.post("/api/v1/security-assets/", {"contract": seed.pk, "kind": "system", "name": "USBメモリ",
                                                     "owner": "client", "place": "乙本社", "users": ["worker1"]},
                         format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.post(f"/api/v1/security-assets/{pk}/close/", {"method": "handed_over", "how": "甲へ返却"},
                        format="json")
    assert response.status_code == 200 and response.json()["state"] == "handed_over"
    outsider = APIClient()
    outsider.force_authenticate(demo["outsider"])
    assert outsider.get(f"/api/v1/security-assets/{pk}/").status_code == 404


def test_lists_keep_a_constant_number_of_queries(demo, seed, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(demo["auditor"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert api.get("/api/v1/security-assets/").status_code == 200
    for i in range(15):
        _asset(demo, seed, name=f"媒体{i}", users=[demo["worker1"], demo["worker2"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/security-assets/").json()["results"]) >= 15
    with CaptureQueriesContext(connection) as rows:
        selectors.register_rows(demo["auditor"], contract=seed)
    assert len(rows.captured_queries) <= 4


def test_notice_received_once_by_the_officer(demo, seed):
    notice = PeopleNotice.objects.get(contract=seed, number=1)
    assert notice.received_on == D(2023, 6, 5)
    with pytest.raises(ClauseViolation):
        services.notice_receive(actor=demo["officer"], notice=notice)


@pytest.mark.clause("S-11")
@pytest.mark.clause("S-12")
def test_investigations_and_instructions_use_the_oversight_mechanism_with_s_clauses(demo, current):
    from itaku.oversight.services import oversight_request_issue

    today = dt.date.today()
    for clause, kind in (("S-11", "investigation"), ("S-12", "instruction")):
        request = oversight_request_issue(actor=demo["officer"], contract=current, clause_id=clause, kind=kind,
                                          subject="情報資産の管理状況", body="管理状況を報告してください。",
                                          due_on=today + dt.timedelta(days=14), addressed_role="security_officer")
        obligation = Obligation.objects.get(source_id=request.pk, kind="oversight.response")
        assert obligation.clause_id == clause and obligation.role == "security_officer"


@pytest.mark.clause("S-8-3")
def test_the_consent_form_offers_only_the_clients_held_assets(client, demo, seed):
    client.force_login(demo["security"])
    page = client.get(reverse("consents:create", args=[seed.pk, "security_takeout"])).content.decode()
    assert TAKEOUT_ASSET in page
    assert "広告運用端末（乙管理のノートPC 2台）" not in page  # the contractor's own equipment
