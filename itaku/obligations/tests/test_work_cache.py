"""わたしの仕事 is computed once per generation of the person's organisation: read from the shared cache
until a change on one of the organisation's contracts (a service's journal event, or a row of the contract
saved or deleted) starts a new generation."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from itaku.accounts.models import Membership, Role
from itaku.contracts.models import Contract
from itaku.contracts.tests.test_lifecycle import make_contract
from itaku.core import generations
from itaku.core.tests.queries import page_queries
from itaku.obligations import work
from itaku.oversight.services import oversight_request_issue


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())  # new per request
    return html, page_queries(queries.captured_queries)


def _computed(monkeypatch) -> list:
    calls = []
    real = work.summary_for

    def counting(*args, **kwargs):
        calls.append(args[0].username)
        return real(*args, **kwargs)

    monkeypatch.setattr(work, "summary_for", counting)
    return calls


def test_a_second_visit_reads_the_page_from_the_cache(client, demo, monkeypatch):
    calls = _computed(monkeypatch)
    client.force_login(demo["officer"])
    first, computed = _home(client)
    again, read = _home(client)
    assert calls == ["officer"]
    assert again == first
    assert len(read) <= 3 < len(computed)  # the session and the user, not the work items


def test_a_service_on_a_contract_renews_the_page_of_both_parties(client, demo, monkeypatch):
    today = timezone.localdate()
    contract = make_contract(demo)
    client.force_login(demo["rep"])
    before, _ = _home(client)
    assert "監督の報告" not in before
    calls = _computed(monkeypatch)
    oversight_request_issue(actor=demo["officer"], contract=contract, kind="report", subject="監督の報告",
                            body="報告してください。", issued_on=today, due_on=today)
    after, _ = _home(client)
    assert calls == ["rep"] and "監督の報告" in after


def test_a_change_on_another_organisations_contract_keeps_the_page(demo):
    """The rep's organisation is not a party to the other contractor's contract: its generation stays;
    the client's, a party to both, starts anew."""
    rep, outsider = demo["rep"], demo["outsider"]
    other = Contract.objects.filter(contractor=outsider.organisation).first()
    assert other is not None
    mine = generations.token([generations.organisation(rep.organisation_id)])
    client_side = generations.token([generations.organisation(other.client_id)])
    oversight_request_issue(actor=demo["officer"], contract=other, kind="report", subject="別の契約",
                            body="報告してください。", issued_on=timezone.localdate(), due_on=timezone.localdate())
    assert generations.token([generations.organisation(rep.organisation_id)]) == mine
    assert generations.token([generations.organisation(other.client_id)]) != client_side


def test_a_membership_removed_outside_the_services_renews_the_page(client, demo):
    """The admin site saves rows without a journal event: the row's contract starts a new generation."""
    contract = make_contract(demo)
    client.force_login(demo["worker1"])
    _home(client)
    before = generations.token([generations.organisation(demo["worker1"].organisation_id)])
    Membership.objects.filter(contract=contract, user=demo["worker1"], role=Role.WORKER).delete()
    assert generations.token([generations.organisation(demo["worker1"].organisation_id)]) != before


def test_each_language_and_each_person_has_its_own_page(client, demo, monkeypatch):
    calls = _computed(monkeypatch)
    for name in ("officer", "inspector"):
        client.force_login(demo[name])
        _home(client)
    client.force_login(demo["officer"])
    client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert calls == ["officer", "inspector", "officer"]
    assert 'lang="en"' in english


def test_without_the_cache_the_pages_are_computed_and_changes_saved(client, demo, monkeypatch, caplog):
    """The cache is a help, never a condition: when it cannot be reached, わたしの仕事 is computed and a
    service saves its change all the same, and the failure is logged."""
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    for method in ("get", "get_many", "add", "set", "delete_many"):
        monkeypatch.setattr(cache, method, down)
    calls = _computed(monkeypatch)
    contract = make_contract(demo)
    oversight_request_issue(actor=demo["officer"], contract=contract, kind="report", subject="監督の報告",
                            body="報告してください。", issued_on=timezone.localdate(), due_on=timezone.localdate())
    client.force_login(demo["rep"])
    assert "監督の報告" in _home(client)[0]
    assert calls == ["rep"]
    assert "the cache could not" in caplog.text
