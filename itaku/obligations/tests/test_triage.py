"""わたしの仕事 counts in SQL what every contract in force yields (the responsibility report not yet made,
P-3; the self-assessment sheet not yet submitted, F-S) and reads only the contracts of the most urgent
items: the counts agree with the full list, and the page keeps its queries as such contracts grow."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from itaku.contracts.choices import ContractState
from itaku.contracts.tests.test_lifecycle import make_contract
from itaku.core import generations
from itaku.core.tests.queries import page_queries
from itaku.obligations.selectors import DASHBOARD_ROWS, SOON_DAYS
from itaku.obligations.work import SECTIONS, items_for, section_of, summary_for


def _grow(demo, n, today):
    for i in range(n):
        make_contract(demo, state=ContractState.ACTIVE, signed_on=today - dt.timedelta(days=4 * i),
                      ends_on=today + dt.timedelta(days=90))


def _counts(user, today):
    """Each section's count as わたしの仕事 shows it, and as the full list of the user's items gives it."""
    horizon = today + dt.timedelta(days=SOON_DAYS)
    summary = summary_for(user, today=today, horizon=horizon, limit=DASHBOARD_ROWS, sections=SECTIONS)
    full = Counter(section_of(item, today, horizon) for item in items_for(user))
    assert all(len(rows) <= DASHBOARD_ROWS for rows in summary["rows"].values())
    return summary["counts"], {s: full.get(s, 0) for s in SECTIONS}, summary


def _queries(client):
    """The queries of わたしの仕事 computed (not read from the cache)."""
    generations.start([generations.EVERYTHING])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(page_queries(queries.captured_queries))


@pytest.mark.clause("P-3")
@pytest.mark.clause("F-S")
def test_contracts_without_report_or_sheet_are_counted_in_sql_and_read_only_for_the_most_urgent(client, demo):
    today = timezone.localdate()
    _grow(demo, 4, today)
    client.force_login(demo["officer"])
    client.get(reverse("home"))
    few = _queries(client)
    _grow(demo, 24, today)
    assert _queries(client) == few
    for name in ("officer", "rep"):
        shown, full, summary = _counts(demo[name], today)
        assert shown == full, name
    # the representative makes the report and the sheet; the officer waits for them
    shown, _full, summary = _counts(demo["rep"], today)
    kinds = Counter(i.kind for rows in summary["rows"].values() for i in rows if i.mine)
    assert kinds["personnel.report"] and kinds["security.sheet_new"]
    assert shown["waiting"] >= 28 and shown["overdue"] + shown["soon"] + shown["later"] >= 28
    shown, _full, summary = _counts(demo["officer"], today)
    assert len(summary["rows"]["others"]) == DASHBOARD_ROWS and shown["others"] >= 28


@pytest.mark.clause("P-3")
@pytest.mark.clause("F-S")
def test_the_providers_run_on_the_contracts_of_the_most_urgent_items_only(demo, monkeypatch):
    """With one row per section, the providers read the few contracts the triages name, not every contract
    in force without its report or sheet."""
    from itaku.contracts.models import Contract
    from itaku.obligations import work

    today = timezone.localdate()
    _grow(demo, 40, today)
    seen = set()

    def spy(func):
        def wrapped(actor, contracts):
            for item in func(actor, contracts):
                if item is not None:
                    seen.add(item.contract_id)
                yield item
        return wrapped

    monkeypatch.setattr(work, "_PROVIDERS", {key: spy(func) for key, func in work._PROVIDERS.items()})
    summary_for(demo["officer"], today=today, horizon=today + dt.timedelta(days=SOON_DAYS), limit=1,
                sections=SECTIONS)
    others = Contract.objects.count() - 40
    assert seen and len(seen) <= len(SECTIONS) * len(work._TRIAGES) + others


def test_the_hub_runs_only_the_providers_with_something_waiting_and_misses_nothing(demo, monkeypatch):
    """次にすること on a contract's page: every provider with a ``waiting`` expression is asked in one query,
    and the items are those of all the providers run, for every demo contract and person."""
    from itaku.accounts.models import User
    from itaku.contracts.models import Contract
    from itaku.contracts.selectors import contract_get
    from itaku.obligations import work

    assert len(work._WAITING) >= 8
    seen, asked_total, all_total = 0, 0, 0
    for contract in Contract.objects.order_by("pk"):
        for user in User.objects.filter(memberships__contract=contract).distinct():
            fresh = contract_get(user, contract.pk)
            with CaptureQueriesContext(connection) as asked:
                items = items_for(user, contract=fresh, fresh=True)
            with monkeypatch.context() as m:
                m.setattr(work, "_WAITING", {})
                with CaptureQueriesContext(connection) as all_run:
                    every = items_for(user, contract=fresh, fresh=True)
            assert items == every, (contract.title, user.username)
            assert len(asked.captured_queries) <= len(all_run.captured_queries)
            seen += len(items)
            asked_total += len(asked.captured_queries)
            all_total += len(all_run.captured_queries)
    assert seen and asked_total < all_total
