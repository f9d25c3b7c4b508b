"""わたしの仕事, /api/v1/work/ and the iCal feed show every work item: obligations and the waiting decisions
and steps that have no deadline; each provider keeps a constant number of queries."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from rest_framework.test import APIClient

from itaku.consents.models import ConsentRequest, ConsentState
from itaku.consents.services import consent_submit
from itaku.contracts.lifecycle import services as svc
from itaku.contracts.tests.test_lifecycle import D, make_contract, passed, report
from itaku.core import generations
from itaku.core.tests.queries import page_queries
from itaku.obligations.selectors import dashboard
from itaku.obligations.services import calendar_feed_issue
from itaku.obligations.work import WorkItem, _merge, items_for
from itaku.oversight.services import oversight_request_issue, oversight_response_submit


@pytest.fixture
def consent(demo):
    return ConsentRequest.objects.select_related("contract").get(state=ConsentState.SUBMITTED)


@pytest.mark.clause("K-6")
def test_the_officers_dashboard_shows_the_consent_awaiting_decision_linked_to_the_decision(client, demo, consent):
    board = dashboard(demo["officer"])
    waiting = [i for i in board["waiting"] if i.kind == "consents.decide"]
    assert [i.source_id for i in waiting] == [consent.pk]
    client.force_login(demo["officer"])
    html = client.get(reverse("home")).content.decode()
    link = reverse("consents:detail", args=[consent.contract_id, consent.pk]) + "#decision-title"
    days = (timezone.localdate() - consent.submitted_on).days
    assert f'href="{link}"' in html and "承諾の可否を決定する" in html and f"申請から{days}日" in html
    assert html.index('id="overdue-title"') < html.index('id="soon-title"') < html.index('id="waiting-title"') \
        < html.index('id="others-title"')
    # The representative waits for it: it is among what others owe on their contract.
    assert consent.pk in [i.source_id for i in dashboard(demo["rep"])["others"] if i.kind == "consents.decide"]
    assert [i for i in dashboard(demo["outsider"])["others"] if i.kind == "consents.decide"] == []


@pytest.mark.clause("K-11")
def test_dashboard_rows_link_to_the_item_overdue_first_then_soon_then_undated(client, demo):
    contract = make_contract(demo)
    r = report(demo, contract, D(2024, 4, 1))  # the inspection is overdue
    today = timezone.localdate()
    board = dashboard(demo["inspector"], today)
    overdue = [i for i in board["overdue"] if i.contract_id == contract.pk]
    assert [(i.kind, i.source_id) for i in overdue] == [(svc.KIND_INSPECTION, r.pk)]
    client.force_login(demo["inspector"])
    html = client.get(reverse("home")).content.decode()
    url = reverse("contracts:lifecycle-inspection", kwargs={"contract_pk": contract.pk}) + f"?report={r.pk}"
    assert f'href="{url}"' in html
    row = html[html.index(f'href="{url}"') - 400:html.index(f'href="{url}"')]
    assert "row--overdue" in row
    items = board["overdue"] + board["soon"] + board["waiting"]
    assert all(i.mine for i in items) and not any(i.mine for i in board["others"])
    assert board["overdue"] == sorted(board["overdue"], key=lambda i: i.due_on)
    assert [i.since for i in board["waiting"]] == sorted(i.since for i in board["waiting"])


def test_the_dashboards_sections_are_bounded_with_their_counts(demo):
    contract = make_contract(demo)
    for day in (1, 2):
        svc.completion_report(actor=demo["rep"], contract=contract, reported_on=D(2024, 2, day), summary="一部",
                              files=[ContentFile(b"x", name="p.txt")], partial=True, part_description=f"第{day}期")
    report(demo, contract, D(2024, 4, 1))
    board = dashboard(demo["inspector"], limit=2)
    section = board["sections"]["overdue"]
    assert section["count"] >= 3 and len(board["overdue"]) == 2
    assert section["rows"] == board["overdue"] and section["more"] == section["count"] - 2


def _flood(contracts, n, today):
    """``n`` open obligations on ``contracts``: the inspector's (overdue, due soon, due later) and the
    representative's (what the inspector waits for)."""
    from django.contrib.contenttypes.models import ContentType

    from itaku.accounts.choices import OrganisationKind, Role
    from itaku.contracts.models import Contract
    from itaku.obligations.models import Obligation

    ct = ContentType.objects.get_for_model(Contract)
    rows = []
    for i in range(n):
        c = contracts[i % len(contracts)]
        for side, role in ((OrganisationKind.CLIENT, Role.INSPECTOR),
                           (OrganisationKind.CONTRACTOR, Role.REPRESENTATIVE)):
            rows.append(Obligation(contract=c, clause_id="K-11", kind="test.flood", title=f"期限{i:05d}", side=side,
                                   role=role, due_on=today + dt.timedelta(days=i % 40 - 15), source_type=ct,
                                   source_id=c.pk))
    Obligation.objects.bulk_create(rows)
    # bulk_create sends no signal: the new generation that a service's journal event would start
    generations.start([generations.EVERYTHING])


def _measure(client, url):
    """The page computed (not read from the cache): its queries, rows, bytes and HTML."""
    generations.start([generations.EVERYTHING])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return len(page_queries(queries.captured_queries)), html.count("<tr"), len(response.content), html


def test_a_person_with_thousands_of_items_gets_the_same_page_as_one_with_a_few(client, demo):
    """わたしの仕事 is bounded by design: the most urgent items of each section with its count, the others'
    items one row per contract; the same queries, rows and bytes with 4,000 open items as with 80."""
    from itaku.obligations.selectors import DASHBOARD_ROWS

    today = timezone.localdate()
    contracts = [make_contract(demo) for _ in range(3)]
    client.force_login(demo["inspector"])
    _flood(contracts, 40, today)  # enough to fill each section
    client.get(reverse("home"))
    few = _measure(client, reverse("home"))
    board = dashboard(demo["inspector"], today)
    assert len(board["overdue"]) == len(board["soon"]) == DASHBOARD_ROWS
    _flood(contracts, 2000, today)
    many = _measure(client, reverse("home"))
    board = dashboard(demo["inspector"], today)
    assert board["sections"]["overdue"]["count"] > 600 and board["sections"]["soon"]["count"] > 600
    assert len(board["overdue"]) == len(board["soon"]) == DASHBOARD_ROWS
    # others' items: one row per contract, with the count and the nearest date
    shown = [r["contract_id"] for r in board["others_by_contract"]]
    assert len(shown) == len(set(shown)) and {c.pk for c in contracts} <= set(shown)
    assert sum(r["count"] for r in board["others_by_contract"]) + board["others_more"] \
        == board["sections"]["others"]["count"] > 1000
    assert many[0] == few[0], "queries"
    assert many[1] == few[1], "rows"
    assert abs(many[2] - few[2]) < 200 and many[2] < 60_000, "bytes"
    assert f'href="{reverse("obligations:work")}?section=overdue"' in many[3]


def test_the_full_list_of_a_section_is_paginated_with_constant_queries(client, demo):
    today = timezone.localdate()
    contracts = [make_contract(demo) for _ in range(2)]
    client.force_login(demo["inspector"])
    _flood(contracts, 200, today)
    url = reverse("obligations:work") + "?section=soon"
    client.get(url)
    few = _measure(client, url)
    _flood(contracts, 1000, today)
    many = _measure(client, url)
    assert many[0] == few[0] and many[1] == few[1] == 51  # the header row and 50 items
    second = _measure(client, url + "&page=2")[3]
    assert "2 / " in second and 'rel="prev"' in second
    first_rows = dashboard(demo["inspector"], today)["soon"]
    assert first_rows[0].label in many[3]
    # one contract's items waiting for others; a contract the user may not see is 404
    one = _measure(client, reverse("obligations:work") + f"?section=others&contract={contracts[0].pk}")[3]
    assert contracts[0].title in one
    assert client.get(reverse("obligations:work") + "?section=others&contract=999999").status_code == 404


def test_an_app_item_and_its_obligation_merge_into_one():
    app = WorkItem(kind="k", clause="K-11", contract_id=1, contract_title="c", label="検査を記録する", url="/x",
                   mine=True, since=D(2024, 4, 1), source_id=7)
    obligation = WorkItem(kind="k", clause="K-11", contract_id=1, contract_title="c", label="完了の検査", url="/o",
                          mine=False, due_on=D(2024, 4, 11), obligation_id=3, source_id=7,
                          waiting_for="甲・検査職員（A）")
    other = WorkItem(kind="k", clause="K-11", contract_id=1, contract_title="c", label="x", url="/y", mine=True,
                     source_id=8)
    for merged in (_merge([app, obligation, other]), _merge([obligation, app, other])):
        assert len(merged) == 2
        one = merged[0]
        assert (one.label, one.url, one.due_on, one.obligation_id, one.mine, one.waiting_for) == (
            "検査を記録する", "/x", D(2024, 4, 11), 3, False, "甲・検査職員（A）")
        assert merged[1] == other


@pytest.mark.clause("K-6")
def test_the_work_api_lists_items_with_filters_and_a_typed_shape(demo, consent):
    api = APIClient()
    api.force_authenticate(demo["officer"])
    url = reverse("api:work-list")
    body = api.get(url).json()
    decide = [row for row in body["results"] if row["kind"] == "consents.decide"]
    assert len(decide) == 1
    row = decide[0]
    assert row["mine"] is True and row["clause"] == "K-6" and row["contract"] == consent.contract_id
    assert row["due_on"] is None and row["since"] == consent.submitted_on.isoformat()
    assert row["waited_days"] == (timezone.localdate() - consent.submitted_on).days and row["obligation"] is None
    assert row["url"].startswith(reverse("consents:detail", args=[consent.contract_id, consent.pk]))
    assert row["full_label"].startswith("承諾の可否を決定する（申請から")
    assert all(r["mine"] for r in api.get(url, {"mine": "true"}).json()["results"])
    assert not any(r["mine"] for r in api.get(url, {"mine": "false"}).json()["results"])
    only = api.get(url, {"contract": consent.contract_id}).json()["results"]
    assert only and {r["contract"] for r in only} == {consent.contract_id}
    assert api.get(url, {"mine": "maybe"}).status_code == 400
    assert api.get(url, {"contract": "x"}).status_code == 400
    api.force_authenticate(demo["outsider"])
    assert api.get(url, {"contract": consent.contract_id}).status_code == 404
    assert all(r["contract"] != consent.contract_id for r in api.get(url).json()["results"])


@pytest.mark.clause("K-11")
def test_the_ical_feed_carries_dated_items_and_leaves_out_undated_ones(client, demo, consent):
    contract = make_contract(demo)  # the representative owes the completion by the end date
    feed = calendar_feed_issue(actor=demo["rep"])
    body = client.get(reverse("obligations:feed", args=[feed.token])).content
    events = {str(e["uid"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    uid = next(u for u in events if u.startswith(f"work-contracts.completion-{contract.pk}-"))
    assert events[uid].decoded("dtstart") == contract.ends_on
    assert str(events[uid]["summary"]) == "[K-11] 完了を報告する"
    assert not any("consents.decide" in u for u in events)  # the officer's, and undated
    officer = calendar_feed_issue(actor=demo["officer"])
    body = client.get(reverse("obligations:feed", args=[officer.token])).content
    assert not any("consents" in str(e["uid"]) for e in Calendar.from_ical(body).walk("VEVENT"))


def _grow(demo, n: int, start: int):
    """``n`` more contracts, each leaving something waiting for several people."""
    today = timezone.localdate()
    for i in range(start, start + n):
        contract = make_contract(demo, amount=880_000)
        if i % 3 == 0:
            passed(demo, contract, D(2024, 4, 12), D(2024, 4, 15))
            penalty = svc.penalty_assess(actor=demo["officer"], contract=contract, decided_on=D(2024, 4, 16))
            svc.penalty_settle(actor=demo["officer"], penalty=penalty, settlement="set_off", settled_on=D(2024, 4, 17))
        elif i % 3 == 1:
            report(demo, contract, D(2024, 4, 1))
        request = oversight_request_issue(actor=demo["officer"], contract=contract, kind="report", subject=f"報告{i}",
                                          body="報告してください。", issued_on=today, due_on=today)
        if i % 2:
            oversight_response_submit(actor=demo["rep"], request=request, body="報告します。", responded_on=today)
        org = ConsentRequest.objects.filter(kind="subcontract").first().subject
        consent_submit(actor=demo["rep"], contract=contract, kind="subcontract", on=today, statement={
            "subcontractor": org.pk, "scope": f"範囲{i}", "reason": "専門の事業者に委託するため。",
            "starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "amount": 100_000, "handles_personal_information": "no"})


@pytest.mark.parametrize("user", ["officer", "rep", "accountant"])
def test_every_provider_keeps_a_constant_number_of_queries_as_contracts_grow(client, demo, user,
                                                                             django_assert_max_num_queries):
    _grow(demo, 3, 0)
    client.force_login(demo[user])
    api = APIClient()
    api.force_authenticate(demo[user])
    feed = calendar_feed_issue(actor=demo[user])
    reads = [lambda: items_for(demo[user]), lambda: client.get(reverse("home")),
             lambda: api.get(reverse("api:work-list")),
             lambda: client.get(reverse("obligations:feed", args=[feed.token]))]
    counts = []
    for read in reads:
        with CaptureQueriesContext(connection) as few:
            read()
        counts.append(len(few.captured_queries))
    before = len(items_for(demo[user]))
    _grow(demo, 6, 3)
    assert len(items_for(demo[user])) > before
    for read, count in zip(reads, counts, strict=True):
        with django_assert_max_num_queries(count):
            read()


@pytest.mark.clause("K-10")
def test_an_obligation_no_app_stands_for_links_to_its_row_in_the_contracts_deadlines(client, demo):
    from django.db import transaction

    from itaku.accounts.choices import Role
    from itaku.obligations.services import obligation_open

    contract = make_contract(demo)
    with transaction.atomic():
        ob = obligation_open(contract=contract, clause="K-10", kind="test.other", title="別の期限",
                             role=Role.REPRESENTATIVE, due_on=timezone.localdate(), source=contract)
    item = [i for i in items_for(demo["rep"], contract=contract) if i.obligation_id == ob.pk]
    assert len(item) == 1 and item[0].mine and item[0].label == "別の期限" and item[0].clause == "K-10"
    url = reverse("contracts:section", kwargs={"pk": contract.pk, "section": "obligations"})
    assert item[0].url == f"{url}#obligation-{ob.pk}"
    client.force_login(demo["rep"])
    assert f'id="obligation-{ob.pk}"' in client.get(url).content.decode()


def test_an_items_deadline_reads_in_the_readers_language():
    from django.utils import translation

    from itaku.obligations.work import WorkItem

    item = WorkItem(kind="contracts.inspection", clause="K-11", contract_id=1, contract_title="x",
                    label="検査を記録する", url="/", mine=True, due_on=dt.date(2024, 3, 11))
    with translation.override("ja"):
        assert item.full_label == "検査を記録する（期限 令和6年3月11日）"
    with translation.override("en"):
        assert item.due_text == "due 11 March 2024"
