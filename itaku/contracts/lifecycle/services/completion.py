"""K-11: the completion report with its deliverables, the inspection, and the rework."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation
from itaku.core.files import check_content
from itaku.core.storage import discard
from itaku.core.wareki import to_wareki
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_meet

from ...choices import ContractState
from ...models.lifecycle import CompletionReport, Deliverable, Inspection, InspectionResult, ReportKind
from ...states import check_accepts_work, move
from ._common import _check_day, _lock, _require_role, _text

DELIVERABLE_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".ppt", ".odt", ".ods", ".odp",
                          ".txt", ".csv", ".zip", ".png", ".jpg", ".jpeg")
MAX_FILES = 20

KIND_INSPECTION = "contracts.inspection"
KIND_REWORK = "contracts.rework"


def _check_files(files) -> list:
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_FILES:
        raise ClauseViolation(_("一度に登録できるファイルは%(n)s個までです。") % {"n": MAX_FILES},
                              code="too_many_files", clause="K-11", field="files")
    for f in files:
        if not f.name.lower().endswith(DELIVERABLE_EXTENSIONS):
            raise ClauseViolation(
                _("「%(name)s」は登録できない種類のファイルです（PDF・Office文書・テキスト・画像・ZIP）。")
                % {"name": f.name}, code="file_type", clause="K-11", field="files",
            )
        if f.size > settings.ITAKU_MAX_UPLOAD_BYTES:
            raise ClauseViolation(
                _("「%(name)s」が大きすぎます（上限 %(limit)s バイト）。")
                % {"name": f.name, "limit": settings.ITAKU_MAX_UPLOAD_BYTES},
                code="file_too_large", clause="K-11", field="files",
            )
        check_content(f, clause="K-11", field="files")
    return files


def _store_files(report: CompletionReport, files) -> list[Deliverable]:
    """Store the deliverables (each with its SHA-256, set by the field as it stores the file)."""
    stored = []
    try:
        for f in files:
            name = f.name.rsplit("/", 1)[-1]
            item = Deliverable(report=report, name=name, size=f.size)
            item.file.save(name, f, save=False)
            stored.append(item)
            item.save()
    except BaseException:
        _on_error_remove(stored)()
        raise
    return stored


def _on_error_remove(stored: list[Deliverable]):
    """Storage is not transactional: files stored by a transaction that rolls back are removed."""
    def remove():
        for item in stored:
            discard(item.file)
    return remove


def _sole_inspector(contract):
    inspectors = list(Membership.objects.filter(contract=contract, role=Role.INSPECTOR)
                      .select_related("user")[:2])
    return inspectors[0].user if len(inspectors) == 1 else None


def _open_inspection(report: CompletionReport) -> None:
    # 支払遅延防止法 5条 (applied through 14条): inspect within 10 days of the report (K-11).
    obligation_open(
        contract=report.contract, clause="K-11", kind=KIND_INSPECTION,
        title=_("完了の検査（%(what)s・%(day)s報告）") % {"what": report.get_kind_display(),
                                                     "day": to_wareki(report.reported_on)},
        role=Role.INSPECTOR, due_on=report.inspection_due_on, source=report,
        assignee=_sole_inspector(report.contract),
    )


def _report_data(report: CompletionReport, files: list[Deliverable]) -> dict:
    return {"kind": report.kind, "reported_on": report.reported_on, "summary": report.summary,
            "partial": report.partial, "part_description": report.part_description,
            "inspection_due_on": report.inspection_due_on,
            "files": [{"name": d.name, "size": d.size, "sha256": d.sha256} for d in files]}


@transaction.atomic
def completion_report(*, actor, contract, reported_on: dt.date, summary: str, files=(), partial: bool = False,
                      part_description: str = "") -> CompletionReport:
    """The contractor's representative reports the work finished, with its deliverables (K-11-1).

    A report of a completed part (``partial``) leaves the contract's state as it is: it is inspected,
    and a passed part may be counted when the contract is terminated (K-17).
    """
    _require_role(actor, contract, {Role.REPRESENTATIVE},
                  _("完了報告ができるのは受注者（乙）の代表者です。"))
    contract = _lock(contract)
    check_accepts_work(contract)  # K-14: a terminated or closed contract takes no report
    summary = _text(summary, field="summary", clause="K-11", message=_("報告の概要を入力してください。"))
    _check_day(reported_on, field="reported_on", clause="K-11", not_before=contract.signed_on,
               before_text=_("契約締結日"))
    files = _check_files(files)
    if partial:
        part_description = _text(part_description, field="part_description", clause="K-17",
                                 message=_("完了した部分を入力してください。"))
        if contract.state != ContractState.ACTIVE:
            raise ClauseViolation(_("既履行部分の報告は履行中の契約についてのみできます。"),
                                  code="state_not_allowed", clause="K-17")
    else:
        if not files:
            raise ClauseViolation(_("仕様書に基づく報告書等のファイルを添付してください。"),
                                  code="files_missing", clause="K-11", field="files")
        part_description = ""
        move(contract, "report_completion", clause="K-11")
        contract.save(update_fields=["state"])
    report = CompletionReport.objects.create(
        contract=contract, kind=ReportKind.COMPLETION, reported_on=reported_on, summary=summary,
        partial=bool(partial), part_description=part_description, reported_by=actor,
    )
    stored = _store_files(report, files)
    try:
        _open_inspection(report)
        journal_append(actor=actor, action="contracts.completion.reported", contract=contract, clause="K-11",
                       obj=report, data=_report_data(report, stored))
    except BaseException:
        _on_error_remove(stored)()
        raise
    return report


@transaction.atomic
def inspection_record(*, actor, report: CompletionReport, inspected_on: dt.date, result: str, findings: str = "",
                      rework_due_on: dt.date | None = None) -> Inspection:
    """The designated inspector records the result of the inspection of ``report`` (K-11).

    A pass meets the inspection obligation; a fail needs findings and a date for the rework, at the
    contractor's cost (K-11-2), and opens the rework obligation.
    """
    contract = report.contract
    # K-11-1: only the staff the client designated (検査職員) inspects.
    _require_role(actor, contract, {Role.INSPECTOR},
                  _("検査を記録できるのは、この契約の検査職員に指定された職員だけです。"))
    contract = _lock(contract)
    check_accepts_work(contract)
    report = CompletionReport.objects.select_for_update().get(pk=report.pk)
    if Inspection.objects.filter(report=report).exists():
        raise ClauseViolation(_("この報告の検査はすでに記録されています。"), code="already_inspected", clause="K-11")
    if result not in InspectionResult.values:
        raise ClauseViolation(_("検査の結果（合格・不合格）を選んでください。"), code="result_missing",
                              clause="K-11", field="result")
    _check_day(inspected_on, field="inspected_on", clause="K-11", not_before=report.reported_on,
               before_text=_("報告日"))
    findings = (findings or "").strip()
    if result == InspectionResult.FAILED:
        findings = _text(findings, field="findings", clause="K-11",
                         message=_("不合格のときは、仕様書に適合しない点（所見）を入力してください。"))
        if not isinstance(rework_due_on, dt.date):
            raise ClauseViolation(_("不合格のときは、手直しの期日を定めてください。"), code="rework_due_missing",
                                  clause="K-11", field="rework_due_on")
        if rework_due_on <= inspected_on:
            raise ClauseViolation(_("手直しの期日は検査日より後の日付にしてください。"), code="rework_due_early",
                                  clause="K-11", field="rework_due_on")
    else:
        rework_due_on = None
    if not report.partial:
        move(contract, "pass_inspection" if result == InspectionResult.PASSED else "fail_inspection",
             clause="K-11")
        contract.save(update_fields=["state"])
    inspection = Inspection.objects.create(
        report=report, contract=contract, inspector=actor, inspected_on=inspected_on, result=result,
        findings=findings, rework_due_on=rework_due_on,
    )
    obligations_meet(source=report, kind=KIND_INSPECTION, actor=actor, on=inspected_on)
    if result == InspectionResult.FAILED:
        obligation_open(
            contract=contract, clause="K-11", kind=KIND_REWORK,
            title=_("手直し（%(day)s検査の所見による・乙の負担）") % {"day": to_wareki(inspected_on)},
            role=Role.REPRESENTATIVE, due_on=rework_due_on, source=inspection,
        )
    journal_append(
        actor=actor, action=f"contracts.inspection.{result}", contract=contract, clause="K-11", obj=inspection,
        data={"report": report.pk, "inspected_on": inspected_on, "result": result, "findings": findings,
              "rework_due_on": rework_due_on, "period_ends_on": inspection.period_ends_on,
              "days_late": inspection.days_late},
    )
    return inspection


@transaction.atomic
def rework_report(*, actor, inspection: Inspection, reported_on: dt.date, summary: str,
                  files=()) -> CompletionReport:
    """The contractor reports the rework done; a new 10-day inspection period runs (K-11-2)."""
    contract = inspection.contract
    _require_role(actor, contract, {Role.REPRESENTATIVE},
                  _("手直しの完了を報告できるのは受注者（乙）の代表者です。"))
    contract = _lock(contract)
    check_accepts_work(contract)
    if inspection.result != InspectionResult.FAILED:
        raise ClauseViolation(_("手直しを求められていない検査です。"), code="not_failed", clause="K-11")
    if CompletionReport.objects.filter(rework_of=inspection).exists():
        raise ClauseViolation(_("この検査に対する手直しの完了はすでに報告されています。"), code="already_reworked",
                              clause="K-11")
    summary = _text(summary, field="summary", clause="K-11", message=_("手直しの内容を入力してください。"))
    _check_day(reported_on, field="reported_on", clause="K-11", not_before=inspection.inspected_on,
               before_text=_("検査日"))
    files = _check_files(files)
    original = inspection.report
    if not original.partial:
        move(contract, "report_rework", clause="K-11")
        contract.save(update_fields=["state"])
    report = CompletionReport.objects.create(
        contract=contract, kind=ReportKind.REWORK, rework_of=inspection, reported_on=reported_on,
        summary=summary, partial=original.partial, part_description=original.part_description, reported_by=actor,
    )
    stored = _store_files(report, files)
    try:
        obligations_meet(source=inspection, kind=KIND_REWORK, actor=actor, on=reported_on)
        _open_inspection(report)
        data = _report_data(report, stored)
        data.update({"rework_of": inspection.pk, "rework_due_on": inspection.rework_due_on,
                     "days_after_due": max((reported_on - inspection.rework_due_on).days, 0)})
        journal_append(actor=actor, action="contracts.rework.reported", contract=contract, clause="K-11",
                       obj=report, data=data)
    except BaseException:
        _on_error_remove(stored)()
        raise
    return report
