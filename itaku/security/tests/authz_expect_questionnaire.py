"""Who may reach each URL of the self-assessment sheet (F-S) (see itaku/api/tests/authz.py)."""

from itaku.api.tests.authz import ANON, api, by_role, logged_in, page, section

API_405 = logged_in(405, anon=403)
REPS = {"seed": "rep", "other": "outsider"}
EDITORS = ("representative", "security_officer")


def prepare(demo, contracts):
    """On each contract: a submitted version (to review) and a draft after it (to answer and submit)."""
    from ..questionnaire_choices import Result
    from ..questionnaire_services import answers_save, sheet_draft, sheet_submit

    for which, contract in contracts.items():
        rep = demo[REPS[which]]
        draft = sheet_draft(actor=rep, contract=contract)
        answers = {a.item.number: {"result": Result.YES} for a in draft.answers.select_related("item")
                   if a.result != Result.NOT_APPLICABLE}
        answers_save(actor=rep, version=draft, answers=answers)
        sheet_submit(actor=rep, version=draft)
        sheet_draft(actor=rep, contract=contract)


def _draft(api_kwargs=False, **extra):
    """The contract's draft (opened again when a visit before submitted it)."""
    def args(contract, which):
        from itaku.accounts.models import User

        from ..questionnaire_services import answers_save, has_subcontracting, sheet_draft

        rep = User.objects.get(username=REPS[which])
        version = sheet_draft(actor=rep, contract=contract)
        # Every item answered as the contract stands now (a visit before may have attached a subcontractor).
        applies = has_subcontracting(contract)
        answers_save(actor=rep, version=version, answers={
            a.item.number: {"result": "na" if a.item.category.only_if_subcontracting and not applies else "yes"}
            for a in version.answers.select_related("item__category")})
        return {"pk": version.pk, **extra} if api_kwargs else {"contract_pk": contract.pk, "pk": version.pk, **extra}
    return args


def _submitted(api_kwargs=False, **extra):
    def args(contract, which):
        from ..models import SheetVersion

        version = (SheetVersion.objects.filter(sheet__contract=contract, state="submitted").order_by("-number")
                   .first())
        return {"pk": version.pk, **extra} if api_kwargs else {"contract_pk": contract.pk, "pk": version.pk, **extra}
    return args


def _contract(contract, which):
    return {"contract_pk": contract.pk}


def overview_page(ok=200, anon=302):
    """The client's view across contractors: the client's officers and auditors only."""
    def expect(user, which):
        if user is ANON:
            return anon
        return ok if user in {"officer", "auditor"} else 403
    return expect


EXPECT = {
    "contracts:section[sheet]": (section("sheet"), {"get": page(), "post": logged_in(405)}),
    "security:sheet_new": (_contract, {"get": logged_in(405), "post": by_role(302, "representative")}),
    "security:sheet_version": (_draft(), {"get": page(), "post": logged_in(405)}),
    "security:sheet_answers": (_draft(), {"get": logged_in(405), "post": by_role(302, *EDITORS)}),
    # Posted empty, the draft (every item answered はい by prepare) is submitted.
    "security:sheet_submit": (_draft(), {"get": logged_in(405), "post": by_role(302, "representative")}),
    # Posted empty, the review answers with its error (no decision).
    "security:sheet_review": (_submitted(), {"get": logged_in(405), "post": by_role(400, "officer")}),
    "security:sheet_document": (_submitted(fmt="pdf"), {"get": logged_in(405), "post": page()}),
    "security:sheet_compare": (_contract, {"get": page(), "post": logged_in(405)}),
    "security:sheets": (None, {"get": overview_page(), "post": logged_in(405)}),
    "security:sheets_xlsx": (None, {"get": overview_page(), "post": logged_in(405)}),
    "api:security-sheet-version-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:security-sheet-version-detail": (_draft(True), {"get": api(), "post": API_405}),
    "api:security-sheet-version-answers": (_draft(True), {"get": API_405,
                                                          "post": by_role(200, *EDITORS, anon=403)}),
    "api:security-sheet-version-submit": (_draft(True), {"get": API_405,
                                                         "post": by_role(200, "representative", anon=403)}),
    "api:security-sheet-version-review": (_submitted(True), {"get": API_405, "post": by_role(400, "officer",
                                                                                              anon=403)}),
    "api:security-sheet-version-document": (_submitted(True, fmt="pdf"), {"get": API_405, "post": api()}),
}
