"""Writes on the self-assessment sheet (F-S, annex 2).

Each service checks the actor's role on the contract and the form's conditions, changes the models and
appends one journal event, in one transaction.

- The contractor's representative (or its security officer, S-3) fills a draft: section 2's answers and
  section 3's measures; section 1 is read from the contract and fixed at the submission.
- The representative submits; the client's officer accepts the version or returns it with a comment and
  comments per item. Each submission is a version; a submitted version is never edited, a new draft starts
  from the newest one.
- An いいえ needs the measure taken or planned and its target date (F-S: 「いいえの場合は対策等を記入」); items
  of a category that applies only where there is subcontracting (再委託管理, S-10) are 該当なし otherwise.
- At the acceptance, each いいえ with its target date becomes an obligation of the contractor; the
  obligations of an earlier version are met when the item is now はい, and replaced otherwise.
- The client issues a revised question set as a new template version (:func:`template_issue`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import OrganisationKind, Role
from itaku.accounts.models import Membership
from itaku.contracts.models import Contract
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append
from itaku.obligations.models import Obligation, ObligationState
from itaku.obligations.services import obligation_open
from itaku.personnel.texts import sha256_of

from . import questionnaire_loader as loader
from .models import (
    QuestionnaireCategory,
    QuestionnaireItem,
    QuestionnaireTemplate,
    SecuritySheet,
    SheetAnswer,
    SheetVersion,
)
from .questionnaire_choices import CLAUSE, REMEDY_KIND, Result, SheetState
from .questionnaire_contents import contract_contents, subcontractors

EARLIEST = dt.date(1989, 1, 8)
EDITORS = frozenset({Role.REPRESENTATIVE, Role.SECURITY_OFFICER})
REMARK_MAX = 2000
MEASURE_MAX = 4000


def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract_id=contract.pk, user=actor).values_list("role", flat=True))


def _require(actor, contract, roles, message) -> None:
    if not roles_of(actor, contract) & set(roles):
        raise PermissionRefused(message, clause=CLAUSE)


def _day(on, *, field: str) -> dt.date:
    today = timezone.localdate()
    on = on or today
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause=CLAUSE, field=field)
    if on > today:
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=CLAUSE, field=field)
    if on < EARLIEST:
        raise ClauseViolation(_("日付が古すぎます。"), code="date_too_early", clause=CLAUSE, field=field)
    return on


def current_template(code: str = "F-S") -> QuestionnaireTemplate:
    template = QuestionnaireTemplate.objects.filter(code=code).order_by("-version").first()
    if template is None:
        raise ClauseViolation(_("外部委託先調査シートのひな形がありません。"), code="no_template", clause=CLAUSE)
    return template


def _locked(version: SheetVersion) -> SheetVersion:
    return (SheetVersion.objects.select_for_update(of=("self",))
            .select_related("sheet__contract", "template").get(pk=version.pk))


def _check_state(version: SheetVersion, *states) -> None:
    if version.state not in states:
        raise ClauseViolation(
            _("この調査シート（第%(number)s版）は「%(state)s」のため、この操作はできません。")
            % {"number": version.number, "state": version.get_state_display()},
            code="version_state", clause=CLAUSE)


def has_subcontracting(contract) -> bool:
    return bool(subcontractors(contract))


# -- the sheet and its versions ---------------------------------------------------------------------

def _department(contract) -> str:
    """The client's section in charge: the one the contractor's F-P is addressed to, else the officer's post."""
    from itaku.personnel.models import ReportVersion

    name = (ReportVersion.objects.filter(report__contract_id=contract.pk).exclude(section_name="")
            .order_by("-number").values_list("section_name", flat=True).first())
    if name:
        return name
    officer = (Membership.objects.filter(contract_id=contract.pk, role=Role.OFFICER).select_related("user")
               .order_by("id").first())
    return officer.user.job_title.rsplit(" ", 1)[0] if officer and officer.user.job_title else ""


@transaction.atomic
def sheet_draft(*, actor, contract: Contract) -> SheetVersion:
    """Open the draft of a new version of the contract's sheet, on the current question set, starting from
    the newest version's answers and measures. Returns the existing draft if any."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _require(actor, contract, {Role.REPRESENTATIVE},
             _("外部委託先調査シートを作成できるのはこの契約の乙の代表者です。"))
    check_accepts_work(contract, clause=CLAUSE)
    now = timezone.now()
    sheet, _created = SecuritySheet.objects.get_or_create(
        contract=contract, defaults={"created_at": now, "created_by": actor, "department": _department(contract)})
    versions = SheetVersion.objects.filter(sheet=sheet)
    draft = versions.filter(state=SheetState.DRAFT).first()
    if draft is not None:
        return draft
    previous = versions.order_by("-number").first()
    template = current_template()
    draft = SheetVersion.objects.create(sheet=sheet, template=template, number=(previous.number + 1) if previous
                                        else 1, created_at=now, created_by=actor,
                                        measures=dict(previous.measures) if previous else {})
    earlier = {}
    if previous is not None:
        earlier = {a.item.number: a for a in previous.answers.select_related("item")}
    items = QuestionnaireItem.objects.filter(template=template).select_related("category").order_by("number")
    applies = has_subcontracting(contract)
    answers = []
    for item in items:
        old = earlier.get(item.number)
        same = old is not None and old.item.text == item.text
        if item.category.only_if_subcontracting and not applies:
            answers.append(SheetAnswer(version=draft, item=item, result=Result.NOT_APPLICABLE))
        elif same and old.result != Result.NOT_APPLICABLE:
            answers.append(SheetAnswer(version=draft, item=item, result=old.result, remark=old.remark,
                                       target_on=old.target_on))
        else:
            answers.append(SheetAnswer(version=draft, item=item))
    SheetAnswer.objects.bulk_create(answers)
    journal_append(actor=actor, action="security.sheet.drafted", contract=contract, clause=CLAUSE, obj=draft,
                   data={"number": draft.number, "template": template.version})
    return draft


def _check_editor(actor, version: SheetVersion) -> None:
    _require(actor, version.sheet.contract, EDITORS,
             _("外部委託先調査シートを記入できるのはこの契約の乙の代表者又はセキュリティ責任者です。"))
    _check_state(version, SheetState.DRAFT)


def _validate_answer(item, result: str, remark: str, target_on, applies: bool) -> None:
    label = {"number": item.number}
    if item.category.only_if_subcontracting and not applies:
        if result != Result.NOT_APPLICABLE:
            # S-10: 再委託管理 applies only where there is subcontracting.
            raise ClauseViolation(
                _("項目%(number)s：再委託がないため、再委託管理の項目は「該当なし」です（S-10）。") % label,
                code="not_applicable", clause="S-10", field="result")
        return
    if result not in (Result.YES, Result.NO):
        raise ClauseViolation(_("項目%(number)s：「はい」又は「いいえ」を選んでください。") % label,
                              code="result_missing", clause=CLAUSE, field="result")
    if result == Result.NO:
        if not remark.strip():
            # F-S: 備考（いいえの場合は対策等を記入）.
            raise ClauseViolation(
                _("項目%(number)s：「いいえ」の場合は、備考に実施した又は予定する対策を記入してください（F-S）。")
                % label, code="remark_missing", clause=CLAUSE, field="remark")
        if target_on is None:
            raise ClauseViolation(
                _("項目%(number)s：「いいえ」の場合は、対策の完了予定日を入力してください（F-S）。") % label,
                code="target_missing", clause=CLAUSE, field="target_on")
        if target_on < EARLIEST:
            raise ClauseViolation(_("日付が古すぎます。"), code="date_too_early", clause=CLAUSE, field="target_on")
    if len(remark) > REMARK_MAX:
        raise ClauseViolation(_("備考は%(n)s字以内で入力してください。") % {"n": REMARK_MAX}, code="remark_long",
                              clause=CLAUSE, field="remark")


@transaction.atomic
def answers_save(*, actor, version: SheetVersion, answers: dict) -> SheetVersion:
    """Answer items of the draft: ``answers`` is ``{item number: {"result", "remark", "target_on"}}``.
    Each answer given is checked as it would be at the submission."""
    version = _locked(version)
    _check_editor(actor, version)
    applies = has_subcontracting(version.sheet.contract)
    rows = {a.item.number: a for a in version.answers.select_related("item__category")}
    changed = []
    for number, values in answers.items():
        answer = rows.get(int(number))
        if answer is None:
            raise ClauseViolation(_("項目%(number)sはこの調査シートにありません。") % {"number": number},
                                  code="item_unknown", clause=CLAUSE, field="item")
        result = values.get("result") or ""
        remark = (values.get("remark") or "").strip()
        target_on = values.get("target_on")
        if result:
            _validate_answer(answer.item, result, remark, target_on, applies)
        if result == Result.YES:
            remark, target_on = remark, None
        answer.result, answer.remark, answer.target_on = result, remark, target_on
        changed.append(answer)
    SheetAnswer.objects.bulk_update(changed, ["result", "remark", "target_on"])
    journal_append(actor=actor, action="security.sheet.answered", contract=version.sheet.contract, clause=CLAUSE,
                   obj=version, data={"number": version.number,
                                      "answers": {a.item.number: a.result for a in changed}})
    return version


@transaction.atomic
def measures_save(*, actor, version: SheetVersion, measures: dict) -> SheetVersion:
    """Section 3: the five free-text measures, by the template's keys."""
    version = _locked(version)
    _check_editor(actor, version)
    keys = [m["key"] for m in version.template.measures]
    unknown = set(measures) - set(keys)
    if unknown:
        raise ClauseViolation(_("この調査シートにない措置です。"), code="measure_unknown", clause=CLAUSE,
                              field="measures")
    for key, text in measures.items():
        if len(text or "") > MEASURE_MAX:
            raise ClauseViolation(_("具体的な措置は%(n)s字以内で入力してください。") % {"n": MEASURE_MAX},
                                  code="measure_long", clause=CLAUSE, field=key)
    version.measures = {**version.measures, **{k: (v or "").strip() for k, v in measures.items()}}
    version.save(update_fields=["measures"])
    journal_append(actor=actor, action="security.sheet.measures_saved", contract=version.sheet.contract,
                   clause=CLAUSE, obj=version, data={"number": version.number, "keys": sorted(measures)})
    return version


def version_content(version: SheetVersion) -> dict:
    """What a version reports, as the officer reviews it (hashed at the submission)."""
    return {
        "template": version.template.version,
        "contents": version.contents,
        "answers": [{"no": a.item.number, "result": a.result, "remark": a.remark,
                     "target_on": a.target_on.isoformat() if a.target_on else None}
                    for a in version.answers.select_related("item").order_by("item__number")],
        "measures": version.measures,
    }


@transaction.atomic
def sheet_submit(*, actor, version: SheetVersion, on: dt.date | None = None) -> SheetVersion:
    """The representative submits the draft to the client. Section 1 is fixed from the contract now."""
    version = _locked(version)
    contract = version.sheet.contract
    _require(actor, contract, {Role.REPRESENTATIVE},
             _("外部委託先調査シートを提出できるのはこの契約の乙の代表者です。"))
    _check_state(version, SheetState.DRAFT)
    on = _day(on, field="submitted_on")
    applies = has_subcontracting(contract)
    for answer in version.answers.select_related("item__category").order_by("item__number"):
        _validate_answer(answer.item, answer.result, answer.remark, answer.target_on, applies)
    version.contents = contract_contents(contract)
    content = version_content(version)
    version.content_sha256 = sha256_of(content)
    version.state = SheetState.SUBMITTED
    version.submitted_on, version.submitted_at, version.submitted_by = on, timezone.now(), actor
    version.save()
    journal_append(actor=actor, action="security.sheet.submitted", contract=contract, clause=CLAUSE, obj=version,
                   data={**content, "number": version.number, "submitted_on": on,
                         "sha256": version.content_sha256})
    return version


def _remedy_title(answer: SheetAnswer) -> str:
    return _("調査シート項目%(number)sの対策：%(remark)s") % {"number": answer.item.number, "remark": answer.remark}


def _settle_remedies(version: SheetVersion, actor, on) -> dict:
    """At the acceptance: the earlier versions' remedies are met where the item is now はい and replaced
    otherwise; each いいえ of this version opens the contractor's remedy, due on its target date."""
    answers = list(version.answers.select_related("item"))
    now_yes = {a.item.number for a in answers if a.result == Result.YES}
    earlier = SheetAnswer.objects.filter(version__sheet_id=version.sheet_id).exclude(version=version)
    from django.contrib.contenttypes.models import ContentType

    ctype = ContentType.objects.get_for_model(SheetAnswer)
    open_ = Obligation.objects.filter(kind=REMEDY_KIND, source_type=ctype, state=ObligationState.OPEN,
                                      source_id__in=earlier.values("pk"))
    numbers = dict(earlier.values_list("pk", "item__number"))
    met, replaced = [], []
    for obligation in open_:
        (met if numbers.get(obligation.source_id) in now_yes else replaced).append(obligation.pk)
    if met:
        Obligation.objects.filter(pk__in=met).update(state=ObligationState.MET, closed_on=on, closed_by=actor)
    if replaced:
        Obligation.objects.filter(pk__in=replaced).update(
            state=ObligationState.WAIVED, closed_on=on, closed_by=actor,
            waived_reason=_("第%(number)s版の調査シートの受理により、新しい完了予定日に置き換えました。")
            % {"number": version.number})
    opened = 0
    for answer in answers:
        if answer.result == Result.NO and answer.target_on is not None:
            obligation_open(contract=version.sheet.contract, clause=CLAUSE, kind=REMEDY_KIND,
                            title=_remedy_title(answer), role=Role.REPRESENTATIVE, due_on=answer.target_on,
                            source=answer)
            opened += 1
    return {"remedies_opened": opened, "remedies_met": len(met), "remedies_replaced": len(replaced)}


@transaction.atomic
def sheet_review(*, actor, version: SheetVersion, accept: bool, comment: str = "", item_comments: dict | None = None,
                 on: dt.date | None = None) -> SheetVersion:
    """The client's officer accepts the submitted version, or returns it with the reason; either way with
    comments per item (``{item number: text}``)."""
    version = _locked(version)
    contract = version.sheet.contract
    _require(actor, contract, {Role.OFFICER},
             _("外部委託先調査シートを受理・差し戻しできるのはこの契約の甲の契約担当です。"))
    _check_state(version, SheetState.SUBMITTED)
    on = _day(on, field="decided_on")
    if version.submitted_on and on < version.submitted_on:
        raise ClauseViolation(_("受理・差戻しの日は報告日以後にしてください。"), code="date_too_early", clause=CLAUSE,
                              field="decided_on")
    item_comments = {int(k): (v or "").strip() for k, v in (item_comments or {}).items()}
    if not accept and not comment.strip() and not any(item_comments.values()):
        raise ClauseViolation(_("差し戻す理由を、全体又は項目ごとに入力してください。"), code="comment_missing",
                              clause=CLAUSE, field="comment")
    answers = {a.item.number: a for a in version.answers.select_related("item")}
    unknown = set(item_comments) - set(answers)
    if unknown:
        raise ClauseViolation(_("項目%(number)sはこの調査シートにありません。") % {"number": min(unknown)},
                              code="item_unknown", clause=CLAUSE, field="item")
    changed = []
    for number, text in item_comments.items():
        answers[number].review_comment = text
        changed.append(answers[number])
    SheetAnswer.objects.bulk_update(changed, ["review_comment"])
    version.state = SheetState.ACCEPTED if accept else SheetState.RETURNED
    version.decided_on, version.decided_at, version.decided_by = on, timezone.now(), actor
    version.comment = comment.strip()
    version.save()
    data = {"number": version.number, "decided_on": on, "comment": version.comment,
            "item_comments": {n: t for n, t in item_comments.items() if t}, "sha256": version.content_sha256}
    if accept:
        data.update(_settle_remedies(version, actor, on))
    journal_append(actor=actor, action="security.sheet.accepted" if accept else "security.sheet.returned",
                   contract=contract, clause=CLAUSE, obj=version, data=data)
    return version


# -- the question set -------------------------------------------------------------------------------

@transaction.atomic
def template_issue(*, actor, form: dict, issued_on: dt.date | None = None) -> QuestionnaireTemplate:
    """Issue a revised question set (a new version of the template); new drafts use it, sheets already
    answered keep theirs. ``actor`` is a client user, or ``None`` for the operator's command."""
    if actor is not None and getattr(actor.organisation, "kind", None) != OrganisationKind.CLIENT:
        raise PermissionRefused(_("調査シートのひな形を改定できるのは甲の職員です。"), clause=CLAUSE)
    problems = loader.check_form(form)
    if problems:
        raise ClauseViolation(_("調査シートのひな形に不足があります：%(fields)s") % {"fields": ", ".join(problems)},
                              code="template_incomplete", clause=CLAUSE)
    code = form.get("id", "F-S")
    latest = QuestionnaireTemplate.objects.select_for_update().filter(code=code).order_by("-version").first()
    template = loader.build_template(
        form, version=(latest.version + 1) if latest else 1, issued_on=issued_on or timezone.localdate(),
        issued_at=timezone.now(), issued_by=actor, Template=QuestionnaireTemplate, Category=QuestionnaireCategory,
        Item=QuestionnaireItem)
    journal_append(actor=actor, action="security.questionnaire.issued", clause=CLAUSE, obj=template,
                   data={"code": code, "version": template.version,
                         "items": QuestionnaireItem.objects.filter(template=template).count()})
    return template
