"""Who may reach each URL of the personal information (see itaku/api/tests/authz.py).

Everyone who sees the contract sees the register, each dataset's page and its access log. Opening a
file: the people the seed contract's accepted F-P names and who were briefed (privacy, worker1: the
personnel demo), and the client users the officer granted access (auditor, accountant: ``prepare``); everyone
else who sees the contract is refused (403, journaled). The datasets are on the seed contract: visited
through the other contract they are not found.
"""

from itaku.api.tests.authz import ANON, api, by_role, logged_in, page, section, sees

FILE_READERS = {"privacy", "worker1", "auditor", "accountant"}
GRANT_REASON = "権限確認用の閲覧許可"
API_GRANT_REASON = "権限確認用の閲覧許可（API）"


def prepare(demo, contracts):
    from ..services import access_grant

    access_grant(actor=demo["officer"], contract=contracts["seed"], user=demo["auditor"], reason=GRANT_REASON)
    access_grant(actor=demo["officer"], contract=contracts["seed"], user=demo["accountant"], reason=API_GRANT_REASON)


def _dataset():
    from ..demo import NAME
    from ..models import Dataset

    return Dataset.objects.get(contract__title="ひきこもり支援Web広告業務", name=NAME)


def _page_args(contract, which):
    return {"contract_pk": contract.pk, "pk": _dataset().pk}


def _file_args(contract, which):
    dataset = _dataset()
    return {"contract_pk": contract.pk, "pk": dataset.pk, "file_pk": dataset.files.first().pk}


def _grant_args(contract, which):
    from ..models import AccessGrant

    return {"contract_pk": contract.pk, "pk": AccessGrant.objects.get(reason=GRANT_REASON).pk}


def _api_args(contract, which):
    return {"pk": _dataset().pk}


def _api_file_args(contract, which):
    dataset = _dataset()
    return {"pk": dataset.pk, "file_pk": dataset.files.first().pk}


def _api_grant_args(contract, which):
    from ..models import AccessGrant

    return {"pk": AccessGrant.objects.get(reason=API_GRANT_REASON).pk}


def revoked_once(user, which):
    """The API reaches the seed contract's grant by its id: the officer revokes it on the first visit; the
    second finds it revoked already."""
    if user is ANON:
        return 403
    if user == "officer":
        return 200 if which == "seed" else 400
    return by_role(200, "officer", anon=403)(user, "seed")


def on_seed(expect, anon=302):
    """``expect`` for the seed contract's dataset; through the other contract it is not found."""
    def wrapped(user, which):
        if user is ANON:
            return anon
        if which == "other":
            return 404
        return expect(user, "seed")
    return wrapped


def readers(ok, anon=302, refused=403):
    def expect(user, which):
        if user is ANON:
            return anon
        if not sees(user, which):
            return 404
        return ok if user in FILE_READERS else refused
    return expect


def api_seed(expect):
    """The API reaches the seed contract's dataset by its id, whichever contract is visited."""
    return lambda user, which: expect(user, "seed")


API_405 = logged_in(405, anon=403)

EXPECT = {
    "contracts:section[privacy]": (section("privacy"), {"get": page(), "post": logged_in(405)}),
    "privacy:create": (lambda contract, which: {"contract_pk": contract.pk},
                       {"get": by_role(200, "privacy_officer"), "post": by_role(200, "privacy_officer")}),
    "privacy:dataset": (_page_args, {"get": on_seed(page()), "post": logged_in(405)}),
    "privacy:file_download": (_file_args, {"get": on_seed(readers(200)), "post": logged_in(405)}),
    # Posted empty: those who may add files get the form's error; the others are refused.
    "privacy:file_upload": (_page_args, {"get": logged_in(405), "post": on_seed(readers(400))}),
    "privacy:direct": (_page_args, {"get": logged_in(405), "post": on_seed(by_role(400, "officer"))}),
    "privacy:close_out": (_page_args, {"get": logged_in(405), "post": on_seed(by_role(400, "privacy_officer"))}),
    "privacy:confirm": (_page_args, {"get": logged_in(405), "post": on_seed(by_role(400, "officer"))}),
    "privacy:grant_create": (lambda contract, which: {"contract_pk": contract.pk},
                             {"get": by_role(200, "officer"), "post": by_role(200, "officer")}),
    "privacy:grant_revoke": (_grant_args, {"get": logged_in(405), "post": on_seed(by_role(302, "officer"))}),
    # Nothing closed out yet: the section says so.
    "privacy:certificate": (lambda contract, which: {"contract_pk": contract.pk},
                            {"get": logged_in(405), "post": page(302)}),
    "api:dataset-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:dataset-detail": (_api_args, {"get": api_seed(api()), "post": API_405}),
    "api:dataset-files": (_api_args, {"get": api_seed(api()), "post": api_seed(readers(400, anon=403))}),
    "api:dataset-file": (_api_file_args, {"get": api_seed(readers(200, anon=403)), "post": API_405}),
    "api:dataset-access-log": (_api_args, {"get": api_seed(api()), "post": API_405}),
    "api:dataset-direct": (_api_args, {"get": API_405, "post": api_seed(by_role(400, "officer", anon=403))}),
    "api:dataset-close-out": (_api_args,
                              {"get": API_405, "post": api_seed(by_role(400, "privacy_officer", anon=403))}),
    "api:dataset-confirm": (_api_args, {"get": API_405, "post": api_seed(by_role(400, "officer", anon=403))}),
    "api:dataset-certificate": (None, {"get": API_405, "post": logged_in(400, anon=403)}),
    "api:privacy-grant-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:privacy-grant-revoke": (_api_grant_args,
                                 {"get": API_405, "post": revoked_once}),
}
