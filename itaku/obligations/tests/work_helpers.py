"""Helpers for the tests of work items (each app's providers are tested in its own tests)."""

from django.urls import resolve

from itaku.obligations.work import items_for


def items(user, contract=None, *, kind=None):
    """The work items of ``user`` (on ``contract``), of ``kind`` if given."""
    return [i for i in items_for(user, contract=contract) if kind is None or i.kind == kind]


def one(user, contract, kind):
    found = items(user, contract, kind=kind)
    assert len(found) == 1, found
    return found[0]


def opens_form(client, user, url, marker) -> str:
    """The link resolves, and the page it opens shows ``user`` the form (``marker`` is in it)."""
    resolve(url.split("#")[0].split("?")[0])
    client.force_login(user)
    response = client.get(url.split("#")[0])
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert marker in html, marker
    return html


def refused(client, user, url) -> int:
    client.force_login(user)
    return client.get(url.split("#")[0]).status_code
