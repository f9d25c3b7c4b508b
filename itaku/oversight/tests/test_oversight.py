"""Consultations (K-1, K-20) and the client's requests (K-10; P-10 through the same mechanism)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from itaku.accounts.choices import Role
from itaku.contracts.choices import ContractState
from itaku.contracts.models import Contract
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.tests.uploads import CONTENT, upload
from itaku.journal.models import Event
from itaku.obligations.models import Obligation, ObligationState
from itaku.obligations.selectors import dashboard
from itaku.oversight.choices import RESPONSE_KIND, RequestState
from itaku.oversight.models import Consultation, OversightRequest
from itaku.oversight.selectors import request_get, request_list
from itaku.oversight.services import (
    consultation_record,
    oversight_request_accept,
    oversight_request_issue,
    oversight_request_reopen,
    oversight_request_withdraw,
    oversight_response_submit,
)

SEED = "ひきこもり支援Web広告業務"
D = dt.date


def _ids(items):
    """The obligations among work items (わたしの仕事 lists work items; those of an obligation carry its id)."""
    return [i.obligation_id for i in items if i.obligation_id]


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.fixture
def other(demo):
    return Contract.objects.get(contractor__name__startswith="有限会社サンプル企画")


JAN10, JAN20 = D(2024, 1, 10), D(2024, 1, 20)


def _issue(demo, contract, *, clause="K-10", kind="report", role=Role.REPRESENTATIVE, issued_on=JAN10,
           due_on=JAN20, subject="月次報告"):
    return oversight_request_issue(actor=demo["officer"], contract=contract, clause_id=clause, kind=kind,
                                   subject=subject, body="報告してください。", addressed_role=role,
                                   issued_on=issued_on, due_on=due_on)


def _obligations(request):
    return Obligation.objects.filter(kind=RESPONSE_KIND, source_id=request.pk).order_by("id")


def _txt(name="report.txt", content=None):
    """An upload named ``name``: its content is of the kind the extension names, unless given."""
    if content is None and "." + name.rsplit(".", 1)[-1] in CONTENT and not name.endswith(".txt"):
        return upload(name)
    return SimpleUploadedFile(name, content or b"report", content_type="text/plain")


@pytest.mark.clause("K-10")
def test_only_the_officer_issues(demo, seed):
    for username in ("inspector", "auditor", "rep", "security"):
        with pytest.raises(PermissionRefused):
            _issue({"officer": demo[username]}, seed)
    assert not OversightRequest.objects.filter(contract=seed, subject="月次報告").exists()
    request = _issue(demo, seed)
    assert request.state == RequestState.OPEN and request.issued_by == demo["officer"]
    event = Event.objects.get(action="oversight.request.issued", object_id=str(request.pk))
    assert event.clause_id == "K-10" and event.data["due_on"] == "2024-01-20"


@pytest.mark.clause("K-10")
def test_issuing_opens_the_response_obligation_and_the_response_meets_it(demo, seed):
    request = _issue(demo, seed, due_on=D(2024, 1, 20))
    (obligation,) = _obligations(request)
    assert (obligation.clause_id, obligation.role, obligation.due_on, obligation.state) == (
        "K-10", Role.REPRESENTATIVE, D(2024, 1, 20), ObligationState.OPEN)
    assert obligation.title == "「月次報告」への回答" and obligation.contract == seed
    events = Event.objects.count()
    response = oversight_response_submit(actor=demo["rep"], request=request, body="報告します。",
                                         responded_on=D(2024, 1, 18), files=[_txt()])
    assert Event.objects.count() == events + 1  # one journal event for the response and its obligation
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.MET and obligation.closed_on == D(2024, 1, 18)
    request.refresh_from_db()
    assert request.state == RequestState.ANSWERED and response.files.get().name == "report.txt"


@pytest.mark.clause("K-10")
@pytest.mark.clause("S-12")
def test_only_the_addressed_role_or_the_representative_responds(demo, seed):
    request = _issue(demo, seed, clause="S-12", kind="instruction", role=Role.SECURITY_OFFICER)
    assert _obligations(request).get().role == Role.SECURITY_OFFICER
    for username in ("privacy", "worker1", "officer", "inspector"):
        with pytest.raises(PermissionRefused):
            oversight_response_submit(actor=demo[username], request=request, body="回答", responded_on=D(2024, 1, 11))
    with pytest.raises(ClauseViolation) as exc:
        oversight_response_submit(actor=demo["security"], request=request, body=" ", responded_on=D(2024, 1, 11))
    assert exc.value.field == "body" and exc.value.clause == "S-12"
    oversight_response_submit(actor=demo["security"], request=request, body="是正しました。",
                              responded_on=D(2024, 1, 11))
    oversight_response_submit(actor=demo["rep"], request=request, body="補足します。", responded_on=D(2024, 1, 12))
    assert request.responses.count() == 2


@pytest.mark.clause("K-10")
def test_due_date_not_before_the_issue_date(demo, seed):
    with pytest.raises(ClauseViolation) as exc:
        _issue(demo, seed, issued_on=D(2024, 1, 10), due_on=D(2024, 1, 9))
    assert exc.value.code == "due_before_issue" and exc.value.clause == "K-10" and exc.value.field == "due_on"
    assert _issue(demo, seed, issued_on=D(2024, 1, 10), due_on=D(2024, 1, 10)).due_on == D(2024, 1, 10)


@pytest.mark.clause("K-10")
def test_overdue_while_the_response_is_owed_past_its_due_date(demo, seed):
    request = _issue(demo, seed, due_on=D(2024, 1, 20))
    assert request_get(demo["rep"], request.pk, today=D(2024, 1, 20)).status == "open"
    assert request_get(demo["rep"], request.pk, today=D(2024, 1, 21)).status == "overdue"
    late = request_list(demo["officer"], contract=seed, overdue=True, today=D(2024, 1, 21))
    assert [r.pk for r in late] == [request.pk]
    assert not request_list(demo["officer"], contract=seed, overdue=True, today=D(2024, 1, 20)).exists()
    assert [r.pk for r in request_list(demo["auditor"], contract=seed, state="overdue", today=D(2024, 1, 21))] == [
        request.pk]
    # both sides see it on their dashboards: the representative owes it, the officer watches it
    obligation = _obligations(request).get()
    assert obligation.pk in _ids(dashboard(demo["rep"], D(2024, 1, 21))["overdue"])
    assert obligation.pk in _ids(dashboard(demo["officer"], D(2024, 1, 21))["others"])
    response = oversight_response_submit(actor=demo["rep"], request=request, body="遅れて報告します。",
                                         responded_on=D(2024, 1, 25))
    assert request_get(demo["rep"], request.pk, today=D(2024, 1, 26)).status == "answered"
    assert Event.objects.get(action="oversight.response.submitted", object_id=str(response.pk)).data["late"] is True


@pytest.mark.clause("K-10")
def test_accept_closes_reopen_opens_a_new_obligation(demo, seed):
    request = _issue(demo, seed, due_on=D(2024, 1, 20))
    with pytest.raises(ClauseViolation) as exc:
        oversight_request_accept(actor=demo["officer"], request=request, on=D(2024, 1, 15))
    assert exc.value.code == "not_answered"
    oversight_response_submit(actor=demo["rep"], request=request, body="報告します。", responded_on=D(2024, 1, 15))
    with pytest.raises(PermissionRefused):
        oversight_request_accept(actor=demo["rep"], request=request, on=D(2024, 1, 16))
    with pytest.raises(ClauseViolation) as exc:
        oversight_request_reopen(actor=demo["officer"], request=request, note="内訳も", due_on=D(2024, 1, 15),
                                 on=D(2024, 1, 16))
    assert exc.value.code == "due_in_past"
    oversight_request_reopen(actor=demo["officer"], request=request, note="媒体別の内訳も報告してください。",
                             due_on=D(2024, 1, 31), on=D(2024, 1, 16))
    request.refresh_from_db()
    assert request.state == RequestState.OPEN and request.due_on == D(2024, 1, 31)
    first, second = _obligations(request)
    assert first.state == ObligationState.MET and second.state == ObligationState.OPEN
    assert second.due_on == D(2024, 1, 31) and second.title == "「月次報告」への追加の回答"
    assert request.responses.get().review == "more_requested"
    oversight_response_submit(actor=demo["rep"], request=request, body="内訳です。", responded_on=D(2024, 1, 30))
    oversight_request_accept(actor=demo["officer"], request=request, on=D(2024, 2, 1), note="確認した。")
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED and request.closed_on == D(2024, 2, 1)
    assert all(o.state == ObligationState.MET for o in _obligations(request))
    with pytest.raises(ClauseViolation):
        oversight_response_submit(actor=demo["rep"], request=request, body="さらに", responded_on=D(2024, 2, 2))
    with pytest.raises(ClauseViolation):
        oversight_request_withdraw(actor=demo["officer"], request=request, reason="不要", on=D(2024, 2, 2))


@pytest.mark.clause("K-10")
def test_withdrawal_closes_the_obligation_and_says_so(demo, seed):
    request = _issue(demo, seed)
    with pytest.raises(PermissionRefused):
        oversight_request_withdraw(actor=demo["rep"], request=request, reason="不要", on=D(2024, 1, 12))
    with pytest.raises(ClauseViolation) as exc:
        oversight_request_withdraw(actor=demo["officer"], request=request, reason="", on=D(2024, 1, 12))
    assert exc.value.field == "reason"
    oversight_request_withdraw(actor=demo["officer"], request=request, reason="別途協議で確認済み", on=D(2024, 1, 12))
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN and request.withdrawn_reason == "別途協議で確認済み"
    assert _obligations(request).get().state == ObligationState.MET
    event = Event.objects.get(action="oversight.request.withdrawn")
    assert event.data["obligations_closed"] == 1 and "withdrawn" in event.data["obligations_closed_as"]
    assert request_get(demo["rep"], request.pk, today=D(2025, 1, 1)).status == "withdrawn"


@pytest.mark.clause("P-10")
def test_a_privacy_report_request_works_through_the_same_mechanism(demo, seed):
    request = _issue(demo, seed, clause="P-10", role=Role.PRIVACY_OFFICER, subject="個人情報の取扱状況の報告")
    obligation = _obligations(request).get()
    assert obligation.clause_id == "P-10" and obligation.role == Role.PRIVACY_OFFICER
    assert obligation.pk in _ids(dashboard(demo["privacy"], D(2024, 1, 15))["soon"])
    oversight_response_submit(actor=demo["privacy"], request=request, body="遵守状況を報告します。",
                              responded_on=D(2024, 1, 15))
    oversight_request_accept(actor=demo["officer"], request=request, on=D(2024, 1, 16))
    assert Event.objects.filter(action__startswith="oversight.re", clause_id="P-10").count() == 3
    with pytest.raises(ClauseViolation):
        _issue(demo, seed, clause="K-99")


@pytest.mark.clause("K-1")
def test_either_side_records_a_consultation_and_the_other_side_sees_it(client, demo, seed):
    with pytest.raises(PermissionRefused):
        consultation_record(actor=demo["worker1"], contract=seed, clause_id="K-1", topic="掲載先",
                            held_on=D(2023, 7, 1), participants="甲乙", outcome="合意")
    c = consultation_record(actor=demo["rep"], contract=seed, clause_id="K-1", topic="掲載先の追加",
                            held_on=D(2023, 7, 1), participants="甲：契約 一郎\n乙：見本 太郎",
                            participant_users=[demo["officer"], demo["rep"]], outcome="動画広告を追加する。",
                            documents=[_txt("minutes.txt")])
    event = Event.objects.get(action="oversight.consultation.recorded", object_id=str(c.pk))
    assert event.clause_id == "K-1" and event.data["participant_users"] == ["officer", "rep"]
    client.force_login(demo["auditor"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "oversight"])).content.decode()
    assert "掲載先の追加" in html and "令和5年7月1日" in html
    html = client.get(c.get_absolute_url()).content.decode()
    assert "動画広告を追加する。" in html and "minutes.txt" in html and "見本 太郎" in html


@pytest.mark.clause("K-20")
def test_a_consultation_on_what_the_finance_rules_leave_open(demo, seed, other):
    c = consultation_record(actor=demo["officer"], contract=seed, clause_id="K-20", topic="請求書の電子提出",
                            held_on=D(2024, 4, 1), participants="甲乙", outcome="PDFで提出する。")
    assert c.clause_id == "K-20" and c.get_clause_id_display().startswith("K-20")
    with pytest.raises(ClauseViolation) as exc:  # someone who does not take part in the contract
        consultation_record(actor=demo["officer"], contract=seed, clause_id="K-20", topic="x", held_on=D(2024, 4, 1),
                            participants="甲乙", outcome="y", participant_users=[demo["outsider"]])
    assert exc.value.code == "participant_not_member"
    with pytest.raises(ClauseViolation) as exc:
        consultation_record(actor=demo["officer"], contract=seed, clause_id="K-10", topic="x", held_on=D(2024, 4, 1),
                            participants="甲乙", outcome="y")
    assert exc.value.field == "clause_id"
    with pytest.raises(ClauseViolation) as exc:
        consultation_record(actor=demo["officer"], contract=seed, clause_id="K-20", topic="x",
                            held_on=timezone.localdate() + dt.timedelta(days=1), participants="甲乙", outcome="y")
    assert exc.value.code == "date_in_future"
    with pytest.raises(PermissionRefused):  # the outsider represents the other contract only
        consultation_record(actor=demo["outsider"], contract=seed, clause_id="K-20", topic="x",
                            held_on=D(2024, 4, 1), participants="甲乙", outcome="y")


@pytest.mark.clause("K-1")
def test_documents_are_checked_like_the_specification(demo, seed, settings):
    with pytest.raises(ClauseViolation) as exc:
        consultation_record(actor=demo["officer"], contract=seed, clause_id="K-1", topic="x", held_on=D(2024, 4, 1),
                            participants="甲乙", outcome="y", documents=[_txt("run.exe")])
    assert exc.value.code == "file_type" and exc.value.clause == "K-1"
    settings.ITAKU_MAX_UPLOAD_BYTES = 5
    request = _issue(demo, seed)
    with pytest.raises(ClauseViolation) as exc:
        oversight_response_submit(actor=demo["rep"], request=request, body="回答", responded_on=D(2024, 1, 11),
                                  files=[_txt("big.txt", b"123456")])
    assert exc.value.code == "file_too_large" and exc.value.clause == "K-10"
    assert not Consultation.objects.filter(topic="x").exists() and request.responses.count() == 0


@pytest.mark.clause("K-10")
def test_files_are_downloaded_by_those_who_see_the_contract_only(client, demo, seed):
    request = _issue(demo, seed)
    response = oversight_response_submit(actor=demo["rep"], request=request, body="報告します。",
                                         responded_on=D(2024, 1, 15), files=[_txt("報告書.txt", b"content")])
    item = response.files.get()
    assert item.file.name.startswith(f"oversight/{seed.pk}/responses/")
    url = reverse("oversight:response_file", args=[seed.pk, request.pk, item.pk])
    client.force_login(demo["auditor"])
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"content"
    assert got["Content-Disposition"].startswith("attachment")
    client.force_login(demo["outsider"])  # a contractor user of another contract
    assert client.get(url).status_code == 404
    api = APIClient()
    api.force_authenticate(demo["outsider"])
    assert api.get(reverse("api:oversight-request-file", args=[request.pk, item.pk])).status_code == 404
    assert api.get(reverse("api:oversight-request-detail", args=[request.pk])).status_code == 404
    api.force_authenticate(demo["worker2"])
    assert api.get(reverse("api:oversight-request-file", args=[request.pk, item.pk])).status_code == 200


@pytest.mark.clause("K-14")
@pytest.mark.parametrize("state", [ContractState.TERMINATED, ContractState.CLOSED])
def test_a_terminated_or_closed_contract_takes_no_new_request_or_consultation(client, demo, seed, state):
    Contract.objects.filter(pk=seed.pk).update(state=state)
    seed.refresh_from_db()
    with pytest.raises(ClauseViolation) as exc:
        _issue(demo, seed)
    assert exc.value.clause == "K-14"
    with pytest.raises(ClauseViolation) as exc:
        consultation_record(actor=demo["officer"], contract=seed, clause_id="K-1", topic="x", held_on=D(2024, 4, 1),
                            participants="甲乙", outcome="y")
    assert exc.value.clause == "K-14"
    client.force_login(demo["officer"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "oversight"])).content.decode()
    assert reverse("oversight:request_create", args=[seed.pk]) not in html


@pytest.mark.clause("K-10")
def test_pages_issue_respond_reopen_and_accept(client, demo, seed):
    client.force_login(demo["officer"])
    today = timezone.localdate()
    url = reverse("oversight:request_create", args=[seed.pk])
    response = client.post(url, {"clause_id": "K-10", "kind": "report", "addressed_role": "representative",
                                 "subject": "広告文の改訂案", "body": "改訂案を提出してください。",
                                 "issued_on": today.isoformat(), "due_on": (today - dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "[K-10] 回答期限は発出日以後の日付にしてください。" in response.content.decode()
    response = client.post(url, {"clause_id": "K-10", "kind": "report", "addressed_role": "representative",
                                 "subject": "広告文の改訂案", "body": "改訂案を提出してください。",
                                 "due_on": (today + dt.timedelta(days=7)).isoformat()})
    request = OversightRequest.objects.get(subject="広告文の改訂案")
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()

    client.force_login(demo["rep"])
    html = client.get(request.get_absolute_url()).content.decode()
    assert "回答を提出" in html and "受理する" not in html
    response = client.post(reverse("oversight:request_respond", args=[seed.pk, request.pk]),
                           {"body": "改訂案です。", "files": [_txt("draft.txt"), _txt("draft2.docx")]})
    assert response.status_code == 302
    assert request.responses.get().files.count() == 2

    client.force_login(demo["officer"])
    html = client.get(request.get_absolute_url()).content.decode()
    assert "受理する" in html and "draft2.docx" in html
    response = client.post(reverse("oversight:request_reopen", args=[seed.pk, request.pk]),
                           {"note": "", "due_on": (today + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and "入力内容に誤りがあります" in response.content.decode()
    response = client.post(reverse("oversight:request_reopen", args=[seed.pk, request.pk]),
                           {"note": "表現を", "due_on": (today - dt.timedelta(days=1)).isoformat()})
    assert "[K-10] 新しい回答期限は今日以後の日付にしてください。" in response.content.decode()
    response = client.post(reverse("oversight:request_reopen", args=[seed.pk, request.pk]),
                           {"note": "表現をやわらげてください。", "due_on": (today + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 302
    client.force_login(demo["rep"])
    client.post(reverse("oversight:request_respond", args=[seed.pk, request.pk]), {"body": "修正版です。"})
    client.force_login(demo["officer"])
    client.post(reverse("oversight:request_accept", args=[seed.pk, request.pk]), {"note": "了承"})
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED and request.responses.count() == 2
    html = client.get(request.get_absolute_url()).content.decode()
    assert "表現をやわらげてください。" in html and "追加の回答を求めた" in html and "了承" in html


@pytest.mark.clause("K-1")
def test_consultation_page_records_with_documents(client, demo, seed):
    client.force_login(demo["rep"])
    url = reverse("oversight:consultation_create", args=[seed.pk])
    html = client.get(url).content.decode()
    assert "契約 一郎" in html and "例示 花子" not in html  # only the contract's members can be ticked
    response = client.post(url, {"clause_id": "K-1", "topic": "バナーの色", "held_on": "2023-08-01",
                                 "participants": "甲乙", "outcome": "青を基調とする。",
                                 "participant_users": [demo["officer"].pk], "documents": [_txt("banner.pdf")]})
    consultation = Consultation.objects.get(topic="バナーの色")
    assert response.status_code == 302 and consultation.recorded_by == demo["rep"]
    document = consultation.documents.get()
    assert document.file.name.startswith(f"oversight/{seed.pk}/consultations/")
    got = client.get(reverse("oversight:consultation_document", args=[seed.pk, consultation.pk, document.pk]))
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    client.force_login(demo["outsider"])
    assert client.get(consultation.get_absolute_url()).status_code == 404


@pytest.mark.clause("K-10")
def test_panel_marks_overdue_requests(client, demo, seed):
    today = timezone.localdate()
    _issue(demo, seed, subject="遅れている報告", issued_on=today - dt.timedelta(days=10),
           due_on=today - dt.timedelta(days=1))
    client.force_login(demo["rep"])
    html = client.get(reverse("contracts:section", args=[seed.pk, "oversight"])).content.decode()
    assert "遅れている報告" in html and "row--overdue" in html and "⚠ 期限超過" in html


def test_api_create_respond_and_filter(demo, seed, other):
    api = APIClient()
    api.force_authenticate(demo["officer"])
    today = timezone.localdate()
    body = {"contract": seed.pk, "clause": "K-10", "kind": "investigation", "subject": "運用体制の調査",
            "body": "体制図を提出してください。", "issued_on": (today - dt.timedelta(days=9)).isoformat(),
            "due_on": (today - dt.timedelta(days=2)).isoformat()}
    created = api.post(reverse("api:oversight-request-list"), body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "overdue" and created.json()["overdue"]
    pk = created.json()["id"]
    late = api.post(reverse("api:oversight-request-list"), {**body, "due_on": "2000-01-01"}, format="json")
    assert late.status_code == 400 and late.json()["clause"] == "K-10" and late.json()["code"] == "due_before_issue"
    _issue(demo, other, subject="他社への要求", issued_on=today, due_on=today)
    url = reverse("api:oversight-request-list")
    assert [r["id"] for r in api.get(url, {"overdue": "true", "contract": seed.pk}).json()["results"]] == [pk]
    assert pk not in [r["id"] for r in api.get(url, {"overdue": "false"}).json()["results"]]
    assert [r["id"] for r in api.get(url, {"state": "overdue", "contract": seed.pk}).json()["results"]] == [pk]
    assert api.get(url, {"clause": "P-10"}).json()["count"] == 0
    assert "他社への要求" in [r["subject"] for r in api.get(url, {"contract": other.pk}).json()["results"]]

    api.force_authenticate(demo["rep"])
    assert api.get(url, {"contract": other.pk}).json()["count"] == 0  # not the rep's contract
    assert api.post(reverse("api:oversight-request-list"), body, format="json").status_code == 403
    answered = api.post(reverse("api:oversight-request-respond", args=[pk]),
                        {"body": "体制図です。", "files": [_txt("taisei.pdf")]}, format="multipart")
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    assert answered.json()["responses"][0]["files"][0]["name"] == "taisei.pdf"
    assert api.post(reverse("api:oversight-request-accept", args=[pk]), {}, format="json").status_code == 403

    api.force_authenticate(demo["officer"])
    accepted = api.post(reverse("api:oversight-request-accept", args=[pk]), {"note": "確認"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    consult = api.post(reverse("api:consultation-list"),
                       {"contract": seed.pk, "clause": "K-20", "topic": "支払方法", "held_on": "2024-04-01",
                        "participants": "甲乙", "outcome": "口座振替", "participant_users": ["rep"],
                        "documents": [_txt("memo.txt")]}, format="multipart")
    assert consult.status_code == 201 and consult.json()["participant_users"] == ["rep"]
    # A user of another organisation and a name nobody has are refused alike: names cannot be probed.
    for name in ("outsider", "nobody-at-all"):
        refused = api.post(reverse("api:consultation-list"),
                           {"contract": seed.pk, "clause": "K-20", "topic": "x", "held_on": "2024-04-01",
                            "participants": "甲乙", "outcome": "y", "participant_users": [name]}, format="json")
        assert refused.status_code == 400 and refused.json()["code"] == "participant_not_member"
        assert refused.json()["detail"] == f"{name} はこの契約の関係者ではありません。"
    doc = consult.json()["documents"][0]["id"]
    assert api.get(reverse("api:consultation-document", args=[consult.json()["id"], doc])).status_code == 200
    assert api.get(reverse("api:consultation-list"), {"clause": "K-20"}).json()["count"] >= 1
    api.force_authenticate(demo["outsider"])
    assert api.get(reverse("api:consultation-detail", args=[consult.json()["id"]])).status_code == 404
    assert api.post(reverse("api:consultation-list"), {"contract": seed.pk, "clause": "K-1", "topic": "x",
                                                       "held_on": "2024-04-01", "participants": "x",
                                                       "outcome": "y"}, format="json").status_code == 404


def _grow(demo, seed, n, start):
    for i in range(start, start + n):
        r = _issue(demo, seed, subject=f"大量の要求{i}")
        oversight_response_submit(actor=demo["rep"], request=r, body="回答", responded_on=D(2024, 1, 12),
                                  files=[_txt(f"f{i}.txt")])
        consultation_record(actor=demo["officer"], contract=seed, clause_id="K-1", topic=f"大量の協議{i}",
                            held_on=D(2024, 1, 12), participants="甲乙", outcome="合意",
                            participant_users=[demo["officer"], demo["rep"]], documents=[_txt(f"c{i}.txt")])


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_lists_keep_a_constant_number_of_queries(client, demo, seed, username, django_assert_max_num_queries):
    client.force_login(demo[username])
    api = APIClient()
    api.force_authenticate(demo[username])
    pages = [lambda: client.get(reverse("contracts:section", args=[seed.pk, "oversight"])),
             lambda: api.get(reverse("api:oversight-request-list")),
             lambda: api.get(reverse("api:consultation-list"))]
    _grow(demo, seed, 2, 0)
    counts = []
    for get in pages:
        with CaptureQueriesContext(connection) as few:
            assert get().status_code == 200
        counts.append(len(few.captured_queries))
    _grow(demo, seed, 20, 2)
    for get, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            response = get()
        html = response.content.decode()
        # The section shows each list a page at a time; the API lists (paginated by the API) all.
        assert ("大量の要求" in html and "大量の協議" in html) or "大量の要求21" in html or "大量の協議21" in html


def test_demo_tells_its_story(demo):
    from itaku.contracts.demo import current_title

    today = timezone.localdate()
    seed = Contract.objects.get(title=SEED)
    assert seed.consultations.filter(clause_id="K-1", topic__contains="広告の掲載先").exists()
    report = seed.oversight_requests.get(clause_id="K-10")
    assert report.state == RequestState.ACCEPTED and report.responses.get().files.count() == 1
    current = Contract.objects.get(title=current_title(today))
    statuses = {r.subject: (r.status, r.due_on, r.addressed_role) for r in request_list(demo["officer"],
                                                                                        contract=current)}
    assert ("open", today + dt.timedelta(days=5), "representative") in statuses.values()
    assert ("overdue", today - dt.timedelta(days=3), "security_officer") in statuses.values()
    assert current.consultations.get().held_on == today - dt.timedelta(days=20)
    assert any(i.kind == RESPONSE_KIND for i in dashboard(demo["security"])["overdue"])
