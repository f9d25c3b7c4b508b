"""Writes of the compliance reports (遵守状況報告, P-10-1) and of the privacy declaration (P-14).

- The client's officer sets the schedule (default monthly); every report of the contract's term is then
  due, each an obligation of the contractor's privacy officer.
- The privacy officer completes the draft Itaku makes (:mod:`.compliance_draft`) and submits it.
- The officer acknowledges it, or returns it with what is missing and a new due date.
- The contractor records where and since when its privacy-protection declaration is published (P-14).
"""

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.wareki import to_wareki
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_close_for, obligations_meet

from .choices import COMPLIANCE_KIND, DEFAULT_DUE_DAYS, ComplianceInterval, ComplianceState
from .compliance_draft import draft_facts
from .models import ComplianceReport, ComplianceSchedule, PrivacyDeclaration
from .services import _not_in_future, _roles

CLAUSE = "P-10"
MAX_BODY = 20000


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def compliance_periods(contract, interval: int) -> list[tuple[dt.date, dt.date]]:
    """The reporting periods over the contract's term: calendar months (or 3, 6) from the month it was
    signed, the first from the signing date, the last to the end of the term."""
    periods, start = [], contract.signed_on
    month_start = start.replace(day=1)
    while start <= contract.ends_on:
        next_start = _add_months(month_start, interval)
        end = min(next_start - dt.timedelta(days=1), contract.ends_on)
        periods.append((start, end))
        start = month_start = next_start
    return periods


def _title(report: ComplianceReport) -> str:
    return _("遵守状況報告（%(start)s〜%(end)s）") % {"start": to_wareki(report.period_start),
                                                 "end": to_wareki(report.period_end)}


def _open(report: ComplianceReport) -> None:
    obligation_open(contract=report.contract, clause=CLAUSE, kind=COMPLIANCE_KIND, title=_title(report),
                    role=Role.PRIVACY_OFFICER, due_on=report.due_on, source=report)


def _officer(actor, contract, message) -> None:
    if Role.OFFICER not in _roles(actor, contract):
        raise PermissionRefused(message, clause=CLAUSE)


@transaction.atomic
def compliance_schedule_set(*, actor, contract, interval: int = ComplianceInterval.MONTHLY,
                            due_days: int = DEFAULT_DUE_DAYS) -> ComplianceSchedule:
    """The client's officer sets how often the contractor reports (P-10-1); every report of the term becomes
    due. It can be changed while no report has been submitted."""
    from itaku.contracts.models import Contract

    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _officer(actor, contract, _("報告の予定を定めるのはこの契約の契約担当者です。"))
    check_accepts_work(contract)
    if interval not in ComplianceInterval.values:
        raise ClauseViolation(_("報告の間隔を選択してください。"), code="interval_invalid", clause=CLAUSE,
                              field="interval")
    if not isinstance(due_days, int) or not 1 <= due_days <= 60:
        raise ClauseViolation(_("1日から60日までの日数にしてください。"), code="due_days_invalid", clause=CLAUSE,
                              field="due_days")
    if ComplianceReport.objects.filter(contract=contract).exclude(state=ComplianceState.DUE).exists():
        raise ClauseViolation(_("提出された報告があるため、報告の予定は変更できません。"), code="schedule_in_use",
                              clause=CLAUSE)
    obligations_close_for(contract=contract, kinds=[COMPLIANCE_KIND], actor=actor,
                          reason=_("報告の予定を定め直したため"))
    ComplianceReport.objects.filter(contract=contract).delete()
    schedule, _created = ComplianceSchedule.objects.update_or_create(
        contract=contract, defaults={"interval": interval, "due_days": due_days, "set_by": actor,
                                     "set_on": timezone.localdate()})
    reports = ComplianceReport.objects.bulk_create([
        ComplianceReport(contract=contract, period_start=start, period_end=end,
                         due_on=end + dt.timedelta(days=due_days))
        for start, end in compliance_periods(contract, interval)])
    for report in ComplianceReport.objects.filter(contract=contract).order_by("period_start"):
        _open(report)
    journal_append(actor=actor, action="oversight.compliance.scheduled", contract=contract, clause=CLAUSE,
                   obj=schedule, data={"interval": interval, "due_days": due_days, "reports": len(reports)})
    return schedule


def _locked(report: ComplianceReport) -> ComplianceReport:
    return ComplianceReport.objects.select_for_update(of=("self",)).select_related("contract").get(pk=report.pk)


def may_submit(actor, contract) -> bool:
    """P-10-1: the contractor's privacy officer (個人情報保護責任者) reports."""
    return Role.PRIVACY_OFFICER in _roles(actor, contract)


@transaction.atomic
def compliance_report_submit(*, actor, report: ComplianceReport, body: str,
                             on: dt.date | None = None) -> ComplianceReport:
    """The privacy officer submits the report of a period that has ended, completed from Itaku's draft; what
    Itaku knew is kept with it. Meets the report's obligation."""
    report = _locked(report)
    contract = report.contract
    if not may_submit(actor, contract):
        raise PermissionRefused(_("遵守状況報告を提出するのはこの契約の個人情報保護責任者です。"), clause=CLAUSE)
    if report.state not in (ComplianceState.DUE, ComplianceState.RETURNED):
        raise ClauseViolation(_("この報告は「%(state)s」のため提出できません。")
                              % {"state": report.get_state_display()},
                              code="report_state", clause=CLAUSE)
    on = on or timezone.localdate()
    _not_in_future(on, clause=CLAUSE, field="submitted_on")
    if on < report.period_end:
        raise ClauseViolation(_("対象期間の末日（%(day)s）以後に提出してください。")
                              % {"day": to_wareki(report.period_end)},
                              code="period_not_ended", clause=CLAUSE, field="submitted_on")
    body = (body or "").strip()
    if not body:
        raise ClauseViolation(_("報告の内容を入力してください。"), code="body_missing", clause=CLAUSE, field="body")
    if len(body) > MAX_BODY:
        raise ClauseViolation(_("%(max)s字以内で入力してください。") % {"max": MAX_BODY}, code="too_long",
                              clause=CLAUSE,
                              field="body")
    report.facts = draft_facts(report)
    report.body, report.state = body, ComplianceState.SUBMITTED
    report.submitted_by, report.submitted_on = actor, on
    report.save(update_fields=["facts", "body", "state", "submitted_by", "submitted_on"])
    obligations_meet(source=report, kind=COMPLIANCE_KIND, actor=actor, on=on)
    journal_append(actor=actor, action="oversight.compliance.submitted", contract=contract, clause=CLAUSE, obj=report,
                   data={"period": [report.period_start, report.period_end], "submitted_on": on,
                         "late": on > report.due_on, "body": body, "facts": report.facts})
    return report


@transaction.atomic
def compliance_report_review(*, actor, report: ComplianceReport, acknowledge: bool, note: str = "",
                             due_on: dt.date | None = None, on: dt.date | None = None) -> ComplianceReport:
    """The client's officer acknowledges a submitted report, or returns it with what is missing and a new
    due date (a new obligation)."""
    report = _locked(report)
    contract = report.contract
    _officer(actor, contract, _("報告を確認するのはこの契約の契約担当者です。"))
    if report.state != ComplianceState.SUBMITTED:
        raise ClauseViolation(_("提出された報告だけを確認できます。"), code="report_state", clause=CLAUSE)
    on = on or timezone.localdate()
    _not_in_future(on, clause=CLAUSE, field="reviewed_on")
    note = (note or "").strip()[:MAX_BODY]
    if not acknowledge:
        if not note:
            raise ClauseViolation(_("差し戻す理由（追加で求める事項）を入力してください。"), code="note_missing",
                                  clause=CLAUSE, field="note")
        if due_on is None or due_on < on:
            raise ClauseViolation(_("新しい提出期限を今日以後の日付で入力してください。"), code="due_on_invalid",
                                  clause=CLAUSE, field="due_on")
        report.due_on = due_on
    report.state = ComplianceState.ACKNOWLEDGED if acknowledge else ComplianceState.RETURNED
    report.reviewed_by, report.reviewed_on, report.review_note = actor, on, note
    report.save(update_fields=["state", "reviewed_by", "reviewed_on", "review_note", "due_on"])
    if not acknowledge:
        _open(report)
    journal_append(actor=actor, action="oversight.compliance." + ("acknowledged" if acknowledge else "returned"),
                   contract=contract, clause=CLAUSE, obj=report,
                   data={"period": [report.period_start, report.period_end], "reviewed_on": on, "note": note,
                         "due_on": report.due_on if not acknowledge else None})
    return report


# -- P-14 --------------------------------------------------------------------------------------------

def may_declare(actor, contract) -> bool:
    return bool(_roles(actor, contract) & {Role.REPRESENTATIVE, Role.PRIVACY_OFFICER})


@transaction.atomic
def privacy_declaration_record(*, actor, contract, where: str, published_on: dt.date) -> PrivacyDeclaration:
    """The contractor's representative or privacy officer records where (a URL or a place) and since when
    its privacy-protection declaration is published (P-14), for its organisation."""
    if not may_declare(actor, contract):
        raise PermissionRefused(_("個人情報保護方針の公表を記録するのは乙の代表者又は個人情報保護責任者です。"),
                                clause="P-14")
    where = (where or "").strip()
    if not where:
        raise ClauseViolation(_("公表の場所（URL又は掲示場所）を入力してください。"), code="where_missing",
                              clause="P-14",
                              field="where")
    if len(where) > 500:
        raise ClauseViolation(_("%(max)s字以内で入力してください。") % {"max": 500}, code="too_long", clause="P-14",
                              field="where")
    if published_on is None:
        raise ClauseViolation(_("公表日を入力してください。"), code="published_on_missing", clause="P-14",
                              field="published_on")
    _not_in_future(published_on, clause="P-14", field="published_on")
    declaration = PrivacyDeclaration.objects.create(organisation=contract.contractor, where=where,
                                                    published_on=published_on, recorded_by=actor,
                                                    recorded_at=timezone.now())
    journal_append(actor=actor, action="oversight.declaration.recorded", contract=contract, clause="P-14",
                   obj=declaration, data={"organisation": contract.contractor.name, "where": where,
                                          "published_on": published_on})
    return declaration


def declaration_of(contract) -> PrivacyDeclaration | None:
    """The newest declaration of the contract's contractor."""
    return (PrivacyDeclaration.objects.filter(organisation_id=contract.contractor_id)
            .select_related("recorded_by").order_by("-published_on", "-id").first())
