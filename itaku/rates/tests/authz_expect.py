"""Who may reach each rates URL (see itaku/api/tests/authz.py)."""

from itaku.api.tests.authz import api, by_role, logged_in, page


def _contract(contract, which):
    return {"contract_pk": contract.pk}


def _rate(contract, which):
    from itaku.rates.models import Rate

    return {"pk": Rate.objects.order_by("pk").values_list("pk", flat=True).first()}


EXPECT = {
    # The calculator and the tables are public law: anyone logged in.
    "rates:calc": (None, {"get": page(), "post": logged_in(405)}),
    # Without the calculation's input the sheet answers the calculator with its errors.
    "rates:calc-sheet": (None, {"get": page(400), "post": logged_in(405)}),
    "rates:list": (None, {"get": page(), "post": logged_in(405)}),
    # K-12: only the contract's officers set the rate it states (an empty form clears it).
    "rates:contract-rate": (_contract, {"get": logged_in(405), "post": by_role(302, "officer")}),
    "api:calc-list": (None, {"get": api(), "post": api(405)}),
    # Without query parameters the calculations answer 400 (what is missing).
    "api:calc-tax": (None, {"get": api(400), "post": api(405)}),
    "api:calc-interest": (None, {"get": api(400), "post": api(405)}),
    "api:calc-penalty": (None, {"get": api(400), "post": api(405)}),
    "api:rate-list": (None, {"get": api(), "post": api(405)}),
    # A rate row belongs to no contract: everyone logged in reads it, whichever contract the walk is on.
    "api:contract-rate-detail": ("pk", {"get": api(), "post": logged_in(405, anon=403)}),
    # An empty body clears the contract's own rate: the officer may; others who see it are refused.
    "api:contract-rate-set": ("pk", {"get": logged_in(405, anon=403), "post": by_role(200, "officer", anon=403)}),
    "api:rate-detail": (_rate, {"get": logged_in(200, anon=403), "post": logged_in(405, anon=403)}),
}
