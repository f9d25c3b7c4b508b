"""Writes on termination and its effects (K-14 … K-16). Each service checks the actor's role and the
clause's conditions, changes the models, appends one journal event and opens or meets obligations,
in one transaction."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.files import check_content
from itaku.core.money import Working, round_down_yen
from itaku.core.storage import discard
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_close_for, obligations_meet

from ..choices import ClauseLevel
from ..models import (
    BorneBy,
    Contract,
    DamageEvent,
    ForceMajeureDocument,
    ForceMajeureRequest,
    ForceMajeureState,
    PenaltySettlement,
    TemplateClause,
    Termination,
    TerminationBasis,
    TerminationEvidence,
)
from ..states import TERMINABLE_STATES, check_accepts_work, check_terminable, move

# K-16-2 says the client investigates 「直ちに」 (at once) and sets no period. The office's practice is to
# start the investigation within 14 days of the request; it is not a legal term.
FORCE_MAJEURE_INVESTIGATION_DAYS = 14
GROUNDS_PARAGRAPH = "K-14-1"
MAX_YEN = 10**12
# The contract's open deadlines that a termination leaves without object: the inspection of reported work
# and the rework (K-11), and a force-majeure request's investigation and decision (K-16-2). The payment
# (K-12) cannot be open: work that passed inspection is not terminated. Deadlines of other apps stay.
ENDED_BY_TERMINATION = ("contracts.inspection", "contracts.rework", "contracts.force_majeure",
                        "contracts.force_majeure_decision")
UPLOAD_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".txt", ".jpg", ".jpeg", ".png")


def _holds(actor, contract: Contract, *roles) -> bool:
    return Membership.objects.filter(contract=contract, user=actor, role__in=roles).exists()


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("template").get(pk=contract.pk)


def _text(value) -> str:
    return (value or "").strip()


def _check_day(day, *, contract: Contract, field: str, clause: str, label: str) -> dt.date:
    """A date of the record: on or after the signing date, and not in the future."""
    day = day or timezone.localdate()
    if day < contract.signed_on:
        raise ClauseViolation(_("%(label)sは契約締結日以後の日付にしてください。") % {"label": label},
                              code="date_before_contract", clause=clause, field=field)
    if day > timezone.localdate():
        raise ClauseViolation(_("%(label)sに将来の日付は入力できません。") % {"label": label},
                              code="date_in_future", clause=clause, field=field)
    return day


def _check_files(files, *, clause: str, field: str) -> list:
    files = [f for f in (files or []) if f]
    for f in files:
        if not f.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise ClauseViolation(
                _("書類はPDF・Word・Excel・OpenDocument・テキスト・画像（JPEG・PNG）のファイルにしてください。"),
                code="file_type", clause=clause, field=field)
        if f.size > settings.ITAKU_MAX_UPLOAD_BYTES:
            raise ClauseViolation(
                _("ファイルが大きすぎます（上限 %(limit)s バイト）。") % {"limit": settings.ITAKU_MAX_UPLOAD_BYTES},
                code="file_too_large", clause=clause, field=field)
        check_content(f, clause=clause, field=field)
    return files


def _store_files(model, owner_field: str, owner, files, actor) -> list:
    """Save the files; if anything fails later in the transaction, remove those already stored."""
    stored = []
    try:
        for f in files:
            stored.append(model.objects.create(**{owner_field: owner}, file=f, uploaded_by=actor))
    except BaseException:
        _remove(stored)
        raise
    return stored


def _remove(records) -> None:
    for record in records:
        if record.file and record.file._committed:
            discard(record.file)


def ground_clauses(template) -> list[TemplateClause]:
    """The clause rows a termination may cite: the items of K-14-1 and their sub-items, in order."""
    rows = list(template.clauses.filter(clause_id__startswith=f"{GROUNDS_PARAGRAPH}-",
                                        level__in=[ClauseLevel.ITEM, ClauseLevel.SUBITEM]).order_by("position"))
    return rows


def check_grounds(template, grounds) -> list[str]:
    """K-14-1: the grounds are items of K-14-1 of the contract's template; an item with sub-items (5) needs
    at least one of them (ア … カ), and a sub-item only goes with its item. Returns them in the
    template's order."""
    chosen = {str(g).strip() for g in (grounds or []) if str(g).strip()}
    if not chosen:
        raise ClauseViolation(_("解除事由（第14条第1項各号）を1つ以上選んでください。"),
                              code="grounds_missing", clause="K-14-1", field="grounds")
    rows = ground_clauses(template)
    by_id = {row.clause_id: row for row in rows}
    unknown = sorted(chosen - set(by_id))
    if unknown:
        raise ClauseViolation(
            _("第14条第1項の解除事由ではない条項が指定されています：%(ids)s") % {"ids": "、".join(unknown)},
            code="grounds_unknown", clause="K-14-1", field="grounds")
    ids_by_pk = {row.pk: row.clause_id for row in rows}
    for row in rows:
        children = [r.clause_id for r in rows if r.parent_id == row.pk]
        if row.clause_id in chosen and children and not chosen & set(children):
            raise ClauseViolation(
                _("%(item)sを解除事由とするときは、該当する者（%(first)s～%(last)s）を1つ以上選んでください。")
                % {"item": row.clause_id, "first": children[0].rsplit("-", 1)[-1],
                   "last": children[-1].rsplit("-", 1)[-1]},
                code="grounds_subitem_missing", clause=row.clause_id, field="grounds")
        if row.clause_id in chosen and row.level == ClauseLevel.SUBITEM and ids_by_pk.get(row.parent_id) not in chosen:
            parent = ids_by_pk.get(row.parent_id)
            raise ClauseViolation(
                _("%(sub)sは%(item)sの解除事由としてだけ選べます。%(item)sも選んでください。")
                % {"sub": row.clause_id, "item": parent},
                code="grounds_item_missing", clause=parent, field="grounds")
    return [row.clause_id for row in rows if row.clause_id in chosen]


def termination_penalty(contract: Contract) -> Working:
    """K-14-2: the penalty is the contract amount × the template's fraction (the seed: 10分の10),
    fractions of a yen cut off (国等の債権債務等の金額の端数計算に関する法律 2条)."""
    params = contract.template.parameters
    numerator = int(params.get("termination_penalty_numerator", 10))
    denominator = int(params.get("termination_penalty_denominator", 10))
    exact = Decimal(contract.amount) * numerator / denominator
    working = Working("違約金 (K-14-2)")
    working.inputs = [
        ("契約額（税込）", f"{contract.amount:,}円"),
        ("割合（ひな形の定数）", f"{denominator}分の{numerator}"),
    ]
    working.steps = [
        ("計算", f"{contract.amount:,} × {numerator} / {denominator} = "
                 f"{exact.quantize(Decimal('0.01'), rounding=ROUND_DOWN)}"),
        ("端数処理", "round_down_yen（1円未満切捨て）"),
    ]
    working.exact = exact
    working.result = round_down_yen(exact)
    return working


def _check_terminable(contract: Contract, *, clause: str) -> None:
    """Only a signed contract whose work has not passed inspection is terminated (K-14); a terminated or
    closed contract cannot be terminated again. Checked first, before the inputs."""
    check_terminable(contract, clause=clause)
    if Termination.objects.filter(contract=contract).exists():
        raise ClauseViolation(_("この契約はすでに解除されています。"), code="contract_terminated", clause=clause)


@transaction.atomic
def contract_terminate(*, actor, contract: Contract, grounds, facts: str, terminated_on: dt.date | None = None,
                       penalty_due_on: dt.date | None = None, evidence=()) -> Termination:
    """The client's officer terminates the contract without notice on the grounds of K-14-1; the contractor
    owes the penalty of K-14-2 by the date the client designates, and may claim no compensation (K-14-3)."""
    if not _holds(actor, contract, Role.OFFICER):
        raise PermissionRefused(_("契約を解除できるのはこの契約の契約担当者です。"), clause="K-14")
    contract = _locked(contract)
    _check_terminable(contract, clause="K-14")
    grounds = check_grounds(contract.template, grounds)
    facts = _text(facts)
    if not facts:
        raise ClauseViolation(_("解除事由に該当する事実を入力してください。"), code="facts_missing",
                              clause="K-14-1", field="facts")
    terminated_on = _check_day(terminated_on, contract=contract, field="terminated_on", clause="K-14",
                               label=_("解除日"))
    files = _check_files(evidence, clause="K-14-1", field="evidence")
    working = termination_penalty(contract)
    if working.result and penalty_due_on is None:
        raise ClauseViolation(_("違約金の納付期限（甲の指定する日）を入力してください。"), code="penalty_due_missing",
                              clause="K-14-2", field="penalty_due_on")
    if working.result and penalty_due_on < terminated_on:
        raise ClauseViolation(_("違約金の納付期限は解除日以後の日付にしてください。"), code="penalty_due_before",
                              clause="K-14-2", field="penalty_due_on")
    move(contract, "terminate", clause="K-14")
    contract.save(update_fields=["state"])
    termination = Termination.objects.create(
        contract=contract, basis=TerminationBasis.CLIENT, terminated_on=terminated_on, grounds=grounds, facts=facts,
        penalty_amount=working.result, penalty_working=working.as_dict(),
        penalty_due_on=penalty_due_on if working.result else None,
        settlement=PenaltySettlement.UNSETTLED if working.result else PenaltySettlement.NONE, decided_by=actor,
    )
    stored = _store_files(TerminationEvidence, "termination", termination, files, actor)
    try:
        closed = obligations_close_for(contract=contract, kinds=ENDED_BY_TERMINATION,
                                       reason=_("契約の解除（K-14）により不要となった"), actor=actor, on=terminated_on)
        if working.result:
            obligation_open(contract=contract, clause="K-14-2", kind="contracts.termination_penalty",
                            title=_("違約金%(amount)s円の納付（契約の解除）") % {"amount": f"{working.result:,}"},
                            role=Role.REPRESENTATIVE, due_on=penalty_due_on, source=termination)
        journal_append(
            actor=actor, action="contracts.termination.terminated", contract=contract, clause="K-14",
            obj=termination,
            data={"terminated_on": terminated_on, "grounds": grounds, "facts": facts,
                  "penalty_amount": working.result, "penalty_working": working.as_dict(),
                  "penalty_due_on": termination.penalty_due_on,
                  # K-14-3: the contractor may claim no compensation for its loss; none is recorded.
                  "compensation": None, "compensation_clause": "K-14-3",
                  "evidence": [e.file.name for e in stored], "obligations_closed": closed},
        )
    except BaseException:
        _remove(stored)
        raise
    return termination


@transaction.atomic
def termination_penalty_settle(*, actor, termination: Termination, settlement: str, settled_on: dt.date | None = None,
                               note: str = "") -> Termination:
    """The officer or the accountant records that the K-14-2 penalty was paid or set off."""
    contract = termination.contract
    if not _holds(actor, contract, Role.OFFICER, Role.ACCOUNTANT):
        raise PermissionRefused(_("違約金の精算を記録できるのはこの契約の契約担当者又は会計担当者です。"),
                                clause="K-14-2")
    termination = Termination.objects.select_for_update().select_related("contract").get(pk=termination.pk)
    contract = termination.contract
    if termination.settlement == PenaltySettlement.NONE:
        raise ClauseViolation(_("この解除には違約金がありません。"), code="no_penalty", clause="K-14-2")
    if termination.settlement != PenaltySettlement.UNSETTLED:
        raise ClauseViolation(_("違約金の精算はすでに記録されています。"), code="penalty_settled", clause="K-14-2")
    if settlement not in (PenaltySettlement.PAID, PenaltySettlement.SET_OFF):
        raise ClauseViolation(_("精算の方法（納付又は相殺）を選んでください。"), code="settlement_invalid",
                              clause="K-14-2", field="settlement")
    note = _text(note)
    if settlement == PenaltySettlement.SET_OFF and not note:
        raise ClauseViolation(_("相殺のときは、相殺した債権（例：既履行部分契約額）を入力してください。"),
                              code="set_off_note_missing", clause="K-14-2", field="note")
    settled_on = settled_on or timezone.localdate()
    if settled_on < termination.terminated_on:
        raise ClauseViolation(_("精算日は解除日以後の日付にしてください。"), code="settled_before_termination",
                              clause="K-14-2", field="settled_on")
    if settled_on > timezone.localdate():
        raise ClauseViolation(_("精算日に将来の日付は入力できません。"), code="date_in_future", clause="K-14-2",
                              field="settled_on")
    termination.settlement = settlement
    termination.settled_on = settled_on
    termination.settlement_note = note
    termination.settled_by = actor
    termination.save(update_fields=["settlement", "settled_on", "settlement_note", "settled_by"])
    obligations_meet(source=termination, kind="contracts.termination_penalty", actor=actor, on=settled_on)
    journal_append(actor=actor, action="contracts.termination.penalty_settled", contract=contract, clause="K-14-2",
                   obj=termination, data={"settlement": settlement, "settled_on": settled_on, "note": note,
                                          "penalty_amount": termination.penalty_amount})
    return termination


@transaction.atomic
def force_majeure_request_submit(*, actor, contract: Contract, event_on: dt.date, description: str,
                                 documents=(), submitted_on: dt.date | None = None) -> ForceMajeureRequest:
    """The contractor's representative requests termination after a force majeure that made performance
    impossible, with a document stating the damage in detail (K-16-1)."""
    if not _holds(actor, contract, Role.REPRESENTATIVE):
        raise PermissionRefused(_("不可抗力による解除を請求できるのはこの契約の受注者の代表者です。"), clause="K-16")
    contract = _locked(contract)
    # K-16 asks to terminate: only a contract that could be terminated (not terminated, closed, or past a
    # passed inspection) takes a request.
    check_accepts_work(contract)  # K-14: a terminated or closed contract takes no new requests
    if contract.state not in TERMINABLE_STATES:
        raise ClauseViolation(
            _("業務は検査に合格しているため、不可抗力による解除は請求できません（現在の状態：%(state)s）。")
            % {"state": contract.get_state_display()}, code="work_passed", clause="K-16")
    if ForceMajeureRequest.objects.filter(contract=contract, state__in=[ForceMajeureState.SUBMITTED,
                                                                        ForceMajeureState.INVESTIGATING]).exists():
        raise ClauseViolation(_("この契約には調査中の解除請求があります。その決定を待ってください。"),
                              code="force_majeure_pending", clause="K-16")
    description = _text(description)
    if not description:
        raise ClauseViolation(_("損害の内容・程度と、履行が不可能となった事情を詳しく入力してください。"),
                              code="description_missing", clause="K-16-1", field="description")
    submitted_on = _check_day(submitted_on, contract=contract, field="submitted_on", clause="K-16-1",
                              label=_("請求日"))
    if event_on is None or event_on > submitted_on:
        raise ClauseViolation(_("不可抗力の発生日は請求日以前の日付にしてください。"), code="event_after_request",
                              clause="K-16-1", field="event_on")
    files = _check_files(documents, clause="K-16-1", field="documents")
    request = ForceMajeureRequest.objects.create(contract=contract, event_on=event_on, description=description,
                                                 submitted_by=actor, submitted_on=submitted_on)
    stored = _store_files(ForceMajeureDocument, "request", request, files, actor)
    try:
        obligation_open(contract=contract, clause="K-16-2", kind="contracts.force_majeure",
                        title=_("不可抗力による解除請求の調査の開始"), role=Role.OFFICER,
                        due_on=submitted_on + dt.timedelta(days=FORCE_MAJEURE_INVESTIGATION_DAYS), source=request)
        journal_append(actor=actor, action="contracts.force_majeure.submitted", contract=contract, clause="K-16-1",
                       obj=request, data={"event_on": event_on, "description": description,
                                          "submitted_on": submitted_on,
                                          "documents": [d.file.name for d in stored]})
    except BaseException:
        _remove(stored)
        raise
    return request


def _officer_request(actor, request: ForceMajeureRequest, message) -> ForceMajeureRequest:
    if not _holds(actor, request.contract, Role.OFFICER):
        raise PermissionRefused(message, clause="K-16-2")
    return ForceMajeureRequest.objects.select_for_update().select_related("contract").get(pk=request.pk)


@transaction.atomic
def force_majeure_investigate(*, actor, request: ForceMajeureRequest, findings: str, decision_due_on: dt.date,
                              investigated_on: dt.date | None = None) -> ForceMajeureRequest:
    """The officer starts the investigation (K-16-2) and sets the date by which to decide."""
    request = _officer_request(actor, request, _("解除請求を調査できるのはこの契約の契約担当者です。"))
    if request.state != ForceMajeureState.SUBMITTED:
        raise ClauseViolation(_("この解除請求はすでに調査が始まっているか、決定済みです。"),
                              code="force_majeure_not_submitted", clause="K-16-2")
    findings = _text(findings)
    if not findings:
        raise ClauseViolation(_("調査の内容（確認した事実）を入力してください。"), code="findings_missing",
                              clause="K-16-2", field="findings")
    investigated_on = investigated_on or timezone.localdate()
    if investigated_on < request.submitted_on or investigated_on > timezone.localdate():
        raise ClauseViolation(_("調査開始日は請求日から今日までの日付にしてください。"), code="investigated_on_invalid",
                              clause="K-16-2", field="investigated_on")
    if decision_due_on is None or decision_due_on < investigated_on:
        raise ClauseViolation(_("決定予定日は調査開始日以後の日付にしてください。"), code="decision_due_invalid",
                              clause="K-16-2", field="decision_due_on")
    request.state = ForceMajeureState.INVESTIGATING
    request.findings = findings
    request.investigated_by = actor
    request.investigated_on = investigated_on
    request.decision_due_on = decision_due_on
    request.save(update_fields=["state", "findings", "investigated_by", "investigated_on", "decision_due_on"])
    obligations_meet(source=request, kind="contracts.force_majeure", actor=actor, on=investigated_on)
    obligation_open(contract=request.contract, clause="K-16-2", kind="contracts.force_majeure_decision",
                    title=_("不可抗力による解除請求の承認又は不承認の決定"), role=Role.OFFICER, due_on=decision_due_on,
                    source=request, assignee=actor)
    journal_append(actor=actor, action="contracts.force_majeure.investigating", contract=request.contract,
                   clause="K-16-2", obj=request,
                   data={"findings": findings, "investigated_on": investigated_on, "decision_due_on": decision_due_on})
    return request


@transaction.atomic
def force_majeure_decide(*, actor, request: ForceMajeureRequest, approve: bool, reasons: str = "",
                         decided_on: dt.date | None = None) -> ForceMajeureRequest:
    """The officer approves the request when the damage is serious and made performance impossible, and the
    contract is terminated without penalty (K-16-2); or refuses it, giving the reasons."""
    request = _officer_request(actor, request, _("解除請求を決定できるのはこの契約の契約担当者です。"))
    contract = _locked(request.contract)
    if approve:  # K-14, K-16: an approval terminates; refuse first when the contract's state does not allow it
        _check_terminable(contract, clause="K-16")
    if request.state != ForceMajeureState.INVESTIGATING:
        raise ClauseViolation(_("調査を始めてから決定してください（第16条第2項）。"),
                              code="force_majeure_not_investigated", clause="K-16-2")
    reasons = _text(reasons)
    if not approve and not reasons:
        raise ClauseViolation(_("不承認とするときは、その理由を入力してください。"), code="reasons_missing",
                              clause="K-16-2", field="reasons")
    decided_on = decided_on or timezone.localdate()
    if decided_on < request.investigated_on or decided_on > timezone.localdate():
        raise ClauseViolation(_("決定日は調査開始日から今日までの日付にしてください。"), code="decided_on_invalid",
                              clause="K-16-2", field="decided_on")
    termination = None
    if approve:
        move(contract, "terminate", clause="K-16")
        contract.save(update_fields=["state"])
        termination = Termination.objects.create(
            contract=contract, basis=TerminationBasis.FORCE_MAJEURE, terminated_on=decided_on, grounds=[],
            facts=request.description, penalty_amount=0, penalty_working={}, settlement=PenaltySettlement.NONE,
            decided_by=actor, force_majeure=request,
        )
    request.state = ForceMajeureState.APPROVED if approve else ForceMajeureState.REFUSED
    request.decision_reasons = reasons
    request.decided_by = actor
    request.decided_on = decided_on
    request.save(update_fields=["state", "decision_reasons", "decided_by", "decided_on"])
    obligations_meet(source=request, actor=actor, on=decided_on)
    closed = None
    if approve:
        closed = obligations_close_for(contract=contract, kinds=ENDED_BY_TERMINATION, actor=actor, on=decided_on,
                                       reason=_("不可抗力による契約の解除（K-16）により不要となった"))
    journal_append(actor=actor, action=f"contracts.force_majeure.{request.state}", contract=contract,
                   clause="K-16-2", obj=request,
                   data={"approved": approve, "reasons": reasons, "decided_on": decided_on,
                         "termination": termination.pk if termination else None,
                         "penalty_amount": 0 if approve else None, "obligations_closed": closed})
    return request


@transaction.atomic
def damage_event_record(*, actor, contract: Contract, occurred_on: dt.date, description: str, cost,
                        borne_by: str, reason: str = "") -> DamageEvent:
    """Record a damage during the term (K-15): the contractor bears it, unless it arose from a cause the
    client is responsible for."""
    if not _holds(actor, contract, Role.OFFICER, Role.REPRESENTATIVE):
        raise PermissionRefused(_("損害を記録できるのはこの契約の契約担当者又は受注者の代表者です。"), clause="K-15")
    description = _text(description)
    if not description:
        raise ClauseViolation(_("損害の内容を入力してください。"), code="description_missing", clause="K-15",
                              field="description")
    if not isinstance(cost, int) or isinstance(cost, bool) or not 0 <= cost <= MAX_YEN:
        raise ClauseViolation(_("損害額は0円以上1兆円以下の整数（円）で入力してください。"), code="invalid_cost",
                              clause="K-15", field="cost")
    if occurred_on is None or not contract.signed_on <= occurred_on <= contract.ends_on:
        raise ClauseViolation(_("第15条の損害は委託期間中（契約締結日から履行期限まで）に生じたものです。"),
                              code="outside_term", clause="K-15", field="occurred_on")
    if occurred_on > timezone.localdate():
        raise ClauseViolation(_("発生日に将来の日付は入力できません。"), code="date_in_future", clause="K-15",
                              field="occurred_on")
    termination = Termination.objects.filter(contract=contract).first()
    if termination and occurred_on > termination.terminated_on:
        raise ClauseViolation(_("解除日より後に生じた損害は委託期間中のものではありません。"),
                              code="after_termination", clause="K-15", field="occurred_on")
    if borne_by not in BorneBy.values:
        raise ClauseViolation(_("負担者を選んでください。"), code="borne_by_invalid", clause="K-15", field="borne_by")
    reason = _text(reason)
    if borne_by == BorneBy.CLIENT and not reason:
        raise ClauseViolation(
            _("甲が負担するのは甲の責めに帰すべき事由による損害だけです。その事由を入力してください。"),
            code="client_fault_missing", clause="K-15", field="reason")
    event = DamageEvent.objects.create(contract=contract, occurred_on=occurred_on, description=description, cost=cost,
                                       borne_by=borne_by, reason=reason, recorded_by=actor)
    journal_append(actor=actor, action="contracts.damage.recorded", contract=contract, clause="K-15", obj=event,
                   data={"occurred_on": occurred_on, "description": description, "cost": cost,
                         "borne_by": borne_by, "reason": reason})
    return event
