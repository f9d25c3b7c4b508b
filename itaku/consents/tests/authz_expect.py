"""Who may reach each consents URL (see itaku/api/tests/authz.py)."""

from itaku.api.tests.authz import api, by_role, logged_in, page, section

SCOPES = {
    "submitted_page": "権限確認用（申請中・画面）", "submitted_api": "権限確認用（申請中・API）",
    "approved_page": "権限確認用（承諾済・画面）", "approved_api": "権限確認用（承諾済・API）",
}
SUBMITTERS = {"seed": "rep", "other": "outsider"}


def prepare(demo, contracts):
    from itaku.accounts.models import Organisation

    from ..services import consent_decide, consent_submit

    subcontractor = Organisation.objects.get(name="株式会社サンプル制作（サンプル）")
    for which, contract in contracts.items():
        for key, scope in SCOPES.items():
            consent = consent_submit(actor=demo[SUBMITTERS[which]], contract=contract, kind="subcontract", statement={
                "subcontractor": subcontractor.pk, "scope": scope, "reason": "権限の確認", "starts_on": "2024-06-01",
                "ends_on": "2024-12-01", "handles_personal_information": "no"})
            if key.startswith("approved"):
                consent_decide(actor=demo["officer"], consent=consent, approve=True)


def _consent(key, *, page_args=True):
    def args(contract, which):
        from ..models import ConsentRequest

        consent = ConsentRequest.objects.get(contract=contract, statement__scope=SCOPES[key])
        return {"contract_pk": contract.pk, "pk": consent.pk} if page_args else {"pk": consent.pk}
    return args


def _new(contract, which):
    return {"contract_pk": contract.pk, "kind": "subcontract"}


def _api(key):
    return _consent(key, page_args=False)


API_405 = logged_in(405, anon=403)

EXPECT = {
    # The contract hub's section (panels.py): everyone who sees the contract.
    "contracts:section[consents]": (section("consents"), {"get": page(), "post": logged_in(405)}),
    "consents:create": (_new, {"get": by_role(200, "representative"), "post": by_role(200, "representative")}),
    "consents:detail": (_consent("approved_page"), {"get": page(), "post": logged_in(405)}),
    "consents:decide": (_consent("submitted_page"), {"get": logged_in(405), "post": by_role(200, "officer")}),
    "consents:withdraw": (_consent("submitted_page"),
                          {"get": logged_in(405), "post": by_role(302, "representative")}),
    "consents:letter": (_consent("approved_page"), {"get": page(), "post": page()}),
    "consents:effect": (_consent("approved_page"), {"get": logged_in(405), "post": by_role(302, "representative")}),
    "api:consent-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:consent-detail": (_api("approved_api"), {"get": api(), "post": API_405}),
    "api:consent-decide": (_api("submitted_api"), {"get": API_405, "post": by_role(400, "officer", anon=403)}),
    "api:consent-withdraw": (_api("submitted_api"),
                             {"get": API_405, "post": by_role(200, "representative", anon=403)}),
    "api:consent-letter": (_api("approved_api"), {"get": api(), "post": api()}),
    "api:consent-attach": (_api("approved_api"), {"get": API_405, "post": by_role(201, "representative", anon=403)}),
    "api:consent-assign": (_api("approved_api"), {"get": API_405, "post": by_role(400, "representative", anon=403)}),
    "api:consent-kind-list": (None, {"get": logged_in(200, anon=403), "post": API_405}),
    "api:consent-kind-detail": (lambda contract, which: {"pk": "subcontract"},
                                {"get": logged_in(200, anon=403), "post": API_405}),
}
