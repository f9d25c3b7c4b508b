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
        _prepare_records(demo, contract, demo[SUBMITTERS[which]])


def _prepare_records(demo, contract, submitter):
    """A dataset with a file, an approved take-out (not yet begun) and one copy made, on ``contract``."""
    from django.utils import timezone

    from itaku.privacy.models import Dataset, DatasetFile

    from ..models import CopyAllowance, DatasetCopy
    from ..services import consent_decide, consent_submit

    dataset = Dataset.objects.create(
        contract=contract, name="権限確認用の個人情報", items="氏名", people_count=1, source="handed_over",
        medium="electronic", storage_place="書庫", storage_lockable=True, handling_place="contractor_premises",
        registered_by=submitter, registered_at=timezone.now())
    file = DatasetFile.objects.create(dataset=dataset, name="authz.csv", size=1, sha256="0" * 64,
                                      uploaded_by=submitter, uploaded_at=timezone.now())
    takeout = consent_submit(actor=submitter, contract=contract, kind="privacy_takeout", statement={
        "dataset": dataset.pk, "place": "権限確認", "reason": "権限の確認", "carriage": "手持ち",
        "encryption": "AES-256",
        "starts_on": "2199-06-01", "return_by": "2199-06-02",
        "devices": "乙管理のPC", "managed_devices": "attested"})  # not yet begun: a return is refused (400)
    consent_decide(actor=demo["officer"], consent=takeout, approve=True)
    copying = consent_submit(actor=submitter, contract=contract, kind="privacy_copy", statement={
        "dataset": dataset.pk, "copies": 1, "reason": "権限の確認", "handling": "廃棄", "dispose_by": "2024-06-30",
        "devices": "乙管理のPC", "managed_devices": "attested"})
    consent_decide(actor=demo["officer"], consent=copying, approve=True)
    allowance = CopyAllowance.objects.get(consent=copying)
    DatasetCopy.objects.create(allowance=allowance, number=1, file=file, made_by=submitter, made_at=timezone.now())


def _file(contract, which):
    from itaku.privacy.models import DatasetFile

    return {"contract_pk": contract.pk,
            "file_pk": DatasetFile.objects.get(dataset__contract=contract, name="authz.csv").pk}


def _takeout(contract, which):
    from ..models import TakeOut

    return {"contract_pk": contract.pk, "pk": TakeOut.objects.get(contract=contract, place="権限確認").pk}


def _api_takeout(contract, which):
    return {"pk": _takeout(contract, which)["pk"]}


def _api_allowance(contract, which):
    from ..models import CopyAllowance

    return {"pk": CopyAllowance.objects.get(contract=contract, copies__file__name="authz.csv").pk}


def _copy(contract, which):
    from ..models import DatasetCopy

    return {"contract_pk": contract.pk, "pk": DatasetCopy.objects.get(allowance__contract=contract,
                                                                      file__name="authz.csv").pk}


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
    # Posted empty, the form answers with its errors (the date of the carrying out is required).
    "consents:effect": (_consent("approved_page"), {"get": logged_in(405), "post": by_role(200, "representative")}),
    # P-5, P-6-5: the acts go through the records; without one (or outside its period) the page says why.
    "consents:takeout_file": (_file, {"get": page(302), "post": logged_in(405)}),
    "consents:copy_file": (_file, {"get": logged_in(405), "post": page(302)}),
    "consents:takeout_return": (_takeout, {"get": logged_in(405),
                                           "post": by_role(302, "representative", "privacy_officer")}),
    "consents:copy_dispose": (_copy, {"get": logged_in(405),
                                      "post": by_role(302, "representative", "privacy_officer")}),
    "api:takeout-list": (None, {"get": api(), "post": API_405}),
    "api:takeout-detail": (_api_takeout, {"get": api(), "post": API_405}),
    # Posted empty: refused as before the take-out begins, for those who may record the return.
    "api:takeout-return": (_api_takeout, {"get": API_405,
                                          "post": by_role(400, "representative", "privacy_officer", anon=403)}),
    # Without ?file= there is no file to take out.
    "api:takeout-file": (_api_takeout, {"get": api(404), "post": API_405}),
    "api:copy-allowance-list": (None, {"get": api(), "post": API_405}),
    "api:copy-allowance-detail": (_api_allowance, {"get": api(), "post": API_405}),
    "api:copy-allowance-copy": (_api_allowance, {"get": API_405, "post": api(400)}),
    "api:copy-allowance-dispose": (_api_allowance, {"get": API_405,
                                                    "post": by_role(400, "representative", "privacy_officer",
                                                                    anon=403)}),
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
