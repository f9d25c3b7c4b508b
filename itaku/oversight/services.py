"""Writes of consultations (K-1, K-20) and of the client's requests (K-10, P-10, P-11, S-11, S-12).

Each service checks the actor's role on the contract, the clause's conditions, changes the models,
appends one journal event and opens or meets the response obligation, in one transaction.
"""

import datetime as dt
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.contracts.services import EARLIEST_DATE, LATEST_DATE
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.files import check_documents, remove_files_on_error
from itaku.journal.services import journal_append
from itaku.obligations.services import obligation_open, obligations_meet

from .choices import ADDRESSED_ROLES, RESPONSE_KIND, ConsultationClause, OversightClause, RequestKind, RequestState
from .models import (
    Consultation,
    ConsultationDocument,
    OversightRequest,
    OversightResponse,
    ResponseFile,
    ReviewOutcome,
)


def _roles(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def may_record_consultation(actor, contract) -> bool:
    """K-1, K-20: the client's officer or the contractor's representative records what was agreed."""
    return bool(_roles(actor, contract) & {Role.OFFICER, Role.REPRESENTATIVE})


def may_issue(actor, contract) -> bool:
    """K-10: only the client's officer investigates, asks for reports and gives instructions."""
    return Role.OFFICER in _roles(actor, contract)


def may_respond(actor, request: OversightRequest) -> bool:
    """K-10: a member holding the role the request is addressed to, or the representative, responds."""
    return bool(_roles(actor, request.contract) & {request.addressed_role, Role.REPRESENTATIVE})


def check_may_respond(actor, request: OversightRequest) -> None:
    if not may_respond(actor, request):
        raise PermissionRefused(_("回答できるのは、宛先の役割を持つ者または受注者の代表者です。"),
                                clause=request.clause_id)


def check_may_review(actor, request: OversightRequest) -> None:
    """K-10: the officer accepts a response, asks for more, or withdraws the request."""
    if not may_issue(actor, request.contract):
        raise PermissionRefused(_("回答の受理・再要求・取下げができるのは、この契約の契約担当者です。"),
                                clause=request.clause_id)


def _check_date(day: dt.date, *, clause: str, field: str) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ClauseViolation(_("日付は平成元年1月8日から2199年12月31日までの間で入力してください。"),
                              code="date_out_of_range", clause=clause, field=field)


def _not_in_future(day: dt.date, *, clause: str, field: str) -> None:
    _check_date(day, clause=clause, field=field)
    if day > timezone.localdate():
        raise ClauseViolation(_("未来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)


def _required(value: str, message: str, *, clause: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ClauseViolation(message, code=f"{field}_missing", clause=clause, field=field)
    return value


def _locked(request: OversightRequest) -> OversightRequest:
    return OversightRequest.objects.select_for_update().select_related("contract").get(pk=request.pk)


@contextmanager
def _remove_stored_on_error(stored: list):
    """Run the block, which fills ``stored``; if it raises, remove the files stored so far, then re-raise."""
    try:
        yield
    except BaseException:
        with remove_files_on_error(*[(lambda item=item: item.file) for item in stored]):
            raise


@transaction.atomic
def consultation_record(*, actor, contract, clause_id: str, topic: str, held_on: dt.date, participants: str,
                        outcome: str, participant_users=(), documents=()) -> Consultation:
    """Record a consultation (協議) and what was agreed (K-1: a matter the specification leaves open;
    K-20: a matter the contract and the 財務規則 leave open). Either side may record it; both see it."""
    if not may_record_consultation(actor, contract):
        raise PermissionRefused(_("協議を記録できるのは、この契約の契約担当者または受注者の代表者です。"))
    if clause_id not in ConsultationClause.values:
        raise ClauseViolation(_("協議の根拠となる条項（K-1 または K-20）を選んでください。"),
                              code="clause_invalid", clause="K-1", field="clause_id")
    check_accepts_work(contract)  # K-14: a terminated or closed contract takes no new consultation
    topic = _required(topic, _("協議事項を入力してください。"), clause=clause_id, field="topic")[:200]
    _not_in_future(held_on, clause=clause_id, field="held_on")
    participants = _required(participants, _("出席者を入力してください。"), clause=clause_id, field="participants")
    outcome = _required(outcome, _("協議の結果（合意事項）を入力してください。"), clause=clause_id, field="outcome")
    participant_users = list(participant_users)
    members = set(Membership.objects.filter(contract=contract).values_list("user_id", flat=True))
    for user in participant_users:
        if user.pk not in members:
            raise ClauseViolation(_("%(user)s はこの契約の関係者ではありません。") % {"user": user},
                                  code="participant_not_member", clause=clause_id, field="participant_users")
    documents = list(documents)
    check_documents(documents, clause=clause_id, field="documents")

    consultation = Consultation.objects.create(
        contract=contract, clause_id=clause_id, topic=topic, held_on=held_on, participants=participants,
        outcome=outcome, recorded_by=actor,
    )
    consultation.participant_users.set(participant_users)
    stored = []
    with _remove_stored_on_error(stored):
        for f in documents:
            doc = ConsultationDocument(consultation=consultation, name=f.name[:255], size=f.size)
            doc.file.save(f.name, f, save=False)
            stored.append(doc)
            doc.save()
        journal_append(
            actor=actor, action="oversight.consultation.recorded", contract=contract, clause=clause_id,
            obj=consultation,
            data={"topic": topic, "held_on": held_on, "participants": participants,
                  "participant_users": sorted(u.username for u in participant_users), "outcome": outcome,
                  "documents": [d.file.name for d in stored]},
        )
    return consultation


@transaction.atomic
def oversight_request_issue(*, actor, contract, clause_id: str = OversightClause.MAIN, kind: str, subject: str,
                            body: str, due_on: dt.date, addressed_role: str = Role.REPRESENTATIVE,
                            issued_on: dt.date | None = None) -> OversightRequest:
    """The client's officer investigates, asks for a report, or gives an instruction (K-10; P-10, P-11, S-11,
    S-12 alike), with a due date for the response: the addressed role owes the response by then."""
    if not may_issue(actor, contract):
        raise PermissionRefused(_("調査・報告の要求・指示を行えるのは、この契約の契約担当者です。"))
    if clause_id not in OversightClause.values:
        raise ClauseViolation(_("根拠となる条項を選んでください。"), code="clause_invalid", clause="K-10",
                              field="clause_id")
    check_accepts_work(contract)  # K-14
    if kind not in RequestKind.values:
        raise ClauseViolation(_("種別（調査・報告の要求・指示）を選んでください。"), code="kind_invalid",
                              clause=clause_id, field="kind")
    if addressed_role not in ADDRESSED_ROLES:
        raise ClauseViolation(_("宛先は代表者・個人情報保護責任者・セキュリティ責任者のいずれかです。"),
                              code="addressed_role_invalid", clause=clause_id, field="addressed_role")
    subject = _required(subject, _("件名を入力してください。"), clause=clause_id, field="subject")[:200]
    body = _required(body, _("内容を入力してください。"), clause=clause_id, field="body")
    issued_on = issued_on or timezone.localdate()
    _not_in_future(issued_on, clause=clause_id, field="issued_on")
    if due_on is None:
        raise ClauseViolation(_("回答期限を入力してください。"), code="due_on_missing", clause=clause_id,
                              field="due_on")
    _check_date(due_on, clause=clause_id, field="due_on")
    if due_on < issued_on:
        raise ClauseViolation(_("回答期限は発出日以後の日付にしてください。"), code="due_before_issue",
                              clause=clause_id, field="due_on")

    request = OversightRequest.objects.create(
        contract=contract, clause_id=clause_id, kind=kind, subject=subject, body=body, issued_by=actor,
        issued_on=issued_on, due_on=due_on, addressed_role=addressed_role,
    )
    obligation = obligation_open(contract=contract, clause=clause_id, kind=RESPONSE_KIND,
                                 title=_("「%(subject)s」への回答") % {"subject": subject}, role=addressed_role,
                                 due_on=due_on, source=request)
    journal_append(
        actor=actor, action="oversight.request.issued", contract=contract, clause=clause_id, obj=request,
        data={"kind": kind, "subject": subject, "body": body, "issued_on": issued_on, "due_on": due_on,
              "addressed_role": addressed_role, "obligation": obligation.pk},
    )
    return request


@transaction.atomic
def oversight_response_submit(*, actor, request: OversightRequest, body: str, files=(),
                              responded_on: dt.date | None = None) -> OversightResponse:
    """The contractor responds to a request, with files: the response obligation is met (K-10)."""
    request = _locked(request)
    clause = request.clause_id
    check_may_respond(actor, request)
    if request.state not in (RequestState.OPEN, RequestState.ANSWERED):
        raise ClauseViolation(_("受理または取下げられた要求には回答できません。"), code="request_closed", clause=clause)
    body = _required(body, _("回答の内容を入力してください。"), clause=clause, field="body")
    responded_on = responded_on or timezone.localdate()
    _not_in_future(responded_on, clause=clause, field="responded_on")
    if responded_on < request.issued_on:
        raise ClauseViolation(_("回答日は発出日以後の日付にしてください。"), code="response_before_issue",
                              clause=clause, field="responded_on")
    files = list(files)
    check_documents(files, clause=clause, field="files")

    response = OversightResponse.objects.create(request=request, body=body, responded_by=actor,
                                                responded_on=responded_on)
    stored = []
    with _remove_stored_on_error(stored):
        for f in files:
            item = ResponseFile(response=response, name=f.name[:255], size=f.size)
            item.file.save(f.name, f, save=False)
            stored.append(item)
            item.save()
        met = obligations_meet(source=request, kind=RESPONSE_KIND, actor=actor, on=responded_on)
        was = request.state
        request.state = RequestState.ANSWERED
        request.save(update_fields=["state"])
        journal_append(
            actor=actor, action="oversight.response.submitted", contract=request.contract, clause=clause,
            obj=response,
            data={"request": request.pk, "subject": request.subject, "body": body, "responded_on": responded_on,
                  "due_on": request.due_on, "late": responded_on > request.due_on and was == RequestState.OPEN,
                  "files": [f.file.name for f in stored], "obligations_met": met},
        )
    return response




def _on(on: dt.date | None, request: OversightRequest, field: str = "on") -> dt.date:
    on = on or timezone.localdate()
    _not_in_future(on, clause=request.clause_id, field=field)
    if on < request.issued_on:
        raise ClauseViolation(_("発出日より前の日付は記録できません。"), code="date_before_issue",
                              clause=request.clause_id, field=field)
    return on


def _latest_response(request: OversightRequest) -> OversightResponse:
    return request.responses.order_by("-responded_on", "-id").first()


@transaction.atomic
def oversight_request_accept(*, actor, request: OversightRequest, note: str = "",
                             on: dt.date | None = None) -> OversightRequest:
    """The officer accepts the response: the request is closed (K-10)."""
    request = _locked(request)
    check_may_review(actor, request)
    if request.state != RequestState.ANSWERED:
        raise ClauseViolation(_("受理できるのは回答済の要求です。"), code="not_answered", clause=request.clause_id)
    on = _on(on, request)
    response = _latest_response(request)
    response.review, response.review_note = ReviewOutcome.ACCEPTED, (note or "").strip()
    response.reviewed_by, response.reviewed_on = actor, on
    response.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_on"])
    request.state, request.closed_on, request.closed_by = RequestState.ACCEPTED, on, actor
    request.save(update_fields=["state", "closed_on", "closed_by"])
    journal_append(actor=actor, action="oversight.request.accepted", contract=request.contract,
                   clause=request.clause_id, obj=request,
                   data={"subject": request.subject, "response": response.pk, "note": response.review_note, "on": on})
    return request


@transaction.atomic
def oversight_request_reopen(*, actor, request: OversightRequest, note: str, due_on: dt.date,
                             on: dt.date | None = None) -> OversightRequest:
    """The officer asks for more: the request is open again with a new due date, a new obligation (K-10)."""
    request = _locked(request)
    check_may_review(actor, request)
    clause = request.clause_id
    if request.state != RequestState.ANSWERED:
        raise ClauseViolation(_("追加の回答を求められるのは回答済の要求です。"), code="not_answered", clause=clause)
    note = _required(note, _("追加で求める事項を入力してください。"), clause=clause, field="note")
    on = _on(on, request)
    if due_on is None:
        raise ClauseViolation(_("回答期限を入力してください。"), code="due_on_missing", clause=clause, field="due_on")
    _check_date(due_on, clause=clause, field="due_on")
    if due_on < on:
        raise ClauseViolation(_("新しい回答期限は今日以後の日付にしてください。"), code="due_in_past", clause=clause,
                              field="due_on")
    response = _latest_response(request)
    response.review, response.review_note, response.reviewed_by, response.reviewed_on = (
        ReviewOutcome.MORE_REQUESTED, note, actor, on)
    response.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_on"])
    previous_due = request.due_on
    request.state, request.due_on = RequestState.OPEN, due_on
    request.save(update_fields=["state", "due_on"])
    obligation = obligation_open(contract=request.contract, clause=clause, kind=RESPONSE_KIND,
                                 title=_("「%(subject)s」への追加の回答") % {"subject": request.subject},
                                 role=request.addressed_role, due_on=due_on, source=request)
    journal_append(actor=actor, action="oversight.request.reopened", contract=request.contract, clause=clause,
                   obj=request,
                   data={"subject": request.subject, "response": response.pk, "note": note, "on": on,
                         "previous_due_on": previous_due, "due_on": due_on, "obligation": obligation.pk})
    return request


@transaction.atomic
def oversight_request_withdraw(*, actor, request: OversightRequest, reason: str,
                               on: dt.date | None = None) -> OversightRequest:
    """The officer withdraws a request that is no longer needed. The open response obligation is closed
    as met: nothing is owed any more, and the journal says it was closed by the withdrawal (K-10)."""
    request = _locked(request)
    check_may_review(actor, request)
    clause = request.clause_id
    if request.state not in (RequestState.OPEN, RequestState.ANSWERED):
        raise ClauseViolation(_("この要求はすでに受理または取下げられています。"), code="request_closed", clause=clause)
    reason = _required(reason, _("取下げの理由を入力してください。"), clause=clause, field="reason")
    on = _on(on, request)
    met = obligations_meet(source=request, kind=RESPONSE_KIND, actor=actor, on=on)
    request.state, request.withdrawn_reason, request.closed_on, request.closed_by = (
        RequestState.WITHDRAWN, reason, on, actor)
    request.save(update_fields=["state", "withdrawn_reason", "closed_on", "closed_by"])
    journal_append(actor=actor, action="oversight.request.withdrawn", contract=request.contract, clause=clause,
                   obj=request,
                   data={"subject": request.subject, "reason": reason, "on": on, "obligations_closed": met,
                         "obligations_closed_as": "met: the request was withdrawn, so no response is owed"})
    return request
