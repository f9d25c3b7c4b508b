"""Who may reach each oversight URL (see itaku/api/tests/authz.py)."""

import datetime as dt

from django.core.files.base import ContentFile

from itaku.api.tests.authz import api, by_role, logged_in, page, section

WALK = "authz walk"
ANSWERED = "authz walk answered"


def prepare(demo, contracts):
    """On "seed" and "other": a consultation with a document, an open request to the representative (the
    actions are tried on it), and an answered one whose response carries a file."""
    from itaku.oversight.services import consultation_record, oversight_request_issue, oversight_response_submit

    for which, contract in contracts.items():
        rep = demo["rep"] if which == "seed" else demo["outsider"]
        consultation_record(actor=demo["officer"], contract=contract, clause_id="K-1", topic=WALK,
                            held_on=dt.date(2024, 6, 1), participants="甲乙", outcome="合意",
                            documents=[ContentFile(b"minutes", name="walk.txt")])
        for subject in (WALK, ANSWERED):
            request = oversight_request_issue(actor=demo["officer"], contract=contract, kind="report",
                                              subject=subject, body="報告を求める", issued_on=dt.date(2024, 6, 1),
                                              due_on=dt.date(2024, 6, 30))
        oversight_response_submit(actor=rep, request=request, body="回答", responded_on=dt.date(2024, 6, 10),
                                  files=[ContentFile(b"answer", name="answer.txt")])
        from itaku.oversight.compliance import compliance_schedule_set

        if not contract.compliance_reports.exists():  # the demo's seed contract has its reports
            compliance_schedule_set(actor=demo["officer"], contract=contract)


def _report(contract, which):
    return {"contract_pk": contract.pk, "pk": contract.compliance_reports.order_by("period_start").first().pk}


def _api_report(contract, which):
    return {"pk": _report(contract, which)["pk"]}


def _contract(contract, which):
    return {"contract_pk": contract.pk}


def _consultation(contract, which):
    c = contract.consultations.get(topic=WALK)
    return {"contract_pk": contract.pk, "pk": c.pk}


def _document(contract, which):
    c = contract.consultations.get(topic=WALK)
    return {"contract_pk": contract.pk, "consultation_pk": c.pk, "pk": c.documents.get().pk}


def _request(contract, which):
    return {"contract_pk": contract.pk, "pk": contract.oversight_requests.get(subject=WALK).pk}


def _file(contract, which):
    r = contract.oversight_requests.get(subject=ANSWERED)
    return {"contract_pk": contract.pk, "request_pk": r.pk, "pk": r.responses.get().files.get().pk}


def _contract(contract, which):
    return {"contract_pk": contract.pk}


def _api_consultation(contract, which):
    return {"pk": contract.consultations.get(topic=WALK).pk}


def _api_document(contract, which):
    c = contract.consultations.get(topic=WALK)
    return {"pk": c.pk, "doc_pk": c.documents.get().pk}


def _api_request(contract, which):
    return {"pk": contract.oversight_requests.get(subject=WALK).pk}


def _api_file(contract, which):
    r = contract.oversight_requests.get(subject=ANSWERED)
    return {"pk": r.pk, "file_pk": r.responses.get().files.get().pk}


# Empty POSTs: the role is checked first (others 403), then the input, refused without a change: pages
# show the form again with the message (200), the API answers 400.
EXPECT = {
    # P-10-1, P-14. Posted empty, the forms answer with their errors (pages: on the section, or 200).
    "oversight:compliance_schedule": (_contract, {"get": logged_in(405), "post": by_role(302, "officer")}),
    "oversight:compliance_detail": (_report, {"get": page(), "post": by_role(200, "privacy_officer")}),
    "oversight:compliance_review": (_report, {"get": logged_in(405), "post": by_role(200, "officer")}),
    "oversight:declaration": (_contract, {"get": logged_in(405),
                                          "post": by_role(302, "representative", "privacy_officer")}),
    "api:compliance-report-list": (None, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:compliance-report-detail": (_api_report, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:compliance-report-draft": (_api_report, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:compliance-report-submit": (_api_report, {"get": logged_in(405, anon=403),
                                                   "post": by_role(400, "privacy_officer", anon=403)}),
    "api:compliance-report-review": (_api_report, {"get": logged_in(405, anon=403),
                                                   "post": by_role(400, "officer", anon=403)}),
    "api:compliance-schedule-detail": (lambda contract, which: {"contract": contract.pk},
                                       {"get": api(), "post": logged_in(405, anon=403)}),
    "api:privacy-declaration-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    # The contract hub's section (panels.py): everyone who sees the contract.
    "contracts:section[oversight]": (section("oversight"), {"get": page(), "post": logged_in(405)}),
    "oversight:consultation_create": (_contract, {"get": by_role(200, "officer", "representative"),
                                                  "post": by_role(200, "officer", "representative")}),
    "oversight:consultation_detail": (_consultation, {"get": page(), "post": logged_in(405)}),
    "oversight:consultation_document": (_document, {"get": page(), "post": logged_in(405)}),
    "oversight:request_create": (_contract, {"get": by_role(200, "officer"), "post": by_role(200, "officer")}),
    "oversight:request_detail": (_request, {"get": page(), "post": logged_in(405)}),
    "oversight:request_respond": (_request, {"get": logged_in(405), "post": by_role(200, "representative")}),
    "oversight:request_accept": (_request, {"get": logged_in(405), "post": by_role(200, "officer")}),
    "oversight:request_reopen": (_request, {"get": logged_in(405), "post": by_role(200, "officer")}),
    "oversight:request_withdraw": (_request, {"get": logged_in(405), "post": by_role(200, "officer")}),
    "oversight:response_file": (_file, {"get": page(), "post": logged_in(405)}),
    "api:consultation-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:consultation-detail": (_api_consultation, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:consultation-document": (_api_document, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:oversight-request-list": (None, {"get": api(), "post": logged_in(400, anon=403)}),
    "api:oversight-request-detail": (_api_request, {"get": api(), "post": logged_in(405, anon=403)}),
    "api:oversight-request-respond": (_api_request, {"get": logged_in(405, anon=403),
                                                     "post": by_role(400, "representative", anon=403)}),
    "api:oversight-request-accept": (_api_request, {"get": logged_in(405, anon=403),
                                                    "post": by_role(400, "officer", anon=403)}),
    "api:oversight-request-reopen": (_api_request, {"get": logged_in(405, anon=403),
                                                    "post": by_role(400, "officer", anon=403)}),
    "api:oversight-request-withdraw": (_api_request, {"get": logged_in(405, anon=403),
                                                      "post": by_role(400, "officer", anon=403)}),
    "api:oversight-request-file": (_api_file, {"get": api(), "post": logged_in(405, anon=403)}),
}
