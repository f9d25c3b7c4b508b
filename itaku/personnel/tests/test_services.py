"""The responsibility report's versions (P-3, P-9-4) and what the people it names acknowledge, attend and pledge
(P-4, P-6-2, K-7, P-2): who may act, on which state, and the journal."""

import datetime as dt

import pytest

from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.models import Event
from itaku.personnel.choices import Employment, EntryRole, VersionState
from itaku.personnel.models import Briefing, Pledge, ReportVersion
from itaku.personnel.services import (
    briefing_acknowledge,
    dispatch_confirm,
    entry_save,
    pledge_sign,
    report_decide,
    report_draft,
    report_submit,
    training_record,
)

pytestmark = pytest.mark.django_db


def current_version(contract):
    return ReportVersion.objects.get(report__contract=contract, number=1)


@pytest.mark.clause("P-3")
def test_only_the_representative_drafts_and_only_the_officer_decides(demo, seed, current):
    for name in ("privacy", "worker1", "officer"):
        with pytest.raises(PermissionRefused):
            report_draft(actor=demo[name], contract=seed)
    version = current_version(current)
    for name in ("rep", "inspector", "privacy"):
        with pytest.raises(PermissionRefused):
            report_decide(actor=demo[name], version=version, accept=True)


@pytest.mark.clause("P-3")
def test_a_submitted_version_is_never_edited_and_a_return_gives_its_reason(demo, current):
    version = current_version(current)
    with pytest.raises(ClauseViolation) as refused:
        entry_save(actor=demo["rep"], version=version, user=demo["security"], role=EntryRole.WORKER,
                   affiliation="情報システム部", name="守 健一")
    assert refused.value.code == "version_state"
    with pytest.raises(ClauseViolation) as refused:
        report_decide(actor=demo["officer"], version=version, accept=False, comment=" ")
    assert refused.value.code == "comment_missing" and refused.value.field == "comment"
    report_decide(actor=demo["officer"], version=version, accept=False, comment="連絡先が空欄です。")
    version.refresh_from_db()
    assert version.state == VersionState.RETURNED and version.decided_by == demo["officer"]
    event = Event.objects.filter(action="personnel.report.returned").latest("seq")
    assert event.clause_id == "P-3" and event.data["comment"] == "連絡先が空欄です。"
    draft = report_draft(actor=demo["rep"], contract=current)
    assert draft.number == 2 and draft.entries.count() == 3


@pytest.mark.clause("P-3")
def test_a_report_names_one_responsible_person_with_a_contact_and_a_worker(demo, seed):
    rep = demo["rep"]
    draft = report_draft(actor=rep, contract=seed)
    with pytest.raises(ClauseViolation) as refused:
        entry_save(actor=rep, version=draft, user=demo["security"], role=EntryRole.RESPONSIBLE, affiliation="部",
                   name="守 健一", contact="")
    assert refused.value.code == "entry_contact"
    with pytest.raises(ClauseViolation) as refused:
        entry_save(actor=rep, version=draft, user=demo["security"], role=EntryRole.RESPONSIBLE, affiliation="部",
                   name="守 健一", contact="055")
    assert refused.value.code == "entry_one_responsible"
    for entry in draft.entries.filter(role=EntryRole.WORKER):
        entry.delete()
    with pytest.raises(ClauseViolation) as refused:
        report_submit(actor=rep, version=draft)
    assert refused.value.code == "report_incomplete"
    with pytest.raises(ClauseViolation) as refused:
        report_submit(actor=rep, version=draft, on=dt.date.today() + dt.timedelta(days=2))
    assert refused.value.code in ("date_in_future", "report_incomplete")


@pytest.mark.clause("P-3")
def test_the_submission_is_journaled_with_what_it_reports_and_its_hash(demo, seed):
    draft = report_draft(actor=demo["rep"], contract=seed)
    version = report_submit(actor=demo["rep"], version=draft, section_name="福祉保健部 健康増進課")
    event = Event.objects.filter(action="personnel.report.submitted").latest("seq")
    assert event.data["sha256"] == version.content_sha256 and len(version.content_sha256) == 64
    assert [e["user"] for e in event.data["entries"]] == ["privacy", "worker1", "worker2"]


@pytest.mark.clause("P-4")
def test_the_briefing_keeps_the_seeds_text_of_items_1_to_3_and_is_journaled(demo, seed):
    briefing = briefing_acknowledge(actor=demo["worker2"], contract=seed, on=dt.date(2023, 7, 1))
    assert [i["clause"] for i in briefing.text] == ["P-4-1-1", "P-4-1-2", "P-4-1-3"]
    assert briefing.text[0]["text"] == "この個人情報取扱特記事項の内容"
    assert "退職後においても" in briefing.text[1]["text"] and "罰則" in briefing.text[2]["text"]
    event = Event.objects.filter(action="personnel.briefing.acknowledged").latest("seq")
    assert event.clause_id == "P-4" and event.data["person"] == "worker2"
    with pytest.raises(ClauseViolation):
        briefing_acknowledge(actor=demo["worker2"], contract=seed)  # once
    with pytest.raises(ClauseViolation) as refused:
        briefing_acknowledge(actor=demo["security"], contract=seed)  # not named
    assert refused.value.code == "not_named"
    with pytest.raises(PermissionRefused):
        briefing_acknowledge(actor=demo["rep"], contract=seed, person=demo["worker2"])  # only for subcontractors


@pytest.mark.clause("K-7")
@pytest.mark.clause("P-1")
@pytest.mark.clause("P-2")
@pytest.mark.clause("S-6")
def test_the_pledge_states_that_it_continues_after_the_contract_ends(demo, seed):
    pledge = pledge_sign(actor=demo["worker2"], contract=seed)
    assert "終了し、又は解除された後においても" in pledge.text and "退職後" in pledge.text
    assert "個人の権利利益を侵害することのないよう" in pledge.text  # P-1: handled properly
    assert Pledge.objects.filter(contract=seed).count() == 3
    with pytest.raises(ClauseViolation):
        pledge_sign(actor=demo["officer"], contract=seed)
    event = Event.objects.filter(action="personnel.pledge.signed").latest("seq")
    assert event.clause_id == "K-7" and event.data["clauses"] == ["K-7", "P-1", "P-2", "S-6"]


@pytest.mark.clause("P-6-2")
def test_a_dispatch_confirmation_is_for_a_worker_named_as_dispatched(demo, seed):
    with pytest.raises(ClauseViolation) as refused:
        dispatch_confirm(actor=demo["rep"], contract=seed, person=demo["worker1"], agency="派遣元", reference="第8条")
    assert refused.value.code == "not_dispatched"
    with pytest.raises(PermissionRefused):
        dispatch_confirm(actor=demo["worker1"], contract=seed, person=demo["worker1"], agency="派遣元",
                         reference="第8条")


@pytest.mark.clause("P-4")
def test_training_records_the_named_attendees(demo, seed):
    session = training_record(actor=demo["rep"], contract=seed, held_on=dt.date(2023, 9, 1),
                              content="漏えい時の報告手順", attendees=[demo["worker1"], demo["worker2"]])
    assert sorted(u.username for u in session.attendees.all()) == ["worker1", "worker2"]
    with pytest.raises(ClauseViolation) as refused:
        training_record(actor=demo["rep"], contract=seed, held_on=dt.date(2023, 9, 1), content="研修",
                        attendees=[demo["security"]])
    assert refused.value.code == "training_not_named"
    with pytest.raises(PermissionRefused):
        training_record(actor=demo["worker1"], contract=seed, held_on=dt.date(2023, 9, 1), content="研修",
                        attendees=[demo["worker1"]])


@pytest.mark.clause("P-6-2")
def test_employment_types_are_those_of_annex_2(demo):
    assert set(Employment.values) == {"employee", "dispatched", "part_time", "temporary"}
    assert Briefing.objects.count() == 2
