"""Writes of incidents (P-12, S-13) and breaches (P-13, S-14).

Each service checks the actor's role on the contract and the clause's conditions, changes the models,
opens or meets the obligations behind each deadline and appends one journal event, in one transaction.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import CONTRACTOR_ROLES, Role
from itaku.accounts.models import Membership
from itaku.contracts.choices import ContractState
from itaku.contracts.lifecycle import services as lifecycle
from itaku.contracts.models import Contract
from itaku.contracts.models.lifecycle import Invoice, InvoiceState
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_meet, obligations_of

from . import deadlines
from .choices import (
    DETAIL_KIND,
    FIRST_REPORT_KIND,
    PPC_FINAL_KIND,
    PPC_PRELIMINARY_KIND,
    BreachBasis,
    BreachFoundIn,
    IncidentState,
    Nature,
    Publication,
    Remedy,
    ReportState,
    Scope,
)
from .models import Breach, DetailedReport, Incident, IncidentInstruction, Measure
from .notify import notify_opened

# The contractor's people responsible for an incident: they make the reports (P-3 個人情報保護責任者,
# S-3 セキュリティ責任者, and the representative).
RESPONSIBLE_ROLES = frozenset({Role.REPRESENTATIVE, Role.PRIVACY_OFFICER, Role.SECURITY_OFFICER})
MAX_YEN = 10**12
REPORT_FIELDS = ["items", "content", "record_count", "people_count", "place", "circumstances", "other_assets",
                 "cause", "prevention"]


def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def may_open(actor, contract) -> bool:
    """P-12, S-13: any named person of the contractor who learns of an incident opens it."""
    return bool(roles_of(actor, contract) & CONTRACTOR_ROLES) and contract.state != ContractState.DRAFT


def may_report(actor, contract) -> bool:
    return bool(roles_of(actor, contract) & RESPONSIBLE_ROLES)


def is_officer(actor, contract) -> bool:
    return Role.OFFICER in roles_of(actor, contract)


def owing_role(scope: str, contract=None) -> str:
    """Who owes the reports: the privacy officer (P-3) for personal information, the security officer (S-3)
    for information security, the representative when both annexes apply or when the contract names no one
    in that role."""
    role = {Scope.PRIVACY: Role.PRIVACY_OFFICER, Scope.SECURITY: Role.SECURITY_OFFICER}.get(scope, Role.REPRESENTATIVE)
    if contract is not None and role != Role.REPRESENTATIVE \
            and not Membership.objects.filter(contract=contract, role=role).exists():
        return Role.REPRESENTATIVE
    return role


def _refuse_unless(allowed: bool, message, clause: str) -> None:
    if not allowed:
        raise PermissionRefused(message, clause=clause)


def _text(value, message, *, clause: str, field: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ClauseViolation(message, code=f"{field}_missing", clause=clause, field=field)
    return value[:limit] if limit else value


def _moment(value, *, clause: str, field: str, not_before: dt.datetime | None = None) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ClauseViolation(_("日時を入力してください。"), code=f"{field}_missing", clause=clause, field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + dt.timedelta(minutes=5):
        raise ClauseViolation(_("未来の日時は記録できません。"), code="date_in_future", clause=clause, field=field)
    if value.year < 1989:
        raise ClauseViolation(_("日付は平成元年1月8日から2199年12月31日までの間で入力してください。"),
                              code="date_out_of_range", clause=clause, field=field)
    if not_before is not None and value < not_before:
        raise ClauseViolation(_("発見日時より前の日時は記録できません。"), code="before_discovery", clause=clause,
                              field=field)
    return value


def _day(value, *, clause: str, field: str, not_before: dt.date | None = None, future_ok: bool = False) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ClauseViolation(_("日付を入力してください。"), code=f"{field}_missing", clause=clause, field=field)
    if not dt.date(1989, 1, 8) <= value <= dt.date(2199, 12, 31):
        raise ClauseViolation(_("日付は平成元年1月8日から2199年12月31日までの間で入力してください。"),
                              code="date_out_of_range", clause=clause, field=field)
    if not future_ok and value > timezone.localdate():
        raise ClauseViolation(_("未来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if not_before is not None and value < not_before:
        raise ClauseViolation(_("この日付は事故の発見日以後にしてください。"), code="date_too_early", clause=clause,
                              field=field)
    return value


def _when(at, incident: Incident) -> dt.datetime:
    """When a step happened: now, or earlier when it is recorded afterwards (a report handed over on paper),
    never before the discovery nor in the future."""
    if at is None:
        return timezone.now()
    return _moment(at, clause=incident.clause_id, field="at", not_before=incident.discovered_at)


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().select_related("contract").get(pk=incident.pk)


def _check_open(incident: Incident) -> None:
    if incident.state != IncidentState.OPEN:
        raise ClauseViolation(_("終結した事故には記録できません。"), code="incident_closed", clause=incident.clause_id)


# -- the contractor: open, first report, measures, detailed report ---------------------------------------

@transaction.atomic
def incident_open(*, actor, contract, scope: str, nature: str, title: str, summary: str,
                  discovered_at: dt.datetime, suspected: bool = False, at: dt.datetime | None = None) -> Incident:
    """A named person of the contractor opens an incident, or the suspicion of one, with the time it was
    discovered, whoever is to blame (P-12, S-13). The first report is owed the same day and the detailed
    report by the default date; the contractor's responsible people and the client's officers are told."""
    if not may_open(actor, contract):
        raise PermissionRefused(
            _("事故を報告できるのは、この契約の受注者側の関係者（代表者・責任者・作業従事者）です。"),
                                clause="P-12")
    if scope not in Scope.values:
        raise ClauseViolation(_("対象（個人情報・情報セキュリティ）を選んでください。"), code="scope_invalid",
                              clause="P-12", field="scope")
    clause = "S-13" if scope == Scope.SECURITY else "P-12"
    if nature not in Nature.values:
        raise ClauseViolation(_("事故の種類を選んでください。"), code="nature_invalid", clause=clause, field="nature")
    title = _text(title, _("件名を入力してください。"), clause=clause, field="title", limit=200)
    summary = _text(summary, _("概要を入力してください。"), clause=clause, field="summary")
    discovered_at = _moment(discovered_at, clause=clause, field="discovered_at")
    now = _moment(at, clause=clause, field="at", not_before=discovered_at) if at else timezone.now()
    incident = Incident.objects.create(
        contract=contract, scope=scope, nature=nature, suspected=bool(suspected), title=title, summary=summary,
        discovered_at=discovered_at, opened_by=actor, opened_at=now,
        detail_due_on=deadlines.detailed_report_due(discovered_at))
    role = owing_role(scope, contract)
    first = obligation_open(contract=contract, clause=clause, kind=FIRST_REPORT_KIND,
                            title=_("事故の第一報「%(title)s」") % {"title": title}, role=role,
                            due_on=deadlines.first_report_due(discovered_at), source=incident)
    detail = obligation_open(contract=contract, clause=clause, kind=DETAIL_KIND,
                             title=_("事故の詳細報告・対処方針「%(title)s」") % {"title": title}, role=role,
                             due_on=incident.detail_due_on, source=incident)
    notified = notify_opened(incident)
    journal_append(actor=actor, action="incidents.incident.opened", contract=contract, clause=clause, obj=incident,
                   data={"scope": scope, "nature": nature, "suspected": bool(suspected), "title": title,
                         "summary": summary, "discovered_at": discovered_at, "opened_at": now,
                         "opened_on": timezone.localdate(now),
                         "obligations": [first.pk, detail.pk], "notified": notified})
    return incident


@transaction.atomic
def incident_first_report(*, actor, incident: Incident, body: str, reported_at: dt.datetime | None = None) -> Incident:
    """The contractor's responsible person reports to the client at once (P-12, S-13 「直ちに」): the first
    report's obligation is met; a report after the day of discovery is late."""
    incident = _locked(incident)
    clause = incident.clause_id
    _refuse_unless(may_report(actor, incident.contract),
                   _("第一報ができるのは、受注者の代表者・個人情報保護責任者・セキュリティ責任者です。"), clause)
    _check_open(incident)
    if incident.reported_at:
        raise ClauseViolation(_("第一報はすでに記録されています。"), code="already_reported", clause=clause)
    body = _text(body, _("第一報の内容を入力してください。"), clause=clause, field="first_report")
    reported_at = _moment(reported_at or timezone.now(), clause=clause, field="reported_at",
                          not_before=incident.discovered_at)
    incident.first_report, incident.reported_at, incident.reported_by = body, reported_at, actor
    incident.save(update_fields=["first_report", "reported_at", "reported_by"])
    obligations_meet(source=incident, kind=FIRST_REPORT_KIND, actor=actor, on=timezone.localdate(reported_at))
    due = deadlines.first_report_due(incident.discovered_at)
    journal_append(actor=actor, action="incidents.incident.reported", contract=incident.contract, clause=clause,
                   obj=incident, data={"first_report": body, "reported_at": reported_at,
                                       "reported_on": timezone.localdate(reported_at),
                                       "due_on": due,
                                       "late": timezone.localdate(reported_at) > due})
    return incident


@transaction.atomic
def measure_record(*, actor, incident: Incident, taken_at: dt.datetime, description: str) -> Measure:
    """An emergency measure taken (P-12, S-13 「速やかに応急措置を講じ」), with its time."""
    incident = _locked(incident)
    clause = incident.clause_id
    _refuse_unless(bool(roles_of(actor, incident.contract) & CONTRACTOR_ROLES),
                   _("応急措置を記録できるのは、この契約の受注者側の関係者です。"), clause)
    _check_open(incident)
    description = _text(description, _("応急措置の内容を入力してください。"), clause=clause, field="description")
    taken_at = _moment(taken_at, clause=clause, field="taken_at", not_before=incident.discovered_at)
    measure = Measure.objects.create(incident=incident, taken_at=taken_at, description=description, recorded_by=actor,
                                     recorded_at=max(timezone.now(), taken_at))
    journal_append(actor=actor, action="incidents.measure.recorded", contract=incident.contract, clause=clause,
                   obj=incident, data={"measure": measure.pk, "taken_at": taken_at,
                                       "taken_on": timezone.localdate(taken_at),
                                       "description": description})
    return measure


def _count(value, *, clause: str, field: str):
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2_000_000_000:
        raise ClauseViolation(_("件数・人数は0以上の整数で入力してください。"), code="count_invalid", clause=clause,
                              field=field)
    return value


@transaction.atomic
def report_submit(*, actor, incident: Incident, place: str, circumstances: str, cause: str, prevention: str,
                  items: str = "", content: str = "", record_count=None, people_count=None, datasets=(),
                  other_assets: str = "", assets=(), at: dt.datetime | None = None) -> DetailedReport:
    """The detailed report and the plan (P-12: the items, content and number of the personal information,
    where and how it happened; S-13: the report and the plan), first or again after the client returned it.
    The report's obligation is met on the day it is submitted."""
    incident = _locked(incident)
    clause = incident.clause_id
    _refuse_unless(may_report(actor, incident.contract),
                   _("詳細報告ができるのは、受注者の代表者・個人情報保護責任者・セキュリティ責任者です。"), clause)
    _check_open(incident)
    last = incident.reports.order_by("-version").first()
    if last is not None and last.state != ReportState.RETURNED:
        raise ClauseViolation(_("詳細報告は提出済です。甲が差し戻したときに再提出できます。"), code="report_pending",
                              clause=clause)
    privacy = incident.scope != Scope.SECURITY
    if privacy:
        items = _text(items, _("個人情報の項目を入力してください（P-12）。"), clause="P-12", field="items")
        people_count = _count(people_count, clause="P-12", field="people_count")
        record_count = _count(record_count, clause="P-12", field="record_count")
        if people_count is None or record_count is None:
            raise ClauseViolation(_("個人情報の数量（件数・本人の数）を入力してください（P-12）。"),
                                  code="quantity_missing", clause="P-12",
                                  field="record_count" if record_count is None else "people_count")
    else:
        people_count = _count(people_count, clause=clause, field="people_count")
        record_count = _count(record_count, clause=clause, field="record_count")
    place = _text(place, _("発生場所を入力してください。"), clause=clause, field="place")
    circumstances = _text(circumstances, _("発生状況を入力してください。"), clause=clause, field="circumstances")
    cause = _text(cause, _("原因を入力してください。"), clause=clause, field="cause")
    prevention = _text(prevention, _("再発防止策・今後の対処方針を入力してください。"), clause=clause,
                       field="prevention")
    datasets = list(datasets)
    for ds in datasets:
        if ds.contract_id != incident.contract_id:
            raise ClauseViolation(_("関係する個人情報は、この契約の管理台帳から選んでください。"),
                                  code="dataset_not_of_contract", clause="P-12", field="datasets")
    assets = list(assets)
    for asset in assets:
        # P-12, S-13: the assets involved are chosen from the contract's own register (S-2, S-7).
        if asset.contract_id != incident.contract_id:
            raise ClauseViolation(_("関係する情報資産は、この契約の情報資産の台帳から選んでください（%(clause)s）。")
                                  % {"clause": clause}, code="asset_not_of_contract", clause=clause, field="assets")
    report = DetailedReport.objects.create(
        incident=incident, version=(last.version + 1) if last else 1, items=(items or "").strip(),
        content=(content or "").strip(), record_count=record_count, people_count=people_count, place=place,
        circumstances=circumstances, other_assets=(other_assets or "").strip(), cause=cause, prevention=prevention,
        due_on=incident.detail_due_on, submitted_by=actor, submitted_at=_when(at, incident))
    report.datasets.set(datasets)
    report.assets.set(assets)
    obligations_meet(source=incident, kind=DETAIL_KIND, actor=actor, on=timezone.localdate(report.submitted_at))
    journal_append(actor=actor, action="incidents.report.submitted", contract=incident.contract, clause=clause,
                   obj=incident, data={"report": report.pk, "version": report.version,
                                       **{f: getattr(report, f) for f in REPORT_FIELDS},
                                       "datasets": [d.pk for d in datasets],
                                       "assets": [a.pk for a in assets], "due_on": incident.detail_due_on,
                                       "submitted_on": timezone.localdate(report.submitted_at)})
    return report


# -- the client: review, due date, instructions, publication, the Commission, close --------------------

@transaction.atomic
def report_review(*, actor, report: DetailedReport, accept: bool, note: str = "",
                  resubmit_due_on: dt.date | None = None, at: dt.datetime | None = None) -> DetailedReport:
    """The client's officer accepts the detailed report, or returns it for more detail with a new due date
    (by default DETAIL_DEFAULT_DAYS from today): the contractor owes the resubmission by then (P-12)."""
    incident = _locked(report.incident)
    clause = incident.clause_id
    _refuse_unless(is_officer(actor, incident.contract),
                   _("詳細報告を受理・差戻しできるのは、この契約の契約担当者です。"), clause)
    _check_open(incident)
    report = DetailedReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ClauseViolation(_("この詳細報告はすでに確認されています。"), code="report_reviewed", clause=clause)
    note = (note or "").strip()
    today = timezone.localdate(_when(at, incident))
    obligation = None
    if not accept:
        note = _text(note, _("差し戻す理由（追加で求める事項）を入力してください。"), clause=clause, field="note")
        due = resubmit_due_on or today + dt.timedelta(days=deadlines.DETAIL_DEFAULT_DAYS)
        _day(due, clause=clause, field="resubmit_due_on", not_before=today, future_ok=True)
        report.resubmit_due_on = due
        incident.detail_due_on = due
        incident.save(update_fields=["detail_due_on"])
        obligation = obligation_open(contract=incident.contract, clause=clause, kind=DETAIL_KIND,
                                     title=_("事故の詳細報告の再提出「%(title)s」") % {"title": incident.title},
                                     role=owing_role(incident.scope, incident.contract), due_on=due,
                                     source=incident)
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.review_note, report.reviewed_by, report.reviewed_at = note, actor, _when(at, incident)
    report.save(update_fields=["state", "review_note", "reviewed_by", "reviewed_at", "resubmit_due_on"])
    journal_append(actor=actor, action="incidents.report.accepted" if accept else "incidents.report.returned",
                   contract=incident.contract, clause=clause, obj=incident,
                   data={"report": report.pk, "version": report.version, "note": note,
                         "reviewed_on": timezone.localdate(report.reviewed_at),
                         "resubmit_due_on": report.resubmit_due_on,
                         "obligation": obligation.pk if obligation else None})
    return report


@transaction.atomic
def detail_due_set(*, actor, incident: Incident, due_on: dt.date, reason: str = "") -> Incident:
    """The client's officer sets the date of the detailed report by its instruction (P-12 「遅滞なく」)."""
    incident = _locked(incident)
    clause = incident.clause_id
    _refuse_unless(is_officer(actor, incident.contract),
                   _("詳細報告の期限を指定できるのは、この契約の契約担当者です。"), clause)
    _check_open(incident)
    due_on = _day(due_on, clause=clause, field="due_on", not_before=timezone.localdate(incident.discovered_at),
                  future_ok=True)
    open_ones = obligations_of(incident, kind=DETAIL_KIND).filter(state="open")
    if not open_ones.exists():
        raise ClauseViolation(_("提出を待っている詳細報告はありません。"), code="no_report_due", clause=clause)
    before = incident.detail_due_on
    open_ones.update(due_on=due_on)
    incident.detail_due_on = due_on
    incident.save(update_fields=["detail_due_on"])
    journal_append(actor=actor, action="incidents.report.due_set", contract=incident.contract, clause=clause,
                   obj=incident, data={"due_on": due_on, "before": before, "reason": (reason or "").strip()})
    return incident


@transaction.atomic
def incident_instruct(*, actor, incident: Incident, subject: str, body: str, due_on: dt.date,
                      addressed_role: str | None = None, issued_on: dt.date | None = None) -> IncidentInstruction:
    """The client's instruction on the incident (P-12, S-13 「甲の指示に従う」), through the oversight
    mechanism: an instruction under the incident's clause, answered by its due date."""
    from itaku.oversight.choices import RequestKind
    from itaku.oversight.services import oversight_request_issue

    incident = _locked(incident)
    _refuse_unless(is_officer(actor, incident.contract),
                   _("事故について指示できるのは、この契約の契約担当者です。"), incident.clause_id)
    _check_open(incident)
    request = oversight_request_issue(
        actor=actor, contract=incident.contract, clause_id=incident.clause_id, kind=RequestKind.INSTRUCTION,
        subject=subject, body=body, due_on=due_on,
        addressed_role=addressed_role or owing_role(incident.scope, incident.contract),
        issued_on=issued_on)
    link = IncidentInstruction.objects.create(incident=incident, request=request)
    # The request's own event (oversight.request.issued) records the instruction; this one ties it to the
    # incident, in the same transaction.
    journal_append(actor=actor, action="incidents.instruction.issued", contract=incident.contract,
                   clause=incident.clause_id, obj=incident,
                   data={"request": request.pk, "subject": request.subject, "issued_on": request.issued_on,
                         "due_on": request.due_on, "addressed_role": request.addressed_role})
    return link


@transaction.atomic
def publication_decide(*, actor, incident: Incident, publish: bool, text: str = "",
                       published_on: dt.date | None = None, at: dt.datetime | None = None) -> Incident:
    """The client decides whether to publish a summary of the incident naming the contractor, and records
    the text and the date (P-12-2, S-13-2)."""
    incident = _locked(incident)
    clause = "S-13-2" if incident.scope == Scope.SECURITY else "P-12-2"
    _refuse_unless(is_officer(actor, incident.contract),
                   _("公表を判断できるのは、この契約の契約担当者です。"), clause)
    text = (text or "").strip()
    if publish:
        text = _text(text, _("公表した概要（乙の名称を含む）を入力してください。"), clause=clause, field="text")
        published_on = _day(published_on, clause=clause, field="published_on",
                            not_before=timezone.localdate(incident.discovered_at))
    else:
        text, published_on = "", None
    incident.publication = Publication.PUBLISH if publish else Publication.NOT_PUBLISH
    incident.publication_text, incident.published_on = text, published_on
    incident.publication_decided_by, incident.publication_decided_at = actor, _when(at, incident)
    incident.save(update_fields=["publication", "publication_text", "published_on", "publication_decided_by",
                                 "publication_decided_at"])
    journal_append(actor=actor, action="incidents.publication.decided", contract=incident.contract, clause=clause,
                   obj=incident, data={"publish": bool(publish), "text": text, "published_on": published_on,
                                       "decided_on": timezone.localdate(incident.publication_decided_at)})
    return incident


@transaction.atomic
def ppc_assess(*, actor, incident: Incident, sensitive: bool, financial_harm: bool, wrongful_purpose: bool,
               over_threshold: bool, learned_at: dt.datetime | None = None,
               preliminary_days: int = deadlines.PPC_PRELIMINARY_DAYS, at: dt.datetime | None = None) -> Incident:
    """The client answers the four questions of the report to the Personal Information Protection Commission
    (個人情報保護法 68条1項, 行政機関等): where any holds, it owes the 速報 (``preliminary_days``, 3 by default)
    and the 確報 (30 days, 60 for a wrongful purpose), counted from when it learned of the incident (by
    default when the contractor opened it: opening told the client's officers at once)."""
    incident = _locked(incident)
    clause = "P-12"
    _refuse_unless(is_officer(actor, incident.contract),
                   _("個人情報保護委員会への報告の要否を判断できるのは、この契約の契約担当者です。"), clause)
    _check_open(incident)
    if incident.scope == Scope.SECURITY:
        raise ClauseViolation(_("個人情報に係る事故ではないため、個人情報保護委員会への報告の判断はありません。"),
                              code="not_personal_information", clause=clause)
    if incident.ppc_assessed_at:
        raise ClauseViolation(_("個人情報保護委員会への報告の要否はすでに判断されています。"), code="already_assessed",
                              clause=clause)
    answers = {"sensitive": sensitive, "financial_harm": financial_harm, "wrongful_purpose": wrongful_purpose,
               "over_threshold": over_threshold}
    for name, value in answers.items():
        if not isinstance(value, bool):
            raise ClauseViolation(_("すべての問いに「はい」又は「いいえ」で答えてください。"), code="answer_missing",
                                  clause=clause, field=name)
    if not isinstance(preliminary_days, int) or isinstance(preliminary_days, bool) or not 1 <= preliminary_days <= 30:
        raise ClauseViolation(_("速報の日数は1日から30日までの整数で入力してください。"), code="days_invalid",
                              clause=clause, field="preliminary_days")
    learned_at = _moment(learned_at or incident.opened_at, clause=clause, field="learned_at",
                         not_before=incident.discovered_at)
    reportable = deadlines.ppc_reportable(**answers)
    incident.ppc_learned_at = learned_at
    incident.ppc_sensitive, incident.ppc_financial_harm = sensitive, financial_harm
    incident.ppc_wrongful_purpose, incident.ppc_over_threshold = wrongful_purpose, over_threshold
    incident.ppc_reportable = reportable
    incident.ppc_assessed_by, incident.ppc_assessed_at = actor, _when(at, incident)
    opened = []
    if reportable:
        incident.ppc_preliminary_due_on = deadlines.ppc_deadline(learned_at, preliminary_days)
        incident.ppc_final_due_on = deadlines.ppc_deadline(
            learned_at, deadlines.ppc_final_days(wrongful_purpose=wrongful_purpose))
        for kind, title, due in (
                (PPC_PRELIMINARY_KIND, _("個人情報保護委員会への速報「%(title)s」"), incident.ppc_preliminary_due_on),
                (PPC_FINAL_KIND, _("個人情報保護委員会への確報「%(title)s」"), incident.ppc_final_due_on)):
            opened.append(obligation_open(contract=incident.contract, clause=clause, kind=kind,
                                          title=title % {"title": incident.title}, role=Role.OFFICER, due_on=due,
                                          source=incident).pk)
    incident.save()
    journal_append(actor=actor, action="incidents.ppc.assessed", contract=incident.contract, clause=clause,
                   obj=incident, data={**answers, "learned_at": learned_at, "reportable": reportable,
                                       "preliminary_days": preliminary_days,
                                       "preliminary_due_on": incident.ppc_preliminary_due_on,
                                       "final_due_on": incident.ppc_final_due_on, "obligations": opened,
                                       "assessed_on": timezone.localdate(incident.ppc_assessed_at)})
    return incident


@transaction.atomic
def ppc_report_record(*, actor, incident: Incident, final: bool, reported_on: dt.date) -> Incident:
    """The client records the day it made its 速報 or 確報 to the Commission: the obligation is met."""
    incident = _locked(incident)
    clause = "P-12"
    _refuse_unless(is_officer(actor, incident.contract),
                   _("個人情報保護委員会への報告を記録できるのは、この契約の契約担当者です。"), clause)
    if not incident.ppc_reportable:
        raise ClauseViolation(_("個人情報保護委員会への報告を要すると判断された事故ではありません。"),
                              code="not_reportable", clause=clause)
    field = "ppc_final_on" if final else "ppc_preliminary_on"
    if getattr(incident, field):
        raise ClauseViolation(_("この報告はすでに記録されています。"), code="already_recorded", clause=clause)
    if final and not incident.ppc_preliminary_on:
        raise ClauseViolation(_("確報の前に速報を記録してください。"), code="preliminary_first", clause=clause)
    reported_on = _day(reported_on, clause=clause, field="reported_on",
                       not_before=timezone.localdate(incident.ppc_learned_at))
    setattr(incident, field, reported_on)
    incident.save(update_fields=[field])
    kind = PPC_FINAL_KIND if final else PPC_PRELIMINARY_KIND
    obligations_meet(source=incident, kind=kind, actor=actor, on=reported_on)
    due = incident.ppc_final_due_on if final else incident.ppc_preliminary_due_on
    journal_append(actor=actor, action="incidents.ppc.final" if final else "incidents.ppc.preliminary",
                   contract=incident.contract, clause=clause, obj=incident,
                   data={"reported_on": reported_on, "due_on": due, "late": reported_on > due})
    return incident


def close_refusal(incident: Incident):
    """What keeps the incident open, as a refusal, or None."""
    clause = incident.clause_id
    if incident.state != IncidentState.OPEN:
        return ClauseViolation(_("この事故はすでに終結しています。"), code="incident_closed", clause=clause)
    if not incident.reported_at:
        return ClauseViolation(_("第一報が記録されていません。"), code="not_reported", clause=clause)
    if not incident.reports.filter(state=ReportState.ACCEPTED).exists():
        return ClauseViolation(_("詳細報告が受理されていません。"), code="report_not_accepted", clause=clause)
    if incident.scope != Scope.SECURITY:
        if incident.ppc_assessed_at is None:
            return ClauseViolation(_("個人情報保護委員会への報告の要否を判断してください。"), code="ppc_not_assessed",
                                   clause="P-12")
        if incident.ppc_reportable and not incident.ppc_final_on:
            return ClauseViolation(_("個人情報保護委員会への確報が記録されていません。"), code="ppc_not_reported",
                                   clause="P-12")
    if not incident.publication:
        return ClauseViolation(_("公表するかどうかを判断してください（P-12-2・S-13-2）。"),
                               code="publication_undecided",
                               clause="P-12-2" if incident.scope != Scope.SECURITY else "S-13-2")
    return None


@transaction.atomic
def incident_close(*, actor, incident: Incident, note: str = "", at: dt.datetime | None = None) -> Incident:
    """The client's officer closes the incident once reported, reported in full and accepted, the
    publication decided and, where reportable, the Commission told."""
    incident = _locked(incident)
    _refuse_unless(is_officer(actor, incident.contract),
                   _("事故を終結できるのは、この契約の契約担当者です。"), incident.clause_id)
    refusal = close_refusal(incident)
    if refusal is not None:
        raise refusal
    incident.state, incident.closed_at, incident.closed_by = IncidentState.CLOSED, _when(at, incident), actor
    incident.closing_note = (note or "").strip()
    incident.save(update_fields=["state", "closed_at", "closed_by", "closing_note"])
    journal_append(actor=actor, action="incidents.incident.closed", contract=incident.contract,
                   clause=incident.clause_id, obj=incident,
                   data={"note": incident.closing_note, "closed_on": timezone.localdate(incident.closed_at)})
    return incident


# -- breaches (P-13, S-14) ---------------------------------------------------------------------------------

@transaction.atomic
def breach_record(*, actor, contract, basis: str, clause_broken: str, found_in: str, found_on: dt.date,
                  description: str, remedy: str, amount: int | None = None, incident: Incident | None = None,
                  investigation=None) -> Breach:
    """The client records a breach of an annex it found (P-13, S-14) and the remedy it chose: the contract's
    termination (carried out through K-14's own flow), a damages claim or a price reduction (an amount in
    yen, against the payment)."""
    if basis not in BreachBasis.values:
        raise ClauseViolation(_("根拠（P-13 又は S-14）を選んでください。"), code="basis_invalid", clause="P-13",
                              field="basis")
    _refuse_unless(is_officer(actor, contract), _("違反を記録できるのは、この契約の契約担当者です。"), basis)
    clause_broken = _text(clause_broken, _("違反した条項を入力してください。"), clause=basis, field="clause_broken",
                          limit=32)
    prefix = "P-" if basis == BreachBasis.PRIVACY else "S-"
    if not clause_broken.upper().startswith(prefix):
        raise ClauseViolation(_("違反した条項は%(prefix)sで始まる特記事項の条項にしてください。") % {"prefix": prefix},
                              code="clause_not_in_annex", clause=basis, field="clause_broken")
    clause_broken = clause_broken.upper()
    if found_in not in BreachFoundIn.values:
        raise ClauseViolation(_("発見の経緯を選んでください。"), code="found_in_invalid", clause=basis,
                              field="found_in")
    if found_in == BreachFoundIn.INCIDENT and (incident is None or incident.contract_id != contract.pk):
        raise ClauseViolation(_("この契約の事故を選んでください。"), code="incident_missing", clause=basis,
                              field="incident")
    if found_in == BreachFoundIn.INVESTIGATION and (investigation is None or investigation.contract_id != contract.pk):
        raise ClauseViolation(_("この契約の調査を選んでください。"), code="investigation_missing", clause=basis,
                              field="investigation")
    if found_in != BreachFoundIn.INCIDENT:
        incident = None
    if found_in != BreachFoundIn.INVESTIGATION:
        investigation = None
    found_on = _day(found_on, clause=basis, field="found_on")
    description = _text(description, _("違反の内容を入力してください。"), clause=basis, field="description")
    if remedy not in Remedy.values:
        raise ClauseViolation(_("措置（解除・損害賠償・減額）を選んでください。"), code="remedy_invalid", clause=basis,
                              field="remedy")
    if remedy == Remedy.TERMINATION:
        amount = None
    else:
        if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= MAX_YEN:
            raise ClauseViolation(_("金額は1円以上の整数（円）で入力してください。"), code="invalid_amount",
                                  clause=basis,
                                  field="amount")
    invoice = None
    if remedy == Remedy.PRICE_REDUCTION:
        # P-13, S-14: the reduction is deducted from the payment, so it must be left to pay: after the contract
        # is paid in full, or beyond what is left, the remedy is a damages claim.
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        invoice = Invoice.objects.filter(contract=contract, state=InvoiceState.RECEIVED).first()
        if contract.state in (ContractState.PAID, ContractState.CLOSED):
            raise ClauseViolation(
                _("契約額の支払が済んだ後は減額できません（%(basis)s）。損害賠償の請求によってください。")
                % {"basis": basis}, code="already_paid", clause=basis, field="remedy")
        if invoice is not None and contract.state == ContractState.INVOICED:
            left = lifecycle.invoice_payable(invoice)
        else:
            left = lifecycle.amount_to_invoice(contract.amount, lifecycle.set_off_total(contract))
        if amount > left:
            raise ClauseViolation(
                _("減額（%(amount)s円）が未払額（%(left)s円）を超えています（%(basis)s）。"
                  "超える分は損害賠償の請求によってください。")
                % {"amount": f"{amount:,}", "left": f"{left:,}", "basis": basis},
                code="amount_too_large", clause=basis, field="amount")
    breach = Breach.objects.create(
        contract=contract, basis=basis, clause_broken=clause_broken, found_in=found_in, incident=incident,
        investigation=investigation, found_on=found_on, description=description, remedy=remedy, amount=amount,
        recorded_by=actor, recorded_at=timezone.now())
    paid = False
    if invoice is not None:
        # K-12: a reduction that leaves nothing to pay on the received invoice pays the contract.
        paid = lifecycle.paid_by_set_off(contract=contract, invoice=invoice, actor=actor, on=timezone.localdate())
    journal_append(actor=actor, action="incidents.breach.recorded", contract=contract, clause=basis, obj=breach,
                   data={"clause_broken": clause_broken, "found_in": found_in,
                         "incident": incident.pk if incident else None,
                         "investigation": investigation.pk if investigation else None, "found_on": found_on,
                         "description": description, "remedy": remedy, "amount": amount,
                         "paid_by_reduction": paid})
    return breach
