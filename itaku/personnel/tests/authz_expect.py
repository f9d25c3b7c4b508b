"""Who may reach each personnel URL (see itaku/api/tests/authz.py)."""

from itaku.api.tests.authz import api, by_role, logged_in, page, section

API_405 = logged_in(405, anon=403)
REPS = {"seed": "rep", "other": "outsider"}


def prepare(demo, contracts):
    """On each contract: a submitted version (to decide) and a draft after it (to edit and submit)."""
    from itaku.accounts.models import User
    from itaku.accounts.services import user_save

    from ..choices import EntryRole
    from ..services import entry_save, report_draft, report_submit

    other_org = contracts["other"].contractor
    helper = user_save(actor=None, user=User(username="other-worker", organisation=other_org,
                                             display_name="例示 次郎", job_title="制作部"))
    for which, contract in contracts.items():
        rep = demo[REPS[which]]
        draft = report_draft(actor=rep, contract=contract)
        if which == "other":
            for user, role, contact in ((rep, EntryRole.RESPONSIBLE, "0555-00-0000"), (rep, EntryRole.WORKER, ""),
                                        (helper, EntryRole.WORKER, "")):
                entry_save(actor=rep, version=draft, user=user, role=role, affiliation=user.job_title,
                           name=user.display_name, contact=contact)
        report_submit(actor=rep, version=draft)
        report_draft(actor=rep, contract=contract)


def _version(state, **extra):
    def args(contract, which):
        from ..models import ReportVersion

        version = ReportVersion.objects.filter(report__contract=contract, state=state).order_by("-number").first()
        return {"contract_pk": contract.pk, "pk": version.pk, **extra}
    return args


def _api_version(state, **extra):
    def args(contract, which):
        kwargs = _version(state)(contract, which)
        return {"pk": kwargs["pk"], **extra}
    return args


def _removable(contract, which):
    from ..models import ReportEntry

    kwargs = _version("draft")(contract, which)
    entry = ReportEntry.objects.filter(version_id=kwargs["pk"], role="worker").order_by("-position").first()
    return {**kwargs, "entry_pk": entry.pk}


def _contract(contract, which):
    return {"contract_pk": contract.pk}


REP = by_role(200, "representative")
MANAGERS = by_role(200, "representative", "privacy_officer")
LIST_POST = logged_in(400, anon=403)

EXPECT = {
    "contracts:section[personnel]": (section("personnel"), {"get": page(), "post": logged_in(405)}),
    "personnel:report_new": (_contract, {"get": logged_in(405), "post": by_role(302, "representative")}),
    "personnel:version": (_version("draft"), {"get": page(), "post": logged_in(405)}),
    # Posted empty, the forms answer with their errors.
    "personnel:entry_add": (_version("draft"), {"get": logged_in(405), "post": REP}),
    "personnel:entry_remove": (_removable, {"get": logged_in(405), "post": by_role(302, "representative")}),
    "personnel:submit": (_version("draft"), {"get": logged_in(405), "post": REP}),
    "personnel:decide": (_version("submitted"), {"get": logged_in(405), "post": by_role(200, "officer")}),
    "personnel:document": (_version("submitted", fmt="pdf"), {"get": logged_in(405), "post": page()}),
    "personnel:briefing": (_contract, {"get": page(), "post": page()}),
    "personnel:pledge": (_contract, {"get": page(), "post": page()}),
    "personnel:dispatch": (_contract, {"get": MANAGERS, "post": MANAGERS}),
    "personnel:training_new": (_contract, {"get": MANAGERS, "post": MANAGERS}),
    "api:personnel-version-list": (None, {"get": api(), "post": LIST_POST}),
    "api:personnel-version-detail": (_api_version("draft"), {"get": api(), "post": API_405}),
    "api:personnel-version-entries": (_api_version("draft"),
                                      {"get": API_405, "post": by_role(400, "representative", anon=403)}),
    "api:personnel-version-remove-entry": (_api_version("draft"),
                                           {"get": API_405, "post": by_role(400, "representative", anon=403)}),
    "api:personnel-version-submit": (_api_version("draft"),
                                     {"get": API_405, "post": by_role(200, "representative", anon=403)}),
    "api:personnel-version-decide": (_api_version("submitted"),
                                     {"get": API_405, "post": by_role(400, "officer", anon=403)}),
    "api:personnel-version-document": (_api_version("submitted", fmt="pdf"), {"get": API_405, "post": api()}),
    "api:personnel-briefing-list": (None, {"get": api(), "post": LIST_POST}),
    "api:personnel-pledge-list": (None, {"get": api(), "post": LIST_POST}),
    "api:personnel-dispatch-list": (None, {"get": api(), "post": LIST_POST}),
    "api:personnel-training-list": (None, {"get": api(), "post": LIST_POST}),
    "api:personnel-people-list": (None, {"get": LIST_POST, "post": API_405}),
}
