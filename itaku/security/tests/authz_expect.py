"""Who may reach each URL of annex 2 (see itaku/api/tests/authz.py).

Everyone who sees the contract sees the section 情報セキュリティ. The forms open for the roles that act:
the representative and the security officer (assets, premises, the declaration), the representative (the
security officer, the notice), the representative and the privacy officer (education, as annex 1's
training), the client's officer (the policy versions). Posted empty, a form answers 400 to those and 403
to the others. The assets, the notice and the premises entry of the demo are on the seed contract: visited
through the other contract they are not found.
"""

from itaku.api.tests.authz import ANON, api, by_role, logged_in, page, section, sees

MANAGERS = ("representative", "security_officer")
API_405 = logged_in(405, anon=403)


def _asset_pk():
    from ..demo import TAKEOUT_ASSET
    from ..models import InformationAsset

    return InformationAsset.objects.get(name=TAKEOUT_ASSET).pk


def _contract_args(contract, which):
    return {"contract_pk": contract.pk}


def _asset_args(contract, which):
    return {"contract_pk": contract.pk, "pk": _asset_pk()}


def _notice_args(contract, which):
    from ..models import PeopleNotice

    return {"contract_pk": contract.pk, "pk": PeopleNotice.objects.get(number=1).pk}


def _premises_args(contract, which):
    from ..models import PremisesEntry

    return {"contract_pk": contract.pk, "pk": PremisesEntry.objects.get(user__username="worker1").pk}


def on_seed(expect, anon=302):
    """``expect`` for an object of the seed contract; through the other contract it is not found."""
    def wrapped(user, which):
        if user is ANON:
            return anon
        if which == "other":
            return 404
        return expect(user, "seed")
    return wrapped


def api_seed(expect):
    """The API reaches the seed contract's object by its id, whichever contract is visited."""
    return lambda user, which: expect(user, "seed")


def person(ok, username, anon=302):
    """Only ``username`` acts; the others who see the contract are refused."""
    def expect(user, which):
        if user is ANON:
            return anon
        if not sees(user, which):
            return 404
        return ok if user == username else 403
    return expect


def _form(*roles):
    return {"get": by_role(200, *roles), "post": by_role(400, *roles)}


EXPECT = {
    "contracts:section[security]": (section("security"), {"get": page(), "post": logged_in(405)}),
    "security:asset_create": (_contract_args, _form(*MANAGERS)),
    "security:asset_close": (_asset_args, {"get": on_seed(by_role(200, *MANAGERS)),
                                           "post": on_seed(by_role(400, *MANAGERS))}),
    "security:officer_appoint": (_contract_args, _form("representative")),
    # The representative's notice: on the seed contract a new one (as things stand); on the other one it is
    # refused (no security officer yet) and said on the section.
    "security:notice_submit": (_contract_args, {"get": logged_in(405), "post": by_role(302, "representative")}),
    # Received already: the officer is told so on the section.
    "security:notice_receive": (_notice_args, {"get": logged_in(405), "post": on_seed(by_role(302, "officer"))}),
    "security:premises_create": (_contract_args, _form(*MANAGERS)),
    "security:premises_acknowledge": (_premises_args, {"get": logged_in(405),
                                                       "post": on_seed(person(302, "worker1"))}),
    "security:education_create": (_contract_args, _form("representative", "privacy_officer")),
    "security:policy_create": (_contract_args, _form("officer")),
    "security:declaration_create": (_contract_args, _form(*MANAGERS)),
    "api:security-asset-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-asset-detail": (lambda contract, which: {"pk": _asset_pk()},
                                  {"get": api_seed(api()), "post": API_405}),
    "api:security-asset-close": (lambda contract, which: {"pk": _asset_pk()},
                                 {"get": API_405, "post": api_seed(by_role(400, *MANAGERS, anon=403))}),
    "api:security-officer-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-notice-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-notice-receive": (lambda contract, which: {"pk": _notice_args(contract, which)["pk"]},
                                    {"get": API_405, "post": api_seed(by_role(400, "officer", anon=403))}),
    "api:security-premises-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-premises-acknowledge": (lambda contract, which: {"pk": _premises_args(contract, which)["pk"]},
                                          {"get": API_405, "post": api_seed(person(400, "worker1", anon=403))}),
    "api:security-policy-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-declaration-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-education-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
}
