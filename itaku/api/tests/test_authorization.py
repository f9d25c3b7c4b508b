"""Walk every URL pattern of the site and the API, as every demo user and as an anonymous visitor.

Every named pattern must have an expectation here; a new URL without one fails the test. Objects
outside one's view answer 404, not 403.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from itaku.contracts.models import Contract

CLIENT = {"officer", "inspector", "accountant", "auditor"}
SAMPLE_CONTRACTOR = {"rep", "privacy", "security", "worker1", "worker2"}
USERS = sorted(CLIENT | SAMPLE_CONTRACTOR | {"outsider"})
ANON = None


def walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name or ''}", p


def sees(user, which):
    """Whether ``user`` may see the seed contract or the other one."""
    if user in CLIENT:
        return True
    if user in SAMPLE_CONTRACTOR:
        return which == "seed"
    return user == "outsider" and which == "other"


def page(user, which=None, ok=200):
    """A page: anonymous visitors go to the login page; out-of-view objects are 404."""
    if user is ANON:
        return 302
    if which is not None and not sees(user, which):
        return 404
    return ok


def api(user, which=None, ok=200):
    if user is ANON:
        return (401, 403)
    if which is not None and not sees(user, which):
        return 404
    return ok


def officer_only(user, which=None):
    if user is ANON:
        return 302
    return 200 if user == "officer" else 403


# name -> (kwargs builder, expectation(user, which))
EXPECT = {
    "home": (None, lambda u, w: 302),
    "healthz": (None, lambda u, w: 200),
    "login": (None, lambda u, w: 200 if u is ANON else 302),
    "logout": (None, lambda u, w: 405),
    "password_change": (None, lambda u, w: page(u)),
    "password_change_done": (None, lambda u, w: page(u)),
    "set_language": (None, lambda u, w: 302),
    "contracts:list": (None, lambda u, w: page(u)),
    "contracts:create": (None, officer_only),
    "contracts:detail": ("pk", lambda u, w: page(u, w)),
    "contracts:specification": ("pk", lambda u, w: page(u, w) if w == "seed" or page(u, w) != 200 else 404),
    "contracts:document": ("pk+fmt", lambda u, w: page(u, w)),
    "api:root": (None, lambda u, w: api(u)),
    "api:token": (None, lambda u, w: 405),
    "api:contract-list": (None, lambda u, w: api(u)),
    "api:contract-detail": ("pk", lambda u, w: api(u, w)),
    "api:contract-document": ("pk+fmt", lambda u, w: api(u, w)),
    "api-schema": (None, lambda u, w: api(u)),
    "api-docs": (None, lambda u, w: api(u)),
}

ADMIN_KWARGS = {"app_label": "accounts", "object_id": "1", "id": "1", "content_type_id": 1, "url": "nothing/"}


def admin_expectation(name, user):
    """The admin is for staff only; no demo user is staff."""
    if name == "admin:login":
        return 200
    return 302


def all_patterns():
    return [(name, p) for name, p in walk(get_resolver().url_patterns)]


def test_every_url_has_an_expectation():
    unknown = [str(p.pattern) for name, p in all_patterns()
               if name not in EXPECT and not name.startswith("admin:")]
    assert unknown == [], f"URLs without an expectation in the authorization test: {unknown}"


def _cases():
    for name, (args, _expect) in EXPECT.items():
        whiches = ["seed", "other"] if args else [None]
        for which in whiches:
            yield name, which


@pytest.fixture
def fast_documents(monkeypatch):
    """The walk tests who may reach each URL; rendering is proven in the documents tests."""
    from itaku.documents.renderers import registry

    def render(contract, journal_head):
        return "x.pdf", "application/pdf", b"%PDF"

    monkeypatch.setattr(registry, "get", lambda key: render)


@pytest.mark.parametrize("user", [ANON, *USERS])
def test_site_and_api(client, demo, user, fast_documents):
    contracts = {
        "seed": Contract.objects.get(title="ひきこもり支援Web広告業務").pk,
        "other": Contract.objects.exclude(title="ひきこもり支援Web広告業務").get().pk,
    }
    if user is not ANON:
        client.force_login(demo[user])
    failures = []
    for name, which in _cases():
        args, expect = EXPECT[name]
        kwargs = {}
        if args:
            kwargs["pk"] = contracts[which]
        if args == "pk+fmt":
            kwargs["fmt"] = "pdf"
        response = client.get(reverse(name, kwargs=kwargs))
        wanted = expect(user, which)
        wanted = wanted if isinstance(wanted, tuple) else (wanted,)
        if response.status_code not in wanted:
            failures.append(f"{name} [{which}] as {user}: {response.status_code}, expected {wanted}")
    assert failures == []


@pytest.mark.parametrize("user", [ANON, "officer", "rep", "outsider"])
def test_admin_is_for_staff_only(client, demo, user):
    if user is not ANON:
        client.force_login(demo[user])
    failures = []
    for name, p in all_patterns():
        if not name.startswith("admin:") or name == "admin:":
            continue  # unnamed admin patterns redirect to named ones
        kwargs = {k: v for k, v in ADMIN_KWARGS.items() if k in p.pattern.regex.groupindex}
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code != admin_expectation(name, user):
            failures.append(f"{name} as {user}: {response.status_code}")
    assert failures == []
