"""The deadline engine: the dashboard, the contract's own list, waiving, the API, reminders, iCal."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from itaku.accounts.choices import Role
from itaku.contracts.models import Contract
from itaku.journal.models import Event
from itaku.obligations.models import Obligation, ObligationState
from itaku.obligations.selectors import dashboard, obligation_list
from itaku.obligations.services import obligation_open, obligations_meet, reminders_send

TODAY = dt.date(2026, 11, 23)
SEED = "ひきこもり支援Web広告業務"


def _seed_only(items, seed):
    """The demo loads obligations of its own on other contracts; these tests look at the seed's obligations
    (the dashboard's rows are work items: those that stand for an obligation carry its id)."""
    return [i.obligation_id for i in items if i.contract_id == seed.pk and i.kind == "test.thing"]


def _obligation_ids(items):
    return [i.obligation_id for i in items if i.obligation_id]


def _open(contract, role, due_on, title="回答", clause="K-10", assignee=None):
    with transaction.atomic():
        return obligation_open(contract=contract, clause=clause, kind="test.thing", title=title, role=role,
                               due_on=due_on, source=contract, assignee=assignee)


@pytest.fixture
def no_demo_obligations(demo):
    """Start from no obligations at all: the demo's history opens some of its own."""
    Obligation.objects.all().delete()


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.fixture
def other(demo):
    return Contract.objects.get(contractor__name__startswith="有限会社サンプル企画")


@pytest.mark.clause("K-11")
def test_dashboard_overdue_first_then_due_within_14_days_for_the_roles_one_holds(demo, seed):
    late = _open(seed, Role.REPRESENTATIVE, TODAY - dt.timedelta(days=3), "遅れた回答")
    soon = _open(seed, Role.REPRESENTATIVE, TODAY + dt.timedelta(days=14), "近い回答")
    _open(seed, Role.REPRESENTATIVE, TODAY + dt.timedelta(days=15), "先の回答")
    inspection = _open(seed, Role.INSPECTOR, TODAY + dt.timedelta(days=5), "検査", clause="K-11")

    rep = dashboard(demo["rep"], TODAY)
    assert _seed_only(rep["overdue"], seed) == [late.pk]
    assert _seed_only(rep["soon"], seed) == [soon.pk]
    assert _seed_only(rep["others"], seed) == [inspection.pk]  # the client's due date, on the rep's contract

    assert _seed_only(dashboard(demo["inspector"], TODAY)["soon"], seed) == [inspection.pk]
    officer = dashboard(demo["officer"], TODAY)
    assert _seed_only(officer["overdue"], seed) == [] and late.pk in _obligation_ids(officer["others"])
    outsider = dashboard(demo["outsider"], TODAY)
    theirs = set(Contract.objects.filter(contractor=demo["outsider"].organisation).values_list("pk", flat=True))
    assert {i.contract_id for i in outsider["overdue"] + outsider["soon"] + outsider["waiting"]
            + outsider["others"]} <= theirs


@pytest.mark.clause("K-11")
def test_an_assigned_obligation_is_owed_by_that_person_only(demo, seed):
    mine = _open(seed, Role.WORKER, TODAY, "作業", assignee=demo["worker1"])
    assert _seed_only(dashboard(demo["worker1"], TODAY)["soon"], seed) == [mine.pk]
    assert _seed_only(dashboard(demo["worker2"], TODAY)["soon"], seed) == []
    assert mine.pk in _obligation_ids(dashboard(demo["worker2"], TODAY)["others"])


def test_home_page_is_the_dashboard(client, demo, seed):
    _open(seed, Role.REPRESENTATIVE, dt.date.today() - dt.timedelta(days=1), "遅れた報告")
    client.force_login(demo["rep"])
    html = client.get(reverse("home")).content.decode()
    assert "わたしの仕事" in html and "遅れた報告" in html and "期限超過" in html


@pytest.mark.clause("K-10")
def test_met_obligation_leaves_the_dashboard_and_stays_on_the_contract(client, demo, seed):
    ob = _open(seed, Role.REPRESENTATIVE, TODAY, "報告")
    with transaction.atomic():
        assert obligations_meet(source=seed, kind="test.thing", actor=demo["rep"], on=TODAY) == 1
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET and ob.closed_on == TODAY and ob.closed_by == demo["rep"]
    assert _seed_only(dashboard(demo["rep"], TODAY)["soon"], seed) == []
    client.force_login(demo["auditor"])
    html = client.get(reverse("contracts:detail", args=[seed.pk])).content.decode()
    assert "報告" in html and "完了" in html


@pytest.mark.clause("K-10")
def test_officer_waives_with_a_reason_others_may_not(client, demo, seed):
    ob = _open(seed, Role.REPRESENTATIVE, TODAY, "報告")
    client.force_login(demo["rep"])
    assert client.post(reverse("obligations:waive", args=[ob.pk]), {"reason": "自分で"}).status_code == 403
    client.force_login(demo["officer"])
    client.post(reverse("obligations:waive", args=[ob.pk]), {"reason": ""})
    ob.refresh_from_db()
    assert ob.state == ObligationState.OPEN
    response = client.post(reverse("obligations:waive", args=[ob.pk]), {"reason": "協議により不要となった"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.state == ObligationState.WAIVED and ob.waived_reason == "協議により不要となった"
    event = Event.objects.get(action="obligations.obligation.waived")
    assert event.contract == seed and event.clause_id == "K-10" and event.data["reason"] == "協議により不要となった"


def test_api_lists_what_the_user_may_see_with_filters(no_demo_obligations, demo, seed, other):
    from rest_framework.test import APIClient

    late = _open(seed, Role.REPRESENTATIVE, dt.date.today() - dt.timedelta(days=2), "遅れ")
    insp = _open(seed, Role.INSPECTOR, dt.date.today() + dt.timedelta(days=3), "検査", clause="K-11")
    theirs = _open(other, Role.REPRESENTATIVE, dt.date.today(), "他社の回答")
    api = APIClient()
    api.force_authenticate(demo["officer"])
    url = reverse("api:obligation-list")
    assert {o["id"] for o in api.get(url).json()["results"]} == {late.pk, insp.pk, theirs.pk}
    assert [o["id"] for o in api.get(url, {"state": "overdue"}).json()["results"]] == [late.pk]
    assert [o["id"] for o in api.get(url, {"role": "inspector"}).json()["results"]] == [insp.pk]
    assert [o["id"] for o in api.get(url, {"contract": other.pk}).json()["results"]] == [theirs.pk]
    assert [o["id"] for o in api.get(url, {"due_after": dt.date.today().isoformat(),
                                           "due_before": dt.date.today().isoformat()}).json()["results"]] == [theirs.pk]
    api.force_authenticate(demo["rep"])
    body = api.get(url).json()
    assert {o["id"] for o in body["results"]} == {late.pk, insp.pk}
    assert api.get(reverse("api:obligation-detail", args=[theirs.pk])).status_code == 404
    refused = api.post(reverse("api:obligation-waive", args=[late.pk]), {"reason": "x"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    api.force_authenticate(demo["officer"])
    done = api.post(reverse("api:obligation-waive", args=[late.pk]), {"reason": "不要"}, format="json").json()
    assert done["status"] == "waived" and done["waived_reason"] == "不要"


def test_lists_keep_a_constant_number_of_queries(no_demo_obligations, client, demo, seed,
                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    # わたしの仕事 reads a section's most urgent items only when it has any: one overdue, some due soon.
    for i in range(3):
        _open(seed, Role.REPRESENTATIVE, dt.date.today() + dt.timedelta(days=i - 1), f"回答{i}")
    client.force_login(demo["rep"])
    api = APIClient()
    api.force_authenticate(demo["rep"])
    pages = [lambda: client.get(reverse("home")), lambda: client.get(reverse("contracts:detail", args=[seed.pk])),
             lambda: api.get(reverse("api:obligation-list"))]
    counts = []
    for get in pages:
        with CaptureQueriesContext(connection) as few:
            assert get().status_code == 200
        counts.append(len(few.captured_queries))
    for i in range(40):
        _open(seed, Role.REPRESENTATIVE, dt.date.today() + dt.timedelta(days=i % 10 - 3), f"追加{i}")
    for get, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert get().status_code == 200
    assert obligation_list(demo["rep"], contract=seed).count() == 43


@pytest.mark.clause("K-12")
def test_reminders_once_a_day_to_those_who_owe(no_demo_obligations, demo, seed, django_capture_on_commit_callbacks):
    _open(seed, Role.REPRESENTATIVE, TODAY - dt.timedelta(days=1), "遅れた報告")
    _open(seed, Role.ACCOUNTANT, TODAY + dt.timedelta(days=10), "支払", clause="K-12")
    _open(seed, Role.INSPECTOR, TODAY + dt.timedelta(days=30), "遠い検査", clause="K-11")
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(today=TODAY)
    assert sorted(d.user.username for d in sent) == ["accountant", "rep"]
    assert sorted(m.to[0] for m in mail.outbox) == ["accountant@example.invalid", "rep@example.invalid"]
    rep_mail = next(m for m in mail.outbox if m.to == ["rep@example.invalid"])
    assert "期限超過 1件" in rep_mail.subject and "遅れた報告" in rep_mail.body and "令和8年11月22日" in rep_mail.body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == []
    assert len(mail.outbox) == 2
    assert Event.objects.filter(action="obligations.reminder.sent").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert len(reminders_send(today=TODAY + dt.timedelta(days=1))) == 2  # the next day, again


def test_remind_command(no_demo_obligations, demo, seed, capsys):
    from django.core.management import call_command

    _open(seed, Role.REPRESENTATIVE, TODAY, "報告")
    call_command("remind", "--date", TODAY.isoformat())
    call_command("remind", "--date", TODAY.isoformat())
    out = capsys.readouterr().out.splitlines()
    assert out == ["reminders sent: 1", "reminders sent: 0"]


def test_private_calendar_feed_issue_use_and_revoke(no_demo_obligations, client, demo, seed):
    ob = _open(seed, Role.REPRESENTATIVE, TODAY, "月次報告")
    _open(seed, Role.INSPECTOR, TODAY, "検査", clause="K-11")
    client.force_login(demo["rep"])
    assert client.post(reverse("obligations:calendar"), {"action": "issue"}).status_code == 302
    feed = demo["rep"].calendar_feed
    client.logout()
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    # The obligations the user owes (the other dated work items are tested in test_work.py).
    events = [e for e in Calendar.from_ical(response.content).walk("VEVENT") if str(e["uid"]).startswith("obligation-")]
    assert [str(e["summary"]) for e in events] == ["[K-10] 月次報告"]
    assert events[0].decoded("dtstart") == TODAY and str(events[0]["uid"]).startswith(f"obligation-{ob.pk}@")
    old = feed.get_absolute_url()
    client.force_login(demo["rep"])
    client.post(reverse("obligations:calendar"), {"action": "issue"})
    client.logout()
    assert client.get(old).status_code == 404
    demo["rep"].calendar_feed.refresh_from_db()
    new = demo["rep"].calendar_feed.get_absolute_url()
    assert client.get(new).status_code == 200
    client.force_login(demo["rep"])
    client.post(reverse("obligations:calendar"), {"action": "revoke"})
    assert client.get(new).status_code == 404
    assert list(Event.objects.filter(action__startswith="obligations.feed").values_list("action", flat=True)) == [
        "obligations.feed.issued", "obligations.feed.issued", "obligations.feed.revoked"]


def test_obligation_rows_name_side_and_role(seed):
    ob = _open(seed, Role.ACCOUNTANT, TODAY, "支払", clause="K-12")
    assert ob.side == "client" and Obligation.objects.get(pk=ob.pk).get_role_display() == "会計"


def test_the_demo_gives_every_user_open_obligations_to_look_at(demo):
    """The demo's history leaves work due: each demo user finds some on their dashboard (but the system
    administrator, who holds no role on a contract)."""
    for username, user in demo.items():
        if username == "admin":
            assert not user.memberships.exists()
            continue
        board = dashboard(user)
        assert board["overdue"] + board["soon"] + board["others"], username
    owed = {name for name, user in demo.items() if dashboard(user)["overdue"] + dashboard(user)["soon"]}
    assert {"inspector", "rep", "security", "outsider"} <= owed


@pytest.mark.clause("K-11")
def test_a_designated_person_owes_only_while_holding_the_role(no_demo_obligations, demo, seed):
    from itaku.accounts.models import Membership

    mine = _open(seed, Role.WORKER, TODAY, "作業", assignee=demo["worker1"])
    assert _seed_only(dashboard(demo["worker1"], TODAY)["soon"], seed) == [mine.pk]
    assert _seed_only(dashboard(demo["worker2"], TODAY)["soon"], seed) == []
    Membership.objects.filter(contract=seed, user=demo["worker1"], role=Role.WORKER).delete()
    assert _seed_only(dashboard(demo["worker1"], TODAY)["soon"], seed) == []  # no longer a worker here
    assert _seed_only(dashboard(demo["worker2"], TODAY)["soon"], seed) == [mine.pk]  # the role's holders now


def test_the_api_pages_obligations_by_cursor_without_counting_them(no_demo_obligations, demo, seed):
    """/api/v1/obligations/ reads a page from the index in its order: no count, no sort of the whole
    list; ``next`` follows it to the end. ``?page=N`` still answers with ``count``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from itaku.obligations.models import Obligation

    today = dt.date.today()
    first = _open(seed, Role.REPRESENTATIVE, today, "回答")
    Obligation.objects.bulk_create([
        Obligation(contract=seed, clause_id="K-10", kind="test.thing", title=f"回答{i}", side=first.side,
                   role=Role.REPRESENTATIVE, due_on=today + dt.timedelta(days=i % 7), source_type=first.source_type,
                   source_id=seed.pk) for i in range(120)])
    api = APIClient()
    api.force_authenticate(demo["officer"])
    url = reverse("api:obligation-list")
    api.get(url)
    seen, pages, queries = [], 0, set()
    while url:
        with CaptureQueriesContext(connection) as captured:
            body = api.get(url).json()
        assert "count" not in body and not any("COUNT(" in q["sql"] for q in captured.captured_queries)
        queries.add(len(captured.captured_queries))
        seen += [(row["due_on"], row["id"]) for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3 and len(seen) == 121 and seen == sorted(seen) and len(queries) == 1
    numbered = api.get(reverse("api:obligation-list"), {"page": 2}).json()
    assert numbered["count"] == 121 and len(numbered["results"]) == 50
