"""Who may reach each URL of incidents and breaches (see itaku/api/tests/authz.py).

Everyone who sees the contract sees its incidents, their pages, timelines and reports. The walk visits
the demo's closed incident on the seed contract: posted empty, the people who hold the act's role get the
form's error (400: a closed incident takes nothing more anyway), the others who see the contract are
refused (403). Visited through the other contract, the incident is not found.
"""

from itaku.api.tests.authz import ANON, api, by_role, logged_in, page, section, sees

CONTRACTOR = ("representative", "privacy_officer", "security_officer", "worker")
RESPONSIBLE = ("representative", "privacy_officer", "security_officer")
# The roles each act asks for (views._refused_by_state).
ACT_ROLES = {"first_report": RESPONSIBLE, "report": RESPONSIBLE, "measure": CONTRACTOR, "review": ("officer",),
             "due": ("officer",), "instruct": ("officer",), "publication": ("officer",), "ppc": ("officer",),
             "ppc_report": ("officer",), "close": ("officer",)}
API_ACTS = {"first_report": "first-report", "report": "report", "measure": "measures", "review": "review",
            "due": "due", "instruct": "instruct", "publication": "publication", "ppc": "ppc",
            "ppc_report": "ppc-report", "close": "close"}


def _incident():
    from ..demo import CLOSED_TITLE
    from ..models import Incident

    return Incident.objects.get(title=CLOSED_TITLE)


def _page_args(contract, which):
    return {"contract_pk": contract.pk, "pk": _incident().pk}


def _act_args(act):
    return lambda contract, which: {"contract_pk": contract.pk, "pk": _incident().pk, "act": act}


def _document_args(contract, which):
    return {"contract_pk": contract.pk, "pk": _incident().pk, "fmt": "pdf"}


def _api_args(contract, which):
    return {"pk": _incident().pk}


def on_seed(expect, anon=302):
    """``expect`` for the seed contract's incident; through the other contract it is not found."""
    def wrapped(user, which):
        if user is ANON:
            return anon
        if which == "other":
            return 404
        return expect(user, "seed")
    return wrapped


def api_seed(expect):
    """The API reaches the seed contract's incident by its id, whichever contract is visited."""
    return lambda user, which: expect(user, "seed")


def seen(ok, anon=302):
    return lambda user, which: anon if user is ANON else (ok if sees(user, which) else 404)


API_405 = logged_in(405, anon=403)

EXPECT = {
    "contracts:section[incidents]": (section("incidents"), {"get": page(), "post": logged_in(405)}),
    "incidents:create": (lambda contract, which: {"contract_pk": contract.pk},
                         {"get": by_role(200, *CONTRACTOR), "post": by_role(400, *CONTRACTOR)}),
    "incidents:detail": (_page_args, {"get": on_seed(page()), "post": logged_in(405)}),
    "incidents:document": (_document_args, {"get": logged_in(405), "post": on_seed(seen(200))}),
    "incidents:breach_create": (lambda contract, which: {"contract_pk": contract.pk},
                                {"get": by_role(200, "officer"), "post": by_role(400, "officer")}),
    **{f"incidents:act[{act}]": (_act_args(act), {"get": logged_in(405), "post": on_seed(by_role(400, *roles))})
       for act, roles in ACT_ROLES.items()},
    "api:incident-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:incident-detail": (_api_args, {"get": api_seed(api()), "post": API_405}),
    "api:incident-timeline": (_api_args, {"get": api_seed(api()), "post": API_405}),
    "api:incident-document": (_api_args, {"get": API_405, "post": api_seed(api(400))}),
    **{f"api:incident-{name}": (_api_args, {"get": API_405,
                                            "post": api_seed(by_role(400, *ACT_ROLES[act], anon=403))})
       for act, name in API_ACTS.items()},
    "api:breach-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
}
