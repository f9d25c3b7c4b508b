import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.incidents import services
from itaku.incidents.choices import DETAIL_KIND, FIRST_REPORT_KIND, PPC_FINAL_KIND, PPC_PRELIMINARY_KIND
from itaku.journal.models import Event
from itaku.obligations.models import Obligation

from .conftest import hours_ago


def _obligations(incident, kind):
    return list(Obligation.objects.filter(source_id=incident.pk, kind=kind).order_by("id"))


def _events(incident):
    return list(Event.objects.filter(object_type="incidents.incident", object_id=str(incident.pk))
                .order_by("seq").values_list("action", flat=True))


def _report(incident, actor, **extra):
    values = dict(items="氏名、連絡先", content="配信先リスト", record_count=3, people_count=3, place="本社",
                  circumstances="宛先の誤り", cause="確認不足", prevention="二人で確認する")
    values.update(extra)
    return services.report_submit(actor=actor, incident=incident, **values)


@pytest.mark.clause("P-12")
@pytest.mark.clause("S-13")
def test_any_named_person_of_the_contractor_opens_and_both_sides_are_told(demo, current,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_open(actor=demo["worker2"], contract=current, scope="security",
                                          nature="tampering", suspected=True, title="改ざんのおそれ",
                                          summary="Webサイトの表示が変わった。", discovered_at=hours_ago(2))
    told = {m.to[0].split("@")[0] for m in mail.outbox}
    assert told == {"rep", "privacy", "security", "officer"}
    assert "改ざんのおそれ" in mail.outbox[0].subject
    first, = _obligations(incident, FIRST_REPORT_KIND)
    detail, = _obligations(incident, DETAIL_KIND)
    assert first.due_on == timezone.localdate(incident.discovered_at) and first.role == "security_officer"
    assert detail.due_on == first.due_on + dt.timedelta(days=3) and first.clause_id == "S-13"
    assert _events(incident) == ["incidents.incident.opened"]


@pytest.mark.clause("P-12")
def test_client_side_and_outsiders_cannot_open(demo, current):
    for name in ("officer", "auditor", "outsider"):
        with pytest.raises(PermissionRefused):
            services.incident_open(actor=demo[name], contract=current, scope="privacy", nature="leak", title="x",
                                   summary="x", discovered_at=hours_ago(1))


@pytest.mark.clause("P-12")
def test_discovery_in_the_future_is_refused(demo, current):
    with pytest.raises(ClauseViolation) as exc:
        services.incident_open(actor=demo["worker1"], contract=current, scope="privacy", nature="leak", title="x",
                               summary="x", discovered_at=timezone.now() + dt.timedelta(days=1))
    assert exc.value.field == "discovered_at" and exc.value.clause == "P-12"


@pytest.mark.clause("P-12")
def test_first_report_meets_the_obligation_and_a_late_one_is_late(demo, current, opened):
    with pytest.raises(PermissionRefused):
        services.incident_first_report(actor=demo["worker1"], incident=opened, body="報告")
    services.incident_first_report(actor=demo["privacy"], incident=opened, body="直ちに報告します。")
    first, = _obligations(opened, FIRST_REPORT_KIND)
    assert first.state == "met"
    with pytest.raises(ClauseViolation):
        services.incident_first_report(actor=demo["privacy"], incident=opened, body="again")
    late = services.incident_open(actor=demo["worker1"], contract=current, scope="privacy", nature="loss",
                                  title="紛失", summary="書類の紛失",
                                  discovered_at=timezone.now() - dt.timedelta(days=2))
    services.incident_first_report(actor=demo["rep"], incident=late, body="遅れて報告")
    event = Event.objects.filter(action="incidents.incident.reported", object_id=str(late.pk)).get()
    assert event.data["late"] is True


@pytest.mark.clause("P-12")
def test_measures_each_with_its_time_not_before_discovery(demo, opened):
    services.measure_record(actor=demo["worker1"], incident=opened, taken_at=hours_ago(0.5), description="削除依頼")
    with pytest.raises(ClauseViolation) as exc:
        services.measure_record(actor=demo["worker1"], incident=opened, taken_at=hours_ago(5), description="前")
    assert exc.value.code == "before_discovery"
    with pytest.raises(PermissionRefused):
        services.measure_record(actor=demo["officer"], incident=opened, taken_at=hours_ago(0.5), description="x")


@pytest.mark.clause("P-12")
def test_detailed_report_needs_the_p12_items_and_only_the_contracts_datasets(demo, opened):
    with pytest.raises(ClauseViolation) as exc:
        _report(opened, demo["privacy"], items="")
    assert exc.value.field == "items"
    with pytest.raises(ClauseViolation) as exc:
        _report(opened, demo["privacy"], record_count=None)
    assert exc.value.code == "quantity_missing"
    from itaku.privacy.models import Dataset

    other = Dataset(contract_id=opened.contract_id + 10_000, name="x")
    other.pk = 0
    with pytest.raises(ClauseViolation) as exc:
        _report(opened, demo["privacy"], datasets=[other])
    assert exc.value.code == "dataset_not_of_contract"


@pytest.mark.clause("P-12")
def test_return_for_more_detail_then_resubmission_then_acceptance(demo, opened):
    first = _report(opened, demo["privacy"])
    assert _obligations(opened, DETAIL_KIND)[0].state == "met"
    with pytest.raises(ClauseViolation):
        _report(opened, demo["privacy"])  # pending review
    with pytest.raises(PermissionRefused):
        services.report_review(actor=demo["privacy"], report=first, accept=True)
    with pytest.raises(ClauseViolation) as exc:
        services.report_review(actor=demo["officer"], report=first, accept=False, note="")
    assert exc.value.field == "note"
    due = timezone.localdate() + dt.timedelta(days=5)
    services.report_review(actor=demo["officer"], report=first, accept=False, note="原因を詳しく", resubmit_due_on=due)
    again = _obligations(opened, DETAIL_KIND)[-1]
    assert again.state == "open" and again.due_on == due
    second = _report(opened, demo["privacy"], cause="宛先の自動補完")
    assert second.version == 2 and second.due_on == due
    services.report_review(actor=demo["officer"], report=second, accept=True)
    assert _events(opened) == ["incidents.incident.opened", "incidents.report.submitted", "incidents.report.returned",
                               "incidents.report.submitted", "incidents.report.accepted"]


@pytest.mark.clause("P-12")
def test_the_officer_sets_the_detailed_reports_date(demo, opened):
    due = timezone.localdate() + dt.timedelta(days=10)
    services.detail_due_set(actor=demo["officer"], incident=opened, due_on=due, reason="関係者の聴取に時間を要する")
    assert _obligations(opened, DETAIL_KIND)[0].due_on == due
    with pytest.raises(PermissionRefused):
        services.detail_due_set(actor=demo["rep"], incident=opened, due_on=due)


@pytest.mark.clause("P-12")
def test_instruction_through_oversight_under_the_incidents_clause(demo, opened):
    from itaku.oversight.services import oversight_response_submit

    link = services.incident_instruct(actor=demo["officer"], incident=opened, subject="本人への通知",
                                      body="本人に通知すること", due_on=timezone.localdate() + dt.timedelta(days=3))
    request = link.request
    assert request.clause_id == "P-12" and request.kind == "instruction" and request.addressed_role == "privacy_officer"
    assert Obligation.objects.get(source_id=request.pk, kind="oversight.response").state == "open"
    assert _events(opened)[-1] == "incidents.instruction.issued"
    oversight_response_submit(actor=demo["privacy"], request=request, body="通知しました")
    with pytest.raises(PermissionRefused):
        services.incident_instruct(actor=demo["rep"], incident=opened, subject="x", body="x",
                                   due_on=timezone.localdate())


@pytest.mark.clause("P-12-2")
def test_publication_with_text_and_date_or_not(demo, opened):
    with pytest.raises(ClauseViolation) as exc:
        services.publication_decide(actor=demo["officer"], incident=opened, publish=True, text="")
    assert exc.value.clause == "P-12-2"
    services.publication_decide(actor=demo["officer"], incident=opened, publish=True,
                                text="委託先（株式会社サンプル広告）において誤送信がありました。",
                                published_on=timezone.localdate())
    opened.refresh_from_db()
    assert opened.publication == "publish" and opened.published_on == timezone.localdate()
    with pytest.raises(PermissionRefused):
        services.publication_decide(actor=demo["rep"], incident=opened, publish=False)


@pytest.mark.clause("S-13-2")
def test_publication_of_a_security_incident_names_s13_2(demo, current):
    incident = services.incident_open(actor=demo["security"], contract=current, scope="security", nature="destruction",
                                      title="破壊", summary="ディスクの破損", discovered_at=hours_ago(1))
    with pytest.raises(ClauseViolation) as exc:
        services.publication_decide(actor=demo["officer"], incident=incident, publish=True)
    assert exc.value.clause == "S-13-2"


@pytest.mark.clause("P-12")
def test_reportable_incident_opens_the_commissions_deadlines_from_when_the_client_learned(demo, opened):
    learned = opened.opened_at
    services.ppc_assess(actor=demo["officer"], incident=opened, sensitive=False, financial_harm=False,
                        wrongful_purpose=True, over_threshold=False, preliminary_days=5)
    opened.refresh_from_db()
    day = timezone.localdate(learned)
    assert opened.ppc_reportable and opened.ppc_preliminary_due_on == day + dt.timedelta(days=4)
    assert opened.ppc_final_due_on == day + dt.timedelta(days=59)  # wrongful purpose: 60 days
    pre, = _obligations(opened, PPC_PRELIMINARY_KIND)
    fin, = _obligations(opened, PPC_FINAL_KIND)
    assert pre.role == "officer" and fin.due_on == opened.ppc_final_due_on
    with pytest.raises(ClauseViolation):
        services.ppc_assess(actor=demo["officer"], incident=opened, sensitive=False, financial_harm=False,
                            wrongful_purpose=False, over_threshold=False)
    with pytest.raises(ClauseViolation) as exc:
        services.ppc_report_record(actor=demo["officer"], incident=opened, final=True, reported_on=timezone.localdate())
    assert exc.value.code == "preliminary_first"
    services.ppc_report_record(actor=demo["officer"], incident=opened, final=False, reported_on=timezone.localdate())
    services.ppc_report_record(actor=demo["officer"], incident=opened, final=True, reported_on=timezone.localdate())
    both = _obligations(opened, PPC_PRELIMINARY_KIND) + _obligations(opened, PPC_FINAL_KIND)
    assert {o.state for o in both} == {"met"}


@pytest.mark.clause("P-12")
def test_not_reportable_opens_nothing_and_security_only_incidents_are_not_assessed(demo, current, opened):
    services.ppc_assess(actor=demo["officer"], incident=opened, sensitive=False, financial_harm=False,
                        wrongful_purpose=False, over_threshold=False)
    opened.refresh_from_db()
    assert opened.ppc_reportable is False and not _obligations(opened, PPC_PRELIMINARY_KIND)
    with pytest.raises(ClauseViolation):
        services.ppc_report_record(actor=demo["officer"], incident=opened, final=False,
                                   reported_on=timezone.localdate())
    security = services.incident_open(actor=demo["security"], contract=current, scope="security", nature="loss",
                                      title="紛失", summary="USBメモリ", discovered_at=hours_ago(1))
    with pytest.raises(ClauseViolation) as exc:
        services.ppc_assess(actor=demo["officer"], incident=security, sensitive=True, financial_harm=False,
                            wrongful_purpose=False, over_threshold=False)
    assert exc.value.code == "not_personal_information"


@pytest.mark.clause("P-12")
def test_close_only_when_every_step_is_done(demo, opened):
    with pytest.raises(ClauseViolation) as exc:
        services.incident_close(actor=demo["officer"], incident=opened)
    assert exc.value.code == "not_reported"
    services.incident_first_report(actor=demo["privacy"], incident=opened, body="報告")
    report = _report(opened, demo["privacy"])
    services.report_review(actor=demo["officer"], report=report, accept=True)
    with pytest.raises(ClauseViolation) as exc:
        services.incident_close(actor=demo["officer"], incident=opened)
    assert exc.value.code == "ppc_not_assessed"
    services.ppc_assess(actor=demo["officer"], incident=opened, sensitive=False, financial_harm=False,
                        wrongful_purpose=False, over_threshold=False)
    with pytest.raises(ClauseViolation) as exc:
        services.incident_close(actor=demo["officer"], incident=opened)
    assert exc.value.code == "publication_undecided"
    services.publication_decide(actor=demo["officer"], incident=opened, publish=False)
    with pytest.raises(PermissionRefused):
        services.incident_close(actor=demo["rep"], incident=opened)
    services.incident_close(actor=demo["officer"], incident=opened, note="終結")
    with pytest.raises(ClauseViolation) as exc:
        services.measure_record(actor=demo["worker1"], incident=opened, taken_at=hours_ago(0.1), description="x")
    assert exc.value.code == "incident_closed"


@pytest.mark.clause("P-13")
def test_breach_with_a_price_reduction_in_integer_yen(demo, current, opened):
    breach = services.breach_record(actor=demo["officer"], contract=current, basis="P-13", clause_broken="p-6",
                                    found_in="incident", incident=opened, found_on=timezone.localdate(),
                                    description="暗号化せずに送信した", remedy="price_reduction", amount=330_000)
    assert breach.clause_broken == "P-6" and breach.amount == 330_000
    event = Event.objects.get(action="incidents.breach.recorded", object_id=str(breach.pk))
    assert event.clause_id == "P-13" and event.data["amount"] == 330_000
    for amount in (None, 0, 1.5, True, current.amount + 1):
        with pytest.raises(ClauseViolation) as exc:
            services.breach_record(actor=demo["officer"], contract=current, basis="P-13", clause_broken="P-6",
                                   found_in="other", found_on=timezone.localdate(), description="x",
                                   remedy="price_reduction", amount=amount)
        assert exc.value.field == "amount"


@pytest.mark.clause("S-14")
def test_breach_names_a_clause_of_its_annex_and_termination_has_no_amount(demo, current):
    with pytest.raises(ClauseViolation) as exc:
        services.breach_record(actor=demo["officer"], contract=current, basis="S-14", clause_broken="P-6",
                               found_in="other", found_on=timezone.localdate(), description="x", remedy="termination")
    assert exc.value.code == "clause_not_in_annex"
    breach = services.breach_record(actor=demo["officer"], contract=current, basis="S-14", clause_broken="S-8",
                                    found_in="other", found_on=timezone.localdate(), description="x",
                                    remedy="termination", amount=5)
    assert breach.amount is None
    with pytest.raises(PermissionRefused):
        services.breach_record(actor=demo["rep"], contract=current, basis="S-14", clause_broken="S-8",
                               found_in="other", found_on=timezone.localdate(), description="x", remedy="termination")
    with pytest.raises(ClauseViolation) as exc:
        services.breach_record(actor=demo["officer"], contract=current, basis="S-14", clause_broken="S-8",
                               found_in="incident", found_on=timezone.localdate(), description="x",
                               remedy="termination")
    assert exc.value.field == "incident"


@pytest.mark.clause("P-12")
def test_the_representative_owes_the_reports_where_the_contract_names_no_privacy_officer(demo):
    from itaku.contracts.demo import OTHER_TITLE
    from itaku.contracts.models import Contract

    other = Contract.objects.get(title=OTHER_TITLE)  # its only contractor member is the representative
    incident = services.incident_open(actor=demo["outsider"], contract=other, scope="privacy", nature="leak",
                                      title="誤送付", summary="チラシの送付先一覧を誤送付", discovered_at=hours_ago(1))
    assert {o.role for o in Obligation.objects.filter(source_id=incident.pk, kind__startswith="incidents.")} \
        == {"representative"}
