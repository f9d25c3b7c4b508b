"""Who may handle a contract's personal information (itaku.personnel.access)."""

import datetime as dt

import pytest

from itaku.consents.services import consent_carry_out, consent_decide, consent_submit
from itaku.core.exceptions import ClauseViolation
from itaku.personnel.access import handlers, handling_refusal
from itaku.personnel.choices import Employment, EntryRole, VersionState
from itaku.personnel.models import ReportVersion
from itaku.personnel.services import (
    briefing_acknowledge,
    dispatch_confirm,
    entry_remove,
    entry_save,
    report_decide,
    report_draft,
    report_submit,
)

pytestmark = pytest.mark.django_db
D = dt.date


def usernames(users):
    return [u.username for u in users]


def add(rep, version, user, role=EntryRole.WORKER, employment=Employment.EMPLOYEE, contact=""):
    return entry_save(actor=rep, version=version, user=user, role=role, affiliation=user.job_title or "部",
                      name=str(user), contact=contact or ("055-000-0000" if role == EntryRole.RESPONSIBLE else ""),
                      employment=employment)


@pytest.mark.clause("P-6-1")
@pytest.mark.clause("P-4")
def test_demo_accepted_report_names_privacy_worker1_briefed_worker2_not(demo, seed):
    assert usernames(handlers(seed)) == ["privacy", "worker1"]
    assert handling_refusal(demo["privacy"], seed) is None
    assert handling_refusal(demo["worker1"], seed) is None
    refusal = handling_refusal(demo["worker2"], seed)
    assert isinstance(refusal, ClauseViolation) and refusal.clause == "P-4" and refusal.code == "not_briefed"
    assert "周知" in str(refusal.detail)
    refusal = handling_refusal(demo["rep"], seed)
    assert refusal.clause == "P-6-1" and refusal.code == "not_reported"
    assert handling_refusal(demo["officer"], seed).clause == "P-6-1"
    assert handling_refusal(None, seed).clause == "P-6-1"


@pytest.mark.clause("P-3")
@pytest.mark.clause("P-6-1")
def test_no_one_handles_before_the_report_is_accepted(demo, current):
    assert ReportVersion.objects.get(report__contract=current).state == VersionState.SUBMITTED
    briefing_acknowledge(actor=demo["worker1"], contract=current)
    refusal = handling_refusal(demo["worker1"], current)
    assert refusal.clause == "P-6-1" and refusal.code == "no_accepted_report"
    assert handlers(current) == []
    report_decide(actor=demo["officer"], version=ReportVersion.objects.get(report__contract=current), accept=True)
    assert handling_refusal(demo["worker1"], current) is None
    assert usernames(handlers(current)) == ["worker1"]


@pytest.mark.clause("P-3")
@pytest.mark.clause("P-6-1")
def test_a_change_is_a_new_version_accepted_again(demo, seed):
    rep, officer = demo["rep"], demo["officer"]
    draft = report_draft(actor=rep, contract=seed)
    assert draft.number == 2 and draft.entries.count() == 3
    add(rep, draft, demo["security"])
    entry_remove(actor=rep, entry=draft.entries.get(user=demo["worker1"]))
    briefing_acknowledge(actor=demo["security"], contract=seed)
    # A draft changes nothing.
    assert usernames(handlers(seed)) == ["privacy", "worker1"]
    report_submit(actor=rep, version=draft)
    # Submitted: the person removed stops at once; the person added waits for the acceptance.
    assert handling_refusal(demo["worker1"], seed).clause == "P-6-1"
    assert handling_refusal(demo["security"], seed).clause == "P-6-1"
    report_decide(actor=officer, version=draft, accept=True)
    assert usernames(handlers(seed)) == ["privacy", "security"]
    versions = list(ReportVersion.objects.filter(report__contract=seed).order_by("number"))
    assert [(v.number, v.state, v.decided_by) for v in versions] == [
        (1, VersionState.ACCEPTED, officer), (2, VersionState.ACCEPTED, officer)]
    assert versions[0].entries.count() == 3  # the earlier version stays as it was


@pytest.mark.clause("P-3")
def test_a_returned_version_changes_nothing(demo, seed):
    rep = demo["rep"]
    draft = report_draft(actor=rep, contract=seed)
    entry_remove(actor=rep, entry=draft.entries.get(user=demo["privacy"], role=EntryRole.RESPONSIBLE))
    add(rep, draft, demo["worker1"], role=EntryRole.RESPONSIBLE)
    report_submit(actor=rep, version=draft)
    report_decide(actor=demo["officer"], version=draft, accept=False, comment="連絡先を確認してください。")
    assert usernames(handlers(seed)) == ["privacy", "worker1"]


@pytest.mark.clause("P-6-2")
def test_a_dispatched_worker_needs_the_dispatch_confirmation(demo, seed):
    rep = demo["rep"]
    draft = report_draft(actor=rep, contract=seed)
    entry = draft.entries.get(user=demo["worker1"])
    entry_save(actor=rep, version=draft, entry=entry, user=entry.user, role=entry.role, affiliation=entry.affiliation,
               name=entry.name, employment=Employment.DISPATCHED)
    report_submit(actor=rep, version=draft)
    report_decide(actor=demo["officer"], version=draft, accept=True)
    refusal = handling_refusal(demo["worker1"], seed)
    assert refusal.clause == "P-6-2" and refusal.code == "dispatch_not_confirmed"
    assert usernames(handlers(seed)) == ["privacy"]
    dispatch_confirm(actor=demo["privacy"], contract=seed, person=demo["worker1"], agency="派遣元株式会社（テスト）",
                     reference="労働者派遣契約書 第8条（秘密保持）")
    assert handling_refusal(demo["worker1"], seed) is None


@pytest.mark.clause("P-9")
def test_a_subcontractors_people_handle_through_its_own_accepted_report(demo, seed, maker, maker_user):
    rep = demo["rep"]
    assert handling_refusal(maker_user, seed).code == "no_accepted_report"
    draft = report_draft(actor=rep, contract=seed, organisation=maker)
    with pytest.raises(ClauseViolation) as refused:
        add(rep, draft, demo["worker2"])  # the contractor's people go in the contractor's report
    assert refused.value.code == "entry_other_organisation"
    add(rep, draft, maker_user, role=EntryRole.RESPONSIBLE)
    add(rep, draft, maker_user)
    report_submit(actor=rep, version=draft)
    report_decide(actor=demo["officer"], version=draft, accept=True)
    # Attached under K-6 only, the subcontractor is not yet approved to handle personal information (P-9).
    assert handling_refusal(maker_user, seed).clause == "P-6-1"
    statement = {"subcontractor": maker.pk, "scope": "バナー制作", "reason": "専門の事業者に委託するため",
                 "starts_on": "2023-07-01", "ends_on": "2023-12-31", "information": "相談者の氏名・連絡先",
                 "supervision": "月次で取扱状況の報告を受ける"}
    consent = consent_submit(actor=demo["privacy"], contract=seed, kind="privacy_subcontract", statement=statement)
    consent_decide(actor=demo["officer"], consent=consent, approve=True)
    consent.refresh_from_db()
    consent_carry_out(actor=rep, consent=consent)
    assert handling_refusal(maker_user, seed).clause == "P-4"
    # The subcontractor's people are briefed by the contractor (P-9-2), who records it.
    briefing_acknowledge(actor=rep, contract=seed, person=maker_user)
    assert handling_refusal(maker_user, seed) is None
    assert usernames(handlers(seed)) == ["maker1", "privacy", "worker1"]


@pytest.mark.clause("P-9")
def test_only_an_attached_subcontractor_reports(demo, seed, stranger_org):
    with pytest.raises(ClauseViolation) as refused:
        report_draft(actor=demo["rep"], contract=seed, organisation=stranger_org)
    assert refused.value.clause == "P-9"


def test_handlers_runs_a_constant_number_of_queries(demo, seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        handlers(seed)
    with django_assert_max_num_queries(5):
        handling_refusal(demo["worker1"], seed)
