"""Walk every URL pattern of the site and the API, with GET and POST, as every demo user and as an
anonymous visitor.

Every named pattern must have an expectation here; a new URL without one fails the test. Objects
outside one's view answer 404, not 403.
"""

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from itaku.contracts.models import Contract

from .authz import ANON, SEED, USERS, always, api, by_role, logged_in, officer_only, page


def walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name or ''}", p


# name -> (URL arguments, {method: expectation(user, which)})
EXPECT = {
    "healthz": (None, {"get": always(200), "post": always(405)}),
    "login": (None, {"get": lambda u, w: 200 if u is ANON else 302, "post": lambda u, w: 200 if u is ANON else 302}),
    "logout": (None, {"get": always(405), "post": always(302)}),
    "password_change": (None, {"get": page(), "post": page()}),
    "password_change_done": (None, {"get": page(), "post": page(405)}),
    "set_language": (None, {"get": always(302), "post": always(302)}),
    "contracts:list": (None, {"get": page(), "post": logged_in(405)}),
    "contracts:create": (None, {"get": officer_only(200), "post": officer_only(200)}),
    "contracts:detail": ("pk", {"get": page(), "post": logged_in(405)}),
    # The demo contracts are in force already: the officer is told so on the page (K-end).
    "contracts:activate": ("pk", {"get": logged_in(405), "post": by_role(302, "officer")}),
    "api:contract-activate": ("pk", {"get": logged_in(405, anon=403), "post": by_role(400, "officer", anon=403)}),
    "contracts:specification": ("pk", {"get": lambda u, w: page()(u, w) if w == "seed" or u is ANON else 404,
                                       "post": logged_in(405)}),
    "contracts:document": ("pk+fmt", {"get": logged_in(405), "post": page()}),
    "api:root": (None, {"get": api(), "post": api(405)}),
    "api:token": (None, {"get": always(405), "post": always(400)}),
    "api:contract-list": (None, {"get": api(), "post": officer_only(400, anon=403)}),
    "api:contract-detail": ("pk", {"get": api(), "post": logged_in(405, anon=403)}),
    "api:contract-document": ("pk+fmt", {"get": logged_in(405, anon=403), "post": api()}),
    "api-schema": (None, {"get": api(), "post": api(405)}),
    "api-docs": (None, {"get": api(), "post": api(405)}),
}

# Each app lists its own URLs (see ``authz``).
EXPECT_MODULES = ["itaku.obligations.tests.authz_expect", "itaku.rates.tests.authz_expect",
                  "itaku.consents.tests.authz_expect", "itaku.oversight.tests.authz_expect",
                  "itaku.contracts.tests.authz_expect", "itaku.contracts.tests.authz_expect_termination",
                  "itaku.accounts.tests.authz_expect", "itaku.documents.tests.authz_expect",
                  "itaku.personnel.tests.authz_expect", "itaku.privacy.tests.authz_expect",
                  "itaku.security.tests.authz_expect", "itaku.security.tests.authz_expect_questionnaire",
                  "itaku.incidents.tests.authz_expect"]
MODULES = [import_module(name) for name in EXPECT_MODULES]
for module in MODULES:
    assert not set(module.EXPECT) & set(EXPECT), f"{module.__name__} repeats a URL name"
    EXPECT.update(module.EXPECT)

ADMIN_KWARGS = {"app_label": "accounts", "object_id": "1", "id": "1", "content_type_id": 1, "url": "nothing/"}


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def url_name(key: str) -> str:
    """``"contracts:section[consents]"`` → ``"contracts:section"``."""
    return key.split("[", 1)[0]


def test_every_url_has_an_expectation():
    names = {url_name(key) for key in EXPECT}
    unknown = [str(p.pattern) for name, p in all_patterns() if name not in names and not name.startswith("admin:")]
    assert unknown == [], f"URLs without an expectation in the authorization test: {unknown}"


def test_every_section_of_the_contract_hub_has_an_expectation():
    from itaku.contracts import panels

    missing = [p.key for p in panels.tabbed() if f"contracts:section[{p.key}]" not in EXPECT]
    assert missing == [], f"Sections without an expectation in the authorization test: {missing}"


@pytest.fixture
def fast_documents(monkeypatch):
    """The walk tests who may reach each URL; rendering is proven in the documents tests."""
    from itaku.documents.renderers import registry

    def render(contract, journal_head, source=None):
        return "x.pdf", "application/pdf", b"%PDF"

    monkeypatch.setattr(registry, "get", lambda key: render)


@pytest.mark.parametrize("user", [ANON, *USERS])
def test_site_and_api(client, demo, user, fast_documents):
    contracts = {
        "seed": Contract.objects.get(title=SEED),
        "other": Contract.objects.filter(contractor__name__startswith="有限会社サンプル企画").get(),
    }
    for module in MODULES:
        if hasattr(module, "prepare"):
            module.prepare(demo, contracts)
    failures = []
    for key, (args, methods) in EXPECT.items():
        name = url_name(key)
        for method, expect in methods.items():
            for which in (["seed", "other"] if args else [None]):
                if callable(args):
                    kwargs = args(contracts[which], which)
                else:
                    kwargs = {"pk": contracts[which].pk} if args else {}
                if args == "pk+fmt":
                    kwargs["fmt"] = "pdf"
                client.logout()
                if user is not ANON:
                    client.force_login(demo[user])
                response = getattr(client, method)(reverse(name, kwargs=kwargs))
                wanted = expect(user, which)
                if response.status_code != wanted:
                    failures.append(f"{method.upper()} {key} [{which}] as {user}: "
                                    f"{response.status_code}, expected {wanted}")
    assert failures == []


@pytest.mark.parametrize("user", [ANON, *USERS])
def test_admin_is_for_staff_only(client, demo, user):
    """No demo user is staff: every admin page sends them to the admin login."""
    if user is not ANON:
        client.force_login(demo[user])
    failures = []
    for name, p in all_patterns():
        if not name.startswith("admin:") or name == "admin:":
            continue  # unnamed admin patterns redirect to named ones
        kwargs = {k: v for k, v in ADMIN_KWARGS.items() if k in p.pattern.regex.groupindex}
        response = client.get(reverse(name, kwargs=kwargs))
        wanted = 200 if name == "admin:login" else 302
        if response.status_code != wanted:
            failures.append(f"{name} as {user}: {response.status_code}")
    assert failures == []
