"""Who may reach each obligations URL (see itaku/api/tests/authz.py)."""

import datetime as dt

from django.db import transaction

from itaku.accounts.choices import Role
from itaku.api.tests.authz import always, api, by_role, logged_in, page, section


def prepare(demo, contracts):
    from itaku.obligations.services import obligation_open

    with transaction.atomic():
        for contract in contracts.values():
            obligation_open(contract=contract, clause="K-10", kind="authz.walk", title="walk", role=Role.REPRESENTATIVE,
                            due_on=dt.date(2026, 1, 1), source=contract)


def _obligation(contract, which):
    return {"pk": contract.obligations.get(kind="authz.walk").pk}


EXPECT = {
    # The contract hub's section (panels.py): everyone who sees the contract.
    "contracts:section[obligations]": (section("obligations"), {"get": page(), "post": logged_in(405)}),
    "home": (None, {"get": page(), "post": logged_in(405)}),
    # The full list behind a section of わたしの仕事: everyone's own list.
    "obligations:work": (None, {"get": page(), "post": logged_in(405)}),
    # An empty reason is refused on the page with a message: the officer is sent back to the contract.
    "obligations:waive": (_obligation, {"get": logged_in(405), "post": by_role(302, "officer")}),
    "obligations:calendar": (None, {"get": page(), "post": page(302)}),
    "obligations:feed": (lambda c, w: {"token": "no-such-token"}, {"get": always(404), "post": always(405)}),
    "api:obligation-list": (None, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:obligation-detail": (_obligation, {"get": api(), "post": logged_in(405, anon=403)}),
    # Everything waiting for a person, on the contracts the user takes part in (empty for others).
    "api:work-list": (None, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:obligation-waive": (_obligation, {"get": logged_in(405, anon=403), "post": by_role(400, "officer", anon=403)}),
}
