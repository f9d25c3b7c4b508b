"""Writes on consent requests (承諾申請) and on what an approval unlocks.

Each service checks the actor's role on the contract, the clause's conditions, changes the models and
appends one journal event, in one transaction. The clause of a request is its kind's (K-5, K-6 …).
"""

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from itaku.accounts.choices import OrganisationKind, Role
from itaku.accounts.models import Membership, Organisation, User
from itaku.contracts.models import Contract
from itaku.contracts.states import check_accepts_work
from itaku.contracts.wording import party_snapshot
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.core.files import remove_files_on_error
from itaku.core.wareki import to_wareki
from itaku.journal.chain import canonical, plain
from itaku.journal.services import journal_append

from . import kinds, kinds_annex1, kinds_annex2, records
from .models import ConsentRequest, ConsentState, Subcontractor

LETTER_KIND = "consent_letter"


# -- helpers -------------------------------------------------------------------------------------

def roles_of(actor, contract) -> set[str]:
    """The roles ``actor`` holds on ``contract``."""
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def _require_role(actor, contract, role: str, message) -> None:
    if role not in roles_of(actor, contract):
        raise PermissionRefused(message)


def _kind(code: str) -> kinds.Kind:
    kind = kinds.get(code)
    if kind is None:
        raise ClauseViolation(_("この種類の承諾申請はできません：%(kind)s") % {"kind": code}, code="unknown_kind",
                              field="kind")
    return kind


def _day(on: dt.date | None, *, clause: str, field: str, not_before: dt.date | None = None,
         before_text: str = "") -> dt.date:
    """The date of the fact being recorded (the written request, the decision, the carrying out): ``on``,
    or today when none is given; checked like the other dated steps: never in the future, never before
    ``not_before`` (``before_text`` names that date)."""
    today = timezone.localdate()
    on = on or today
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause=clause, field=field)
    if on > today:
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if not_before is not None and on < not_before:
        raise ClauseViolation(
            _("%(field)s は %(day)s（%(what)s）以後の日付にしてください。")
            % {"field": to_wareki(on), "day": to_wareki(not_before), "what": before_text},
            code="date_too_early", clause=clause, field=field,
        )
    return on


def _check_move(consent: ConsentRequest, name: str) -> None:
    """Refuse, with the kind's clause, a move the request's state does not allow."""
    if not can_proceed(getattr(consent, name)):
        raise ClauseViolation(
            _("この申請は「%(state)s」のため、この操作はできません。") % {"state": consent.get_state_display()},
            code="consent_state", clause=consent.clause,
        )


def _move(consent: ConsentRequest, name: str) -> None:
    _check_move(consent, name)
    getattr(consent, name)()


def _locked_contract(pk: int) -> Contract:
    """The contract row, locked until the end of the transaction: a service checks the state of this row
    (K-14), so a termination cannot slip in between the check and the write."""
    return Contract.objects.select_for_update().get(pk=pk)


def _locked(consent: ConsentRequest) -> ConsentRequest:
    return (ConsentRequest.objects.select_for_update(of=("self",)).select_related("contract", "subject", "submitted_by")
            .get(pk=consent.pk))


def statement_names(statement: dict, kind: kinds.Kind) -> dict:
    """The names of the organisations and users a statement refers to: ("organisation", pk) or
    ("user", username) → name. A user is resolved only as a user of the organisation the statement
    names in the field's ``of_field`` (the assignee), so a statement shows no other organisation's users."""
    organisations, users, datasets, assets = set(), {}, set(), set()
    for fld in kind.fields:
        value = statement.get(fld.name)
        if fld.type == "dataset" and value:
            datasets.add(value)
        elif fld.type == "asset" and value:
            assets.add(value)
        elif fld.type == "organisation" and value:
            organisations.add(value)
        elif fld.type == "user" and isinstance(value, str) and value and statement.get(fld.of_field):
            users[value] = statement[fld.of_field]
    names = kinds_annex1.dataset_names(datasets) if datasets else {}
    if assets:
        names.update(kinds_annex2.asset_names(assets))
    if organisations:
        for org in Organisation.objects.filter(pk__in=organisations):
            names[("organisation", org.pk)] = org.name
    if users:
        for user in User.objects.filter(username__in=users):
            if user.organisation_id == users[user.username]:
                names[("user", user.username)] = f"{user}（{user.job_title}）" if user.job_title else str(user)
    return names


def statement_text(consent: ConsentRequest) -> list[tuple[str, str]]:
    kind = consent.kind_def
    return kind.display(consent.statement, statement_names(consent.statement, kind)) if kind else []


def _person(user) -> dict:
    return {"username": user.get_username(), "name": str(user), "job_title": user.job_title}


def snapshot_hash(snapshot: dict) -> str:
    """SHA-256 over the canonical JSON of a decision's snapshot (sorted keys, no spaces, UTF-8)."""
    return hashlib.sha256(canonical(plain(snapshot))).hexdigest()


def consent_snapshot(consent: ConsentRequest) -> dict:
    """What was decided, as plain JSON: the contract and its parties, the kind, the statement (as stated
    and as people read it), the subject, the submitter, the decision with its conditions or reasons,
    the decider and the date. Built in Japanese whatever the decider's language, so it reads the same."""
    kind = consent.kind_def
    contract = consent.contract
    with translation.override("ja"):
        data = {
            "consent": consent.pk,
            "kind": consent.kind,
            "kind_label": str(kind.label),
            "clause": kind.clause,
            "clause_title": kind.clause_title,
            "contract": {"id": contract.pk, "title": contract.title, "signed_on": contract.signed_on,
                         "parties": contract.parties},
            "statement": consent.statement,
            "statement_text": [list(row) for row in statement_text(consent)],
            "subject": ({"id": consent.subject.pk, **party_snapshot(consent.subject)} if consent.subject else None),
            "submitted_by": _person(consent.submitted_by),
            "submitted_on": consent.submitted_on,
            "decision": consent.state,
            "conditions": consent.conditions,
            "reasons": consent.reasons,
            "decided_by": _person(consent.decided_by),
            "decided_on": consent.decided_on,
        }
    return plain(data)


# -- the request ---------------------------------------------------------------------------------

NEW_ORGANISATION_FIELDS = (
    # (key, max length): what a request states of a new organisation, as the organisation record holds it.
    ("name", 200),
    ("address", 300),
    ("representative_title", 100),
    ("representative_name", 100),
)


def _new_organisation(*, kind: kinds.Kind, statement: dict, data) -> tuple[Organisation, dict]:
    """Register the contractor organisation a request names that is not yet registered (K-6: the
    subcontractor), and return it with the statement naming it. Never an organisation already registered
    (choose it instead): so never the contract's own contractor, never a client."""
    fld = next((f for f in kind.fields if f.type == "organisation" and f.allow_new), None)
    if fld is None:
        raise ClauseViolation(_("この申請では新しい組織を入力できません。"), code="new_organisation_not_allowed",
                              clause=kind.clause, field="new_organisation")
    if not isinstance(statement, dict):
        raise ClauseViolation(_("申請の内容が読み取れません。"), code="statement_invalid", clause=kind.clause,
                              field="statement")
    if statement.get(fld.name) not in (None, ""):
        raise ClauseViolation(_("登録されている組織を選択するか、新しい組織を入力するか、どちらか一方にしてください。"),
                              code="new_organisation_conflict", clause=kind.clause, field=fld.name)
    if not isinstance(data, dict):
        raise ClauseViolation(_("新しい組織の内容が読み取れません。"), code="statement_invalid", clause=kind.clause,
                              field="new_organisation")
    unknown = sorted(set(data) - {key for key, _max in NEW_ORGANISATION_FIELDS})
    if unknown:
        raise ClauseViolation(_("新しい組織にない項目です：%(names)s") % {"names": ", ".join(unknown)},
                              code="statement_unknown_field", clause=kind.clause,
                              field=f"new_organisation.{unknown[0]}")
    values = {}
    for key, max_length in NEW_ORGANISATION_FIELDS:
        value = data.get(key)
        value = value.strip() if isinstance(value, str) else None
        where = f"new_organisation.{key}"
        if not value:
            raise ClauseViolation(_("入力してください。"), code="statement_missing", clause=kind.clause, field=where)
        if len(value) > max_length:
            raise ClauseViolation(_("%(max)s字以内で入力してください。") % {"max": max_length},
                                  code="statement_too_long", clause=kind.clause, field=where)
        values[key] = value
    if Organisation.objects.filter(name=values["name"]).exists():
        raise ClauseViolation(_("この名称の組織はすでに登録されています。登録されている組織から選択してください。"),
                              code="new_organisation_exists", clause=kind.clause, field="new_organisation.name")
    organisation = Organisation(kind=OrganisationKind.CONTRACTOR, **values)
    organisation.full_clean()
    organisation.save()
    return organisation, {**statement, fld.name: organisation.pk}


@transaction.atomic
def consent_submit(*, actor, contract: Contract, kind: str, statement: dict,
                   on: dt.date | None = None, new_organisation: dict | None = None) -> ConsentRequest:
    """The contractor's representative asks for the client's prior written consent (K-5, K-6 …), on the
    date of the written request (``on``; today when not given).

    ``new_organisation`` (name, address, representative_title, representative_name) names an organisation
    not yet registered, in place of the kind's organisation field that allows it (K-6: the
    subcontractor); it is registered as a contractor organisation with the request, in its one event."""
    kind_def = _kind(kind)
    contract = _locked_contract(contract.pk)
    if not kind_def.may_submit(roles_of(actor, contract)):
        raise PermissionRefused(_("承諾の申請ができるのはこの契約の乙の代表者です。") if not kind_def.also_submitted_by
                                else _("承諾の申請ができるのはこの契約の乙の代表者又は個人情報保護責任者です。"))
    check_accepts_work(contract)  # K-14: a terminated contract accepts no new requests
    # The date of the written request: not in the future, not before the contract was signed.
    on = _day(on, clause=kind_def.clause, field="submitted_on", not_before=contract.signed_on,
              before_text=_("契約締結日"))
    created = None
    if new_organisation is not None:
        created, statement = _new_organisation(kind=kind_def, statement=statement, data=new_organisation)
    cleaned = kind_def.clean(statement, contract)
    subject = None
    if kind_def.subject_field and cleaned.get(kind_def.subject_field):
        subject = Organisation.objects.get(pk=cleaned[kind_def.subject_field])
    consent = ConsentRequest.objects.create(
        contract=contract, kind=kind_def.code, statement=cleaned, subject=subject, state=ConsentState.SUBMITTED,
        submitted_by=actor, submitted_at=timezone.now(), submitted_on=on,
    )
    data = {"kind": kind_def.code, "statement": cleaned, "subject": subject.name if subject else None,
            "submitted_on": on}
    if created is not None:
        data["new_organisation"] = {"id": created.pk, **party_snapshot(created)}
    journal_append(actor=actor, action="consents.request.submitted", contract=contract, clause=kind_def.clause,
                   obj=consent, data=data)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: ConsentRequest) -> ConsentRequest:
    """The submitter withdraws a request that is still awaiting the decision."""
    consent = _locked(consent)
    if actor is None or actor.pk != consent.submitted_by_id:
        raise PermissionRefused(_("申請を取り下げられるのは申請した本人です。"))
    _move(consent, "withdraw")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["state", "withdrawn_at"])
    journal_append(actor=actor, action="consents.request.withdrawn", contract=consent.contract,
                   clause=consent.clause, obj=consent, data={"kind": consent.kind})
    return consent


@transaction.atomic
def consent_decide(*, actor, consent: ConsentRequest, approve: bool, conditions: str = "", reasons: str = "",
                   on: dt.date | None = None) -> ConsentRequest:
    """The client's officer approves (with conditions, if any) or refuses (with the reasons).

    The decision is frozen in a snapshot with its SHA-256; an approval produces the consent letter
    (承諾書) as PDF, recorded (file name, SHA-256, the journal head it prints) in the approval's one
    event. A refusal produces no letter; its reasons are kept.
    """
    contract = _locked_contract(consent.contract_id)  # the contract first, then the request
    consent = _locked(consent)
    consent.contract = contract
    kind = _kind(consent.kind)
    _require_role(actor, contract, kind.decider, _("承諾の可否を決定できるのはこの契約の契約担当者です。"))
    _check_move(consent, "approve" if approve else "refuse")  # a withdrawn or decided request is not decided
    check_accepts_work(contract, clause="K-14")
    conditions, reasons = (conditions or "").strip(), (reasons or "").strip()
    if not approve and not reasons:
        raise ClauseViolation(_("承諾しない場合は、その理由を入力してください。"), code="reasons_missing",
                              clause=kind.clause, field="reasons")
    for name, value in (("conditions", conditions), ("reasons", reasons)):
        if len(value) > kinds.MAX_TEXT:
            raise ClauseViolation(_("%(max)s字以内で入力してください。") % {"max": kinds.MAX_TEXT},
                                  code="too_long", clause=kind.clause, field=name)
    # The date of the decision: not in the future, not before the written request.
    on = _day(on, clause=kind.clause, field="decided_on", not_before=consent.submitted_on,
              before_text=_("申請日"))
    _move(consent, "approve" if approve else "refuse")
    consent.conditions = conditions if approve else ""
    consent.reasons = "" if approve else reasons
    consent.decided_by, consent.decided_at, consent.decided_on = actor, timezone.now(), on
    consent.snapshot = consent_snapshot(consent)
    consent.snapshot_sha256 = snapshot_hash(consent.snapshot)
    consent.save(update_fields=["state", "conditions", "reasons", "decided_by", "decided_at", "decided_on",
                                "snapshot", "snapshot_sha256"])
    data = {"kind": kind.code, "decided_on": on, "conditions": consent.conditions, "reasons": consent.reasons,
            "snapshot_sha256": consent.snapshot_sha256}
    letter = None
    if approve:
        # P-5, P-6-5: the approval opens the take-out or copying record, in this decision's event.
        opened = records.records_open(consent=consent)
        if opened is not None:
            data["opened"] = opened
        # The letter is stored here and recorded by this decision's one event (not journaled apart).
        from itaku.documents.services import document_store

        letter = document_store(actor=actor, contract=contract, kind=LETTER_KIND, fmt="pdf", source=consent)
        consent.letter = letter
        consent.save(update_fields=["letter"])
        data["letter"] = {"filename": letter.filename, "sha256": letter.sha256, "journal_head": letter.journal_head}
    with remove_files_on_error(lambda: letter.file if letter is not None else None):
        journal_append(
            actor=actor, action="consents.request.approved" if approve else "consents.request.refused",
            contract=contract, clause=kind.clause, obj=consent, data=data,
        )
    return consent


@transaction.atomic
def consent_letter_generate(*, actor, consent: ConsentRequest):
    """Generate the consent letter (承諾書) of an approved request again, from its frozen snapshot.

    Anyone who may see the contract may; the generation is stored and journaled by the documents app."""
    consent = _locked(consent)
    if consent.state != ConsentState.APPROVED:
        raise ClauseViolation(_("承諾書は承諾した申請についてだけ作成できます。"), code="no_letter",
                              clause=consent.clause)
    from itaku.documents.services import document_generate

    document = document_generate(actor=actor, contract=consent.contract, kind=LETTER_KIND, fmt="pdf",
                                 source=consent)
    consent.letter = document
    consent.save(update_fields=["letter"])
    return document


# -- what an approval unlocks ----------------------------------------------------------------------

def _approved_consent(*, consent, contract, organisation, kind: kinds.Kind) -> None:
    """Refuse, with the kind's clause, unless ``consent`` is an approved, unused consent of ``kind`` on
    ``contract`` naming ``organisation``."""
    def refuse(code, detail):
        raise ClauseViolation(detail, code=code, clause=kind.clause, field="consent")

    if consent is None:
        refuse("consent_missing", _("「%(kind)s」には甲の書面による承諾が必要です。") % {"kind": kind.label})
    if consent.kind != kind.code:
        refuse("consent_wrong_kind", _("「%(kind)s」の承諾ではありません。") % {"kind": kind.label})
    if consent.contract_id != contract.pk:
        refuse("consent_other_contract", _("この承諾は別の契約のものです。"))
    if consent.state != ConsentState.APPROVED:
        refuse("consent_not_approved",
               _("この申請は承諾されていません（%(state)s）。") % {"state": consent.get_state_display()})
    if organisation is None or consent.subject_id != organisation.pk:
        refuse("consent_other_organisation", _("この承諾は別の組織についてのものです。"))
    if consent.effected_at is not None:
        refuse("consent_used", _("この承諾に基づく手続はすでに済んでいます。"))


@transaction.atomic
def subcontractor_attach(*, actor, contract: Contract, organisation: Organisation, consent: ConsentRequest | None,
                         on: dt.date | None = None) -> Subcontractor:
    """Attach a subcontractor (再委託先) to the contract. K-6: only the organisation named by an
    approved subcontract consent of this same contract, once per consent.

    P-9: an approved consent to subcontract the handling of personal information attaches the organisation
    in the same way; when it is already attached (K-6), it marks it as handling the contract's personal
    information. Its own responsibility report (F-P) is then submitted through the contractor."""
    kind = kinds_annex1.PRIVACY_SUBCONTRACT if consent is not None and consent.kind == "privacy_subcontract" \
        else kinds.SUBCONTRACT
    contract = _locked_contract(contract.pk)
    _require_role(actor, contract, Role.REPRESENTATIVE, _("再委託先を登録できるのはこの契約の乙の代表者です。"))
    check_accepts_work(contract)  # K-14, on the locked row
    if consent is not None:
        consent = _locked(consent)
    # K-6, P-9: no subcontracting without the client's prior written consent.
    _approved_consent(consent=consent, contract=contract, organisation=organisation, kind=kind)
    # Carried out on or after the day of the approval, never before it (K-6, P-9).
    on = _day(on, clause=kind.clause, field="attached_on", not_before=consent.decided_on,
              before_text=_("承諾の日"))
    now = timezone.now()
    privacy = kind.code == "privacy_subcontract"
    subcontractor = (Subcontractor.objects.select_for_update().filter(contract=contract, organisation=organisation)
                     .order_by("id").first() if privacy else None)
    if subcontractor is None:
        subcontractor = Subcontractor.objects.create(
            contract=contract, organisation=organisation, consent=consent, scope=consent.statement.get("scope", ""),
            attached_on=on, attached_at=now, attached_by=actor, privacy_consent=consent if privacy else None,
        )
    else:
        subcontractor.privacy_consent = consent
        subcontractor.save(update_fields=["privacy_consent"])
    consent.effected_at, consent.effected_on, consent.effected_by = now, on, actor
    consent.save(update_fields=["effected_at", "effected_on", "effected_by"])
    journal_append(
        actor=actor, action="consents.subcontractor.attached", contract=contract, clause=kind.clause,
        obj=subcontractor,
        data={"organisation": organisation.name, "consent": consent.pk, "scope": subcontractor.scope,
              "attached_on": on, "snapshot_sha256": consent.snapshot_sha256, "personal_information": privacy},
    )
    return subcontractor


@transaction.atomic
def contract_assign(*, actor, contract: Contract, assignee: Organisation, consent: ConsentRequest | None,
                    on: dt.date | None = None) -> Contract:
    """Move the contract to the assignee (譲受人). K-5: only through an approved assignment consent of
    this contract naming the assignee. This is the only code that changes ``Contract.contractor``.

    The contract's 乙 becomes the assignee's words as they stand now (the former party stays in the
    journal); the former contractor's memberships end and the assignee's user named in the request
    becomes the representative."""
    kind = kinds.ASSIGNMENT
    contract = _locked_contract(contract.pk)
    _require_role(actor, contract, Role.REPRESENTATIVE, _("契約上の地位の譲渡を行えるのはこの契約の乙の代表者です。"))
    check_accepts_work(contract)  # K-14, on the locked row
    if consent is not None:
        consent = _locked(consent)
    # K-5: no assignment of the contract's rights or duties without the client's prior written consent.
    _approved_consent(consent=consent, contract=contract, organisation=assignee, kind=kind)
    username = consent.statement.get("assignee_user")
    new_rep = (User.objects.filter(username=username, organisation=assignee, is_active=True).first()
               if isinstance(username, str) and username else None)
    if new_rep is None:
        raise ClauseViolation(_("申請で指定した譲受人の利用者が見つからないか、譲受人の組織に属していません。"),
                              code="assignee_user_missing", clause=kind.clause, field="assignee_user")
    # Carried out on or after the day of the approval, never before it (K-5).
    on = _day(on, clause=kind.clause, field="assigned_on", not_before=consent.decided_on,
              before_text=_("承諾の日"))
    former, former_party = contract.contractor, contract.parties.get("contractor")
    removed = list(Membership.objects.filter(contract=contract, user__organisation=former)
                   .order_by("user__username", "role").values_list("user__username", "role"))
    Membership.objects.filter(contract=contract, user__organisation=former).delete()
    Membership.objects.get_or_create(contract=contract, user=new_rep, role=Role.REPRESENTATIVE)
    contract.contractor = assignee
    contract.parties = {**contract.parties, "contractor": party_snapshot(assignee)}
    contract.save(update_fields=["contractor", "parties"])
    now = timezone.now()
    consent.effected_at, consent.effected_on, consent.effected_by = now, on, actor
    consent.save(update_fields=["effected_at", "effected_on", "effected_by"])
    journal_append(
        actor=actor, action="consents.contract.assigned", contract=contract, clause=kind.clause, obj=consent,
        data={"former_contractor": former_party, "former_contractor_id": former.pk,
              "contractor": contract.parties["contractor"], "contractor_id": assignee.pk,
              "removed_memberships": [list(row) for row in removed],
              "representative": new_rep.get_username(), "assigned_on": on,
              "snapshot_sha256": consent.snapshot_sha256},
    )
    return contract


def consent_carry_out(*, actor, consent: ConsentRequest, on: dt.date | None = None):
    """Carry out what the approval of ``consent`` unlocks (its kind's named effect)."""
    kind = _kind(consent.kind)
    if kind.effect is None:
        raise ClauseViolation(_("この承諾に基づく手続はありません。"), code="no_effect", clause=kind.clause)
    service = EFFECTS[kind.effect.code]
    return service(actor=actor, contract=consent.contract, consent=consent, on=on,
                   **{EFFECT_SUBJECT[kind.effect.code]: consent.subject})


EFFECTS = {"subcontractor_attach": subcontractor_attach, "contract_assign": contract_assign}
EFFECT_SUBJECT = {"subcontractor_attach": "organisation", "contract_assign": "assignee"}
