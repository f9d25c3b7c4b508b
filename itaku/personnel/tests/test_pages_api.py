"""The section 体制・周知, the report's pages, the API and the work items: the same services underneath."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from itaku.contracts.panels import section_url
from itaku.obligations.work import items_for
from itaku.personnel.access import handlers
from itaku.personnel.choices import VersionState
from itaku.personnel.models import Briefing, ReportVersion
from itaku.personnel.services import report_decide, report_draft, report_submit

pytestmark = pytest.mark.django_db


def names(users):
    return [u.username for u in users]


@pytest.mark.clause("P-3")
@pytest.mark.clause("P-4")
def test_the_pages_name_submit_accept_and_brief(client, demo, seed):
    client.force_login(demo["rep"])
    html = client.get(section_url(seed.pk, "personnel")).content.decode()
    assert "個人情報保護に係る責任体制報告書" in html and "保護 花子" in html and "個人情報を取り扱える者" in html
    response = client.post(reverse("personnel:report_new", args=[seed.pk]))
    draft = ReportVersion.objects.get(report__contract=seed, state=VersionState.DRAFT)
    assert response.status_code == 302 and response["Location"].endswith(f"/versions/{draft.pk}/")
    url = reverse("personnel:entry_add", kwargs={"contract_pk": seed.pk, "pk": draft.pk})
    response = client.post(url, {"user": demo["security"].pk, "role": "worker", "employment": "employee"})
    assert response.status_code == 302
    assert draft.entries.filter(user=demo["security"], affiliation="情報システム部 課長").exists()
    response = client.post(url, {"user": demo["officer"].pk, "role": "worker", "employment": "employee"})
    assert response.status_code == 200  # not one of the contractor's users: the form says so
    response = client.post(reverse("personnel:submit", kwargs={"contract_pk": seed.pk, "pk": draft.pk}),
                           {"submitted_on": "2023-07-01", "section_name": "福祉保健部"})
    assert response.status_code == 302
    client.force_login(demo["officer"])
    html = client.get(reverse("personnel:version", kwargs={"contract_pk": seed.pk, "pk": draft.pk})).content.decode()
    assert 'id="decision"' in html
    response = client.post(reverse("personnel:decide", kwargs={"contract_pk": seed.pk, "pk": draft.pk}),
                           {"decision": "accept", "decided_on": "2023-07-03"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == VersionState.ACCEPTED and str(draft.decided_on) == "2023-07-03"

    client.force_login(demo["security"])
    html = client.get(reverse("personnel:briefing", args=[seed.pk])).content.decode()
    assert "在職中及び退職後においても" in html and "罰則" in html
    assert client.post(reverse("personnel:briefing", args=[seed.pk]), {"confirm": "on"}).status_code == 302
    assert "security" in names(handlers(seed))
    assert client.post(reverse("personnel:pledge", args=[seed.pk]), {"confirm": "on"}).status_code == 302


@pytest.mark.clause("P-3")
def test_form_fp_from_the_page_is_stored_and_journaled(client, demo, seed):
    from itaku.documents.models import GeneratedDocument

    version = ReportVersion.objects.get(report__contract=seed, number=1)
    client.force_login(demo["auditor"])
    response = client.post(reverse("personnel:document", kwargs={"contract_pk": seed.pk, "pk": version.pk,
                                                                 "fmt": "xlsx"}))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert GeneratedDocument.objects.filter(contract=seed, kind="F-P", fmt="xlsx").count() == 1


@pytest.mark.clause("P-3")
@pytest.mark.clause("P-6-1")
def test_the_api_drafts_names_submits_and_accepts(demo, seed):
    api = APIClient()
    api.force_authenticate(demo["rep"])
    response = api.post(reverse("api:personnel-version-list"), {"contract": seed.pk}, format="json")
    assert response.status_code == 201 and response.json()["number"] == 2
    pk = response.json()["id"]
    response = api.post(reverse("api:personnel-version-entries", args=[pk]),
                        {"user": "security", "role": "worker", "employment": "dispatched"}, format="json")
    assert response.status_code == 201
    response = api.post(reverse("api:personnel-version-submit", args=[pk]), {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    response = api.post(reverse("api:personnel-version-decide", args=[pk]), {"decision": "accept"}, format="json")
    assert response.status_code == 403 and response.json()["clause"] == "P-3"
    api.force_authenticate(demo["officer"])
    response = api.post(reverse("api:personnel-version-decide", args=[pk]), {"decision": "accept"}, format="json")
    assert response.status_code == 200 and response.json()["decided_by"] == "officer"
    api.force_authenticate(demo["security"])
    assert api.post(reverse("api:personnel-briefing-list"), {"contract": seed.pk}, format="json").status_code == 201
    rows = {r["user"]: r for r in api.get(reverse("api:personnel-people-list"), {"contract": seed.pk}).json()}
    assert rows["security"]["may_handle"] is False and rows["security"]["employment"] == ["dispatched"]
    api.force_authenticate(demo["privacy"])
    response = api.post(reverse("api:personnel-dispatch-list"), {
        "contract": seed.pk, "person": "security", "agency": "派遣元株式会社（テスト）", "reference": "第8条"},
        format="json")
    assert response.status_code == 201
    rows = {r["user"]: r for r in api.get(reverse("api:personnel-people-list"), {"contract": seed.pk}).json()}
    assert rows["security"]["may_handle"] is True and rows["worker2"]["may_handle"] is False


def test_the_api_answers_404_for_a_contract_outside_ones_view(demo, seed):
    api = APIClient()
    api.force_authenticate(demo["outsider"])
    assert api.get(reverse("api:personnel-people-list"), {"contract": seed.pk}).status_code == 404
    assert api.get(reverse("api:personnel-version-list"), {"contract": seed.pk}).json()["results"] == []


@pytest.mark.clause("P-3")
@pytest.mark.clause("P-4")
def test_work_items_for_the_officer_the_representative_and_the_named_person(demo, seed, current):
    officer_items = [i for i in items_for(demo["officer"]) if i.kind == "personnel.accept"]
    assert [i.contract_id for i in officer_items] == [current.pk] and officer_items[0].mine
    worker2 = [i for i in items_for(demo["worker2"]) if i.kind == "personnel.briefing"]
    assert {i.contract_id for i in worker2} == {current.pk}  # the seed contract is paid: nothing waits there
    assert all(i.mine for i in worker2)
    version = ReportVersion.objects.get(report__contract=current)
    report_decide(actor=demo["officer"], version=version, accept=False, comment="所属名を記入してください。")
    rep_items = [i for i in items_for(demo["rep"], contract=current) if i.kind.startswith("personnel.")]
    assert [(i.kind, i.mine) for i in rep_items] == [("personnel.returned", True)]
    report_submit(actor=demo["rep"], version=report_draft(actor=demo["rep"], contract=current))
    assert [i.kind for i in items_for(demo["officer"], contract=current) if i.kind.startswith("personnel.")] == [
        "personnel.accept"]
    assert not [i for i in items_for(demo["inspector"], contract=current) if i.kind.startswith("personnel.")]


@pytest.mark.clause("P-6-2")
def test_a_dispatched_worker_without_confirmation_is_a_work_item(demo, current):
    from itaku.personnel.services import entry_save

    draft = report_draft(actor=demo["rep"], contract=current)
    entry = draft.entries.get(user=demo["worker1"])
    entry_save(actor=demo["rep"], version=draft, entry=entry, user=entry.user, role=entry.role,
               affiliation=entry.affiliation, name=entry.name, employment="dispatched")
    report_submit(actor=demo["rep"], version=draft)
    items = [i for i in items_for(demo["privacy"], contract=current) if i.kind == "personnel.dispatch"]
    assert len(items) == 1 and items[0].mine and "作業 一美" in items[0].detail


def test_the_lists_keep_a_constant_number_of_queries(client, demo, seed, django_assert_max_num_queries):
    from itaku.accounts.models import User
    from itaku.accounts.services import user_save
    from itaku.personnel.services import briefing_acknowledge, entry_save

    def grow(n):
        draft = report_draft(actor=demo["rep"], contract=seed)
        for i in range(n):
            user = user_save(actor=None, user=User(username=f"w{draft.number}-{i}", organisation=seed.contractor,
                                                   display_name=f"作業 {i}", job_title="部"))
            entry_save(actor=demo["rep"], version=draft, user=user, role="worker", affiliation="部", name=str(user))
        report_submit(actor=demo["rep"], version=draft)
        report_decide(actor=demo["officer"], version=draft, accept=True)
        for entry in draft.entries.all():
            if not Briefing.objects.filter(contract=seed, user=entry.user).exists():
                briefing_acknowledge(actor=entry.user, contract=seed)

    api = APIClient()
    api.force_authenticate(demo["officer"])
    client.force_login(demo["officer"])
    grow(2)
    counts = []
    for n in (1, 8):
        grow(n)
        with django_assert_max_num_queries(150) as ctx:
            assert client.get(section_url(seed.pk, "personnel")).status_code == 200
            assert api.get(reverse("api:personnel-version-list"), {"contract": seed.pk}).status_code == 200
            assert api.get(reverse("api:personnel-people-list"), {"contract": seed.pk}).status_code == 200
            assert api.get(reverse("api:personnel-briefing-list"), {"contract": seed.pk}).status_code == 200
            items_for(demo["officer"])
        counts.append(len(ctx.captured_queries))
    assert counts[1] <= counts[0], counts
