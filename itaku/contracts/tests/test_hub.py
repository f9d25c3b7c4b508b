"""The contract as a hub: one header, 次にすること, the tabs, and one section per URL, each kept short."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itaku.contracts import panels
from itaku.contracts.models import Contract
from itaku.core import generations
from itaku.core.tests.html import unwrapped
from itaku.core.tests.queries import page_queries
from itaku.journal.actions import all_fact_dates, all_labels, fact_date
from itaku.journal.models import Event

from .test_lifecycle import make_contract

SEED = "ひきこもり支援Web広告業務"
USERS = ["officer", "inspector", "accountant", "auditor", "rep", "privacy", "security", "worker1", "worker2",
         "outsider"]


def get(client, contract, key=panels.OVERVIEW, **params):
    return client.get(panels.section_url(contract.pk, key), params)


def test_every_page_of_the_hub_has_the_header_next_steps_and_tabs_in_order(client, demo):
    seed = Contract.objects.get(title=SEED)
    client.force_login(demo["auditor"])
    keys = [panels.OVERVIEW] + [p.key for p in panels.tabbed()]
    # The sections of the foundation keep their order; each app's section takes its place among them.
    known = ["overview", "obligations", "oversight", "consents", "personnel", "lifecycle", "termination",
             "documents", "timeline"]
    assert [key for key in keys if key in known] == known
    for key in keys:
        response = get(client, seed, key)
        assert response.status_code == 200, key
        html = response.content.decode()
        main = unwrapped(html[html.index('<main'):])
        # the header, then 次にすること, then the tabs, then the section
        assert main.index("<h1>") < main.index('id="next-title"') < main.index('class="tabs"')
        assert "金3,300,000円（うち消費税及び地方消費税額300,000円）" in main
        assert "令和5年6月1日～令和6年3月31日" in main
        tabs = main[main.index('class="tabs"'):main.index("</nav>", main.index('class="tabs"'))]
        hrefs = re.findall(r'href="([^"]+)"', tabs)
        assert hrefs == [panels.section_url(seed.pk, k) for k in keys]
        assert tabs.count('aria-current="page"') == 1
        assert f'href="{panels.section_url(seed.pk, key)}" aria-current="page"' in tabs
    # the old single page's table of contents is gone
    assert "page-toc" not in get(client, seed).content.decode()


def test_unknown_sections_and_parts_without_a_tab_are_not_pages(client, demo):
    seed = Contract.objects.get(title=SEED)
    client.force_login(demo["officer"])
    assert client.get(f"/contracts/{seed.pk}/nothing/").status_code == 404
    # The late-payment rate is part of 「完了・検査・支払」: it has no tab, and its URL is that section's.
    assert panels.get("rates") is None and panels.section_url(seed.pk, "rates", "late-payment-rate") == \
        panels.section_url(seed.pk, "lifecycle") + "#late-payment-rate"
    html = get(client, seed, "lifecycle").content.decode()
    assert html.index('id="lifecycle-title"') < html.index('id="late-payment-rate-title"')
    # the other apps' URLs under contracts/<pk>/ are not taken for sections
    assert client.get(reverse("rates:contract-rate", args=[seed.pk])).status_code == 405


def test_a_section_may_be_hidden_from_some_users(client, demo, monkeypatch):
    seed = Contract.objects.get(title=SEED)
    documents = panels._PANELS["documents"]
    hidden = panels.Panel(**{**documents.__dict__, "visible": lambda request, contract: request.user.username == "rep"})
    monkeypatch.setitem(panels._PANELS, "documents", hidden)
    client.force_login(demo["auditor"])
    assert get(client, seed, "documents").status_code == 404
    assert panels.section_url(seed.pk, "documents") not in get(client, seed).content.decode()
    client.force_login(demo["rep"])
    assert get(client, seed, "documents").status_code == 200
    assert panels.section_url(seed.pk, "documents") in get(client, seed).content.decode()


def test_clauses_stay_behind_a_disclosure_on_the_overview(client, demo):
    seed = Contract.objects.get(title=SEED)
    client.force_login(demo["rep"])
    html = get(client, seed).content.decode()
    details = html[html.index('<details class="clauses-all"'):html.index("</details>", html.index("clauses-all"))]
    assert "K-14-1-5-カ" in details and "P-6-7" in details and "S-8-6" in details
    assert "<details class=\"clauses-all\" id=\"clauses\" open" not in html


# -- The frequent act is prominent, the rare ones open from a button ----------------------------------

def _first_form_action(html: str, section_id: str) -> str | None:
    part = html[html.index(f'id="{section_id}-title"'):]
    found = re.search(r'<form method="post" action="([^"]+)"', part)
    return found.group(1) if found else None


@pytest.mark.clause("K-11")
def test_the_act_the_state_calls_for_is_the_first_form_of_its_section(client, demo):
    contract = make_contract(demo)  # active: the representative reports completion
    client.force_login(demo["rep"])
    html = get(client, contract, "lifecycle").content.decode()
    completion = reverse("contracts:lifecycle-completion", args=[contract.pk])
    assert _first_form_action(html, "lifecycle") == completion
    assert html.index('id="completion"') < html.index('id="lifecycle-reports-title"')
    leaflet = Contract.objects.get(title__startswith="ひきこもり支援リーフレット")  # a report waits for inspection
    client.force_login(demo["inspector"])
    html = get(client, leaflet, "lifecycle").content.decode()
    assert _first_form_action(html, "lifecycle") == reverse("contracts:lifecycle-inspection", args=[leaflet.pk])
    assert html.index('id="inspection"') < html.index('id="lifecycle-reports-title"')


@pytest.mark.clause("K-13")
@pytest.mark.clause("K-14")
@pytest.mark.clause("K-15")
@pytest.mark.clause("K-16")
def test_rare_acts_open_from_a_button_to_their_own_page(client, demo):
    current = Contract.objects.get(title__startswith="ひきこもり支援Web広告業務（")
    rare = {"rep": ["contracts:force-majeure-create", "contracts:damage-create"],
            "officer": ["contracts:termination-create", "contracts:damage-create"]}
    for username, names in rare.items():
        client.force_login(demo[username])
        html = get(client, current, "termination").content.decode()
        for name in names:
            url = reverse(name, args=[current.pk])
            assert f'href="{url}"' in html and f'action="{url}"' not in html
            page = client.get(url)  # GET shows the form on its own page
            assert page.status_code == 200 and 'method="post"' in page.content.decode()
    # waiving a deadline: a disclosure, closed by default
    client.force_login(demo["officer"])
    html = get(client, current, "obligations").content.decode()
    assert '<details class="disclosure"><summary>' in html and "<details open" not in html


# -- No section grows taller than a few screens --------------------------------------------------------

# The weight of what a section shows, outside closed disclosures: a row of a table or list, a term of a
# description list, a heading or a paragraph is one line; a field of a form two; a text area four.
# 2,304 px (three screens at 1366×768) hold about 48 such lines with the header, 次にすること and the tabs;
# the clause list alone (119 items) weighs more than twice that, which is why it stays behind a disclosure.
BUDGET = 48
WEIGHTS = {r"<tr\b": 1, r"<li\b": 1, r"<dt\b": 1, r"<h[23]\b": 1, r"<p\b": 1,
           r'<input(?![^>]*type="(?:hidden|radio|checkbox)")': 2, r"<select\b": 2, r"<textarea\b": 4}


def weight(html: str) -> int:
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r"<details\b(?![^>]*\bopen\b).*?</details>", "", main, flags=re.S)
    # The tabs are a row that wraps (at 1366 px, the sections' dozen tabs take two lines), not a line each:
    # a new section's tab must not push every other page over the budget.
    main = re.sub(r'<nav class="tabs".*?</nav>', "<p></p><p></p>", main, flags=re.S)
    return sum(w * len(re.findall(pattern, main)) for pattern, w in WEIGHTS.items())


def test_no_section_of_the_demo_is_longer_than_three_screens(client, demo):
    heavy = {}
    for username in USERS:
        client.force_login(demo[username])
        for contract in Contract.objects.all():
            for key in [panels.OVERVIEW] + [p.key for p in panels.tabbed()]:
                response = get(client, contract, key)
                if response.status_code == 404:
                    continue
                w = weight(response.content.decode())
                if w > BUDGET:
                    heavy[f"{username} {contract.pk} {key}"] = w
    assert heavy == {}


def test_lists_of_the_sections_are_paginated(client, demo):
    from itaku.contracts.timeline import PER_PAGE

    contract = make_contract(demo)
    _events(demo, contract, PER_PAGE + 5)
    client.force_login(demo["auditor"])
    html = get(client, contract, "timeline").content.decode()
    assert html.count('class="timeline__item"') == PER_PAGE and 'rel="next"' in html
    assert weight(html) <= BUDGET
    html = get(client, contract, "timeline", page=2).content.decode()
    assert 'rel="prev"' in html and html.count('class="timeline__item"') >= 5


# -- The timeline --------------------------------------------------------------------------------------

def _events(demo, contract, n):
    """``n`` deadlines opened and waived: ``n`` events on the timeline, ``n`` rows of 期限."""
    from django.db import transaction

    from itaku.obligations.services import obligation_open, obligation_waive

    for i in range(n):
        with transaction.atomic():
            o = obligation_open(contract=contract, source=contract, kind=f"test-{i}", clause="K-10",
                                title=f"確認用の期限{i}", due_on=dt.date(2024, 5, 1), role="representative")
        obligation_waive(actor=demo["officer"], obligation=o, reason=f"理由{i}")


def test_the_timeline_names_people_and_dates_the_facts(client, demo):
    seed = Contract.objects.get(title=SEED)
    client.force_login(demo["rep"])
    # The annexes' demo adds today's events on top: read the pages until the 2023–2024 facts are in.
    html = ""
    for page in range(1, 6):
        html += get(client, seed, "timeline", page=page).content.decode()
        if "2024-03-25" in html:
            break
    items = re.findall(r'<li class="timeline__item"[^>]*>(.*?)</li>', html, flags=re.S)
    payment = next(i for i in items if "支払を記録しました" in i)
    event = Event.objects.get(contract=seed, action="contracts.payment.recorded")
    paid_on = dt.date.fromisoformat(event.data["paid_on"])
    # the day of the payment first, then who recorded it (氏名 and organisation) and when
    assert payment.index('datetime="2024-05-10"') < payment.index("会計 三子") < payment.index(" 記録</span>")
    assert paid_on == dt.date(2024, 5, 10) and "令和6年5月10日" in payment and "（山梨県）" in payment
    assert "accountant" not in payment and "#" not in re.sub(r"<[^>]+>", "", payment)
    assert f'data-seq="{event.seq}"' in html  # the record's number stays as data, not as text
    # the latest fact first, whenever it was recorded
    days = re.findall(r'<time class="timeline__time" datetime="([0-9-]{10})', html)
    assert len(days) == len(items) and days == sorted(days, reverse=True)
    assert days.index("2024-05-10") < days.index("2024-03-25")  # the payment after the completion report


def test_every_dated_action_names_a_key_its_events_carry(client, demo):
    """Each FACT_DATES entry names a known action, and the demo's events of that action carry the date."""
    keys = all_fact_dates()
    assert set(keys) <= set(all_labels())
    seen = set()
    for event in Event.objects.filter(action__in=keys):
        assert fact_date(event.action, event.data) is not None, (event.action, event.data)
        seen.add(event.action)
    assert {"contracts.completion.reported", "contracts.inspection.passed", "contracts.payment.recorded",
            "consents.request.approved", "oversight.request.issued"} <= seen
    assert fact_date("contracts.contract.created", {"signed_on": "2024-04-01"}) is None  # a fact of its moment
    assert fact_date("contracts.payment.recorded", {"paid_on": "not a date"}) is None


# -- Query counts ----------------------------------------------------------------------------------------

def _documents(demo, contract, n):
    from itaku.documents.services import document_generate

    for _i in range(n):
        document_generate(actor=demo["officer"], contract=contract, kind="contract", fmt="pdf")


@pytest.mark.parametrize("username", ["officer", "rep"])
def test_each_section_keeps_a_constant_number_of_queries(client, demo, username, monkeypatch):
    from itaku.documents.renderers import registry

    monkeypatch.setattr(registry, "get", lambda key: lambda contract, journal_head, source=None:
                        ("x.pdf", "application/pdf", b"%PDF"))
    contract = make_contract(demo)
    client.force_login(demo[username])
    _events(demo, contract, 2)
    _documents(demo, contract, 2)
    keys = [panels.OVERVIEW] + [p.key for p in panels.tabbed()]
    few = {key: _computed_queries(client, contract, key) for key in keys}
    _events(demo, contract, 30)
    _documents(demo, contract, 30)
    many = {key: _computed_queries(client, contract, key) for key in keys}
    assert many == few
    # The header, the tabs' badges (one query for all) and 次にすること (the contract's state and the
    # user's roles known once, so each provider asks only what that state allows) are shared by every
    # section: the overview stays within HUB_QUERIES, each section within a few of its own more (the most:
    # the security section, whose seven parts of annex 2 each read their own table once).
    assert few[panels.OVERVIEW] <= HUB_QUERIES, few
    assert max(few.values()) <= HUB_QUERIES + SECTION_QUERIES, few


# The session, the user, the contract with its members, the badges (one query), 次にすること (one query per
# provider at most: the providers of annex 1 take the user's roles from the contract's members, and
# personnel's reads the briefings and dispatch confirmations with the entries; annex 2's self-assessment
# sheet asks one, the incidents one) and the clauses.
HUB_QUERIES = 18
SECTION_QUERIES = 8  # the most a section reads beyond the hub's


def test_the_hub_shares_its_header_and_next_steps_across_sections(client, demo):
    """The tabs' badges are counted in one query, and 次にすること asks each provider no more than the
    contract's state allows: the overview of a contract in its course reads no more than HUB_QUERIES."""
    from itaku.obligations.services import obligation_open

    contract = make_contract(demo)
    client.force_login(demo["officer"])
    for i in range(3):
        obligation_open(contract=contract, clause="K-10", kind="test.hub", title=f"回答{i}", role="representative",
                        due_on=dt.date.today() + dt.timedelta(days=i), source=contract)
    html = get(client, contract, panels.OVERVIEW).content.decode()
    assert "期限" in html
    assert _computed_queries(client, contract, panels.OVERVIEW) <= HUB_QUERIES


def _computed_queries(client, contract, key) -> int:
    """The queries of a page of the hub with its tabs and next steps computed, not read from the cache."""
    generations.start([generations.EVERYTHING])
    with CaptureQueriesContext(connection) as captured:
        assert get(client, contract, key).status_code == 200
    return len(page_queries(captured.captured_queries))


def test_the_tabs_and_next_steps_are_computed_once_per_generation_of_the_contract(client, demo):
    """A second visit reads the tabs and 次にすること from the cache; a new obligation on the contract (a row
    of the contract saved) starts a new generation, and the next visit shows it."""
    from itaku.obligations.services import obligation_open

    contract = make_contract(demo)
    client.force_login(demo["rep"])
    computed = _computed_queries(client, contract, panels.OVERVIEW)
    with CaptureQueriesContext(connection) as captured:
        html = get(client, contract, panels.OVERVIEW).content.decode()
    assert len(page_queries(captured.captured_queries)) <= computed - 5
    assert "回答書の提出" not in html
    obligation_open(contract=contract, clause="K-10", kind="test.hub", title="回答書の提出", role="representative",
                    due_on=dt.date.today(), source=contract)
    assert "回答書の提出" in get(client, contract, panels.OVERVIEW).content.decode()


# -- The section 「文書」 --------------------------------------------------------------------------------

def test_documents_section_lists_what_was_generated_and_gives_it_back(client, demo, monkeypatch):
    from itaku.documents.models import GeneratedDocument
    from itaku.documents.renderers import registry

    monkeypatch.setattr(registry, "get", lambda key: lambda contract, journal_head, source=None:
                        (f"contract-{contract.pk}.pdf", "application/pdf", b"%PDF-1.4 test"))
    seed = Contract.objects.get(title=SEED)
    other = Contract.objects.get(title__startswith="ひきこもり支援相談窓口周知チラシ")
    _documents(demo, seed, 1)
    _documents(demo, other, 1)
    document = GeneratedDocument.objects.filter(contract=seed).latest("id")
    client.force_login(demo["rep"])
    html = get(client, seed, "documents").content.decode()
    url = reverse("contracts:generated-document", args=[seed.pk, document.pk])
    assert url in html and "契約書（PDF）" in html and document.sha256[:16] in html and "契約 一郎" in html
    assert reverse("contracts:document", args=[seed.pk, "pdf"]) in html  # generate the contract again
    response = client.get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 test"
    # a document of another contract is not reached through this one, nor by who does not see it
    foreign = GeneratedDocument.objects.filter(contract=other).latest("id")
    assert client.get(reverse("contracts:generated-document", args=[seed.pk, foreign.pk])).status_code == 404
    assert client.get(reverse("contracts:generated-document", args=[other.pk, foreign.pk])).status_code == 404


def test_next_steps_show_the_most_urgent_and_link_to_the_rest(client, demo):
    from django.db import transaction

    from itaku.contracts.views import NEXT_STEPS_SHOWN
    from itaku.obligations.services import obligation_open

    contract = make_contract(demo)
    with transaction.atomic():
        for i in range(NEXT_STEPS_SHOWN + 3):
            obligation_open(contract=contract, source=contract, kind=f"test-{i}", clause="K-10",
                            title=f"確認用の期限{i}", due_on=dt.date(2030, 1, 1 + i), role="representative")
    client.force_login(demo["rep"])
    html = get(client, contract, "timeline").content.decode()
    block = html[html.index('id="next-title"'):html.index('class="tabs"')]
    assert block.count('class="next-steps__item') == NEXT_STEPS_SHOWN
    assert "確認用の期限0" in block and f"確認用の期限{NEXT_STEPS_SHOWN + 2}" not in block  # the earliest first
    assert f'href="{reverse("home")}"' in block and "ほかに" in block


def test_a_section_read_from_the_cache_carries_the_requests_own_csrf_token(demo):
    """A section's HTML is kept per generation of the contract's pages; its forms get the CSRF token of
    each request, and a form of the second (cached) page posts."""
    from django.test import Client

    from itaku.contracts.views import CSRF_HOLE
    from itaku.obligations.services import obligation_open

    contract = make_contract(demo)
    obligation = obligation_open(contract=contract, clause="K-10", kind="test.hub", title="回答書の提出",
                                 role="representative", due_on=dt.date.today(), source=contract)
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["officer"])
    pages = [get(client, contract, "obligations").content.decode() for _ in range(2)]
    with CaptureQueriesContext(connection) as captured:
        pages.append(get(client, contract, "obligations").content.decode())
    assert len(page_queries(captured.captured_queries)) <= 8  # the section read, not computed
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for html in pages]
    assert all(tokens) and not any(CSRF_HOLE in html for html in pages)
    assert tokens[1][0] != tokens[2][0]  # masked anew for each request
    response = client.post(reverse("obligations:waive", args=[obligation.pk]),
                           {"reason": "仕様の変更により不要となったため。", "csrfmiddlewaretoken": tokens[2][-1]})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.state == "waived"
    assert "仕様の変更により不要となったため。" in get(client, contract, "obligations").content.decode()
