"""Writes of annex 2 (information security). Each service checks the actor's role on the contract and the
clause's conditions, changes the models and appends one journal event, in one transaction.

- S-1: the client's officer records a version of the policy documents on the contract's template.
- S-2, S-7, S-8-1: the contractor's representative or security officer registers an information asset with
  its kind, owner, the place where it may be used and the named workers who may use it.
- S-8-5, S-8-6: at the end of the work each asset of the client is handed over, or disposed of with the
  client's approval (consent kind ``security_disposal``) by a method that makes it unreadable; the contract
  cannot be closed while one is held (the close-out gate registered in :mod:`itaku.security.apps`).
- S-3, S-4: the representative appoints the security officer; a change of the officer, or of the workers
  in an accepted responsibility report (annex 1's F-P, where each worker and their employment is entered
  once), opens the written notice to the client, due the next business day; submitting it meets it.
- S-4-3: premises entry: the ID card and badge issued, the client's entry-control instructions acknowledged
  by the worker.
- S-5: security education is a training session of annex 1 with its own topic.
- S-15: the contractor's security declaration, where it is published and since when.
"""

import datetime as dt

import holidays
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.accounts.models import Membership
from itaku.consents.models import ConsentRequest, ConsentState
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append
from itaku.obligations.models import Obligation, ObligationState
from itaku.obligations.services import obligation_open

from .choices import NOTICE_KIND, AssetKind, AssetOwner, AssetState, PolicyKind
from .models import (
    InformationAsset,
    PeopleNotice,
    PolicyDocument,
    PremisesEntry,
    SecurityDeclaration,
    SecurityEducation,
    SecurityOfficerAppointment,
)

EARLIEST = dt.date(1989, 1, 8)
MANAGERS = frozenset({Role.REPRESENTATIVE, Role.SECURITY_OFFICER})
# Education is recorded in annex 1's training records, by those who record them (P-4-2).
EDUCATORS = frozenset({Role.REPRESENTATIVE, Role.PRIVACY_OFFICER})
CLOSE_METHODS = (AssetState.HANDED_OVER, AssetState.DISPOSED)


# -- shared ---------------------------------------------------------------------------------------

def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract_id=contract.pk, user=actor).values_list("role", flat=True))


def _require(actor, contract, roles, message, clause: str) -> None:
    if not roles_of(actor, contract) & set(roles):
        raise PermissionRefused(message, clause=clause)


def _day(on, *, clause: str, field: str, not_before: dt.date | None = None) -> dt.date:
    today = timezone.localdate()
    on = on or today
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise ClauseViolation(_("日付を入力してください。"), code="date_missing", clause=clause, field=field)
    if on > today:
        raise ClauseViolation(_("将来の日付は記録できません。"), code="date_in_future", clause=clause, field=field)
    if on < max(EARLIEST, not_before or EARLIEST):
        raise ClauseViolation(_("日付が早すぎます。"), code="date_too_early", clause=clause, field=field)
    return on


def _text(value, *, clause: str, field: str, message, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ClauseViolation(message, code=f"{field}_missing", clause=clause, field=field)
    if len(value) > max_length:
        raise ClauseViolation(_("%(max)s字以内で入力してください。") % {"max": max_length}, code="too_long",
                              clause=clause, field=field)
    return value


def is_business_day(day: dt.date) -> bool:
    """Not a weekend, a national holiday or the prefecture's year-end closing (12月29日〜1月3日)."""
    if day.weekday() >= 5 or day in holidays.Japan(years=day.year):
        return False
    return not ((day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3))


def next_business_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


# -- S-1 policies ---------------------------------------------------------------------------------

@transaction.atomic
def policy_record(*, actor, contract, kind: str, version: str, dated_on: dt.date,
                  reference: str = "") -> PolicyDocument:
    """The client's officer records a version of 山梨県情報セキュリティ基本方針 or 対策基準 that applies to the
    contracts made from this contract's template (S-1)."""
    _require(actor, contract, {Role.OFFICER}, _("ポリシーの版を記録できるのはこの契約の契約担当です。"), "S-1")
    if kind not in PolicyKind.values:
        raise ClauseViolation(_("文書を選んでください。"), code="kind_invalid", clause="S-1", field="kind")
    version = _text(version, clause="S-1", field="version", message=_("版を入力してください。"), max_length=100)
    reference = _text(reference, clause="S-1", field="reference", message="", max_length=500, required=False)
    dated_on = _day(dated_on, clause="S-1", field="dated_on")
    if PolicyDocument.objects.filter(template_id=contract.template_id, kind=kind, dated_on=dated_on).exists():
        raise ClauseViolation(_("同じ日付の版がすでに記録されています。"), code="policy_duplicate", clause="S-1",
                              field="dated_on")
    policy = PolicyDocument.objects.create(template_id=contract.template_id, kind=kind, version=version,
                                           dated_on=dated_on, reference=reference, recorded_by=actor,
                                           recorded_at=timezone.now())
    journal_append(actor=actor, action="security.policy.recorded", contract=contract, clause="S-1", obj=policy,
                   data={"kind": kind, "version": version, "dated_on": dated_on, "template": contract.template_id})
    return policy


# -- S-2, S-7, S-8 assets -------------------------------------------------------------------------

def permitted_users(contract) -> dict:
    """{user_id: user} of those who may use the contract's information assets (S-8-1): the workers named
    in the accepted responsibility reports (S-4-1, annex 1's F-P) and the current security officer."""
    from itaku.personnel.access import _named

    standing, _any = _named(contract)
    users = {uid: entries[0].user for uid, entries in standing.items()}
    officer = current_officer(contract)
    if officer is not None:
        users.setdefault(officer.user_id, officer.user)
    return users


@transaction.atomic
def asset_register(*, actor, contract, kind: str, name: str, owner: str, place: str, users=(),
                   description: str = "") -> InformationAsset:
    """Register an information asset (S-2) with the place where it may be used (S-7) and who may use it
    (S-8-1: only the named workers)."""
    _require(actor, contract, MANAGERS, _("情報資産を登録できるのは乙の代表者又はセキュリティ責任者です。"), "S-2")
    check_accepts_work(contract, clause="S-2")
    if kind not in AssetKind.values:
        raise ClauseViolation(_("情報資産の種類を選んでください（S-2）。"), code="kind_invalid", clause="S-2",
                              field="kind")
    if owner not in AssetOwner.values:
        raise ClauseViolation(_("所有権・使用権の帰属を選んでください。"), code="owner_invalid", clause="S-7",
                              field="owner")
    name = _text(name, clause="S-2", field="name", message=_("名称を入力してください。"), max_length=200)
    description = _text(description, clause="S-2", field="description", message="", max_length=4000,
                        required=False)
    place = _text(place, clause="S-7", field="place",
                  message=_("甲が指示した利用場所を入力してください（S-7）。"), max_length=200)
    allowed = permitted_users(contract)
    users = list(users)
    stranger = next((u for u in users if u.pk not in allowed), None)
    if stranger is not None:
        raise ClauseViolation(
            _("%(name)sは書面で明らかにした従事者ではないため、情報資産を利用させられません（S-8-1）。")
            % {"name": stranger}, code="user_not_named", clause="S-8-1", field="users")
    asset = InformationAsset.objects.create(contract=contract, kind=kind, name=name, description=description,
                                            owner=owner, place=place, registered_by=actor,
                                            registered_at=timezone.now())
    asset.users.set(users)
    journal_append(actor=actor, action="security.asset.registered", contract=contract, clause="S-2", obj=asset,
                   data={"kind": kind, "name": name, "owner": owner, "place": place,
                         "users": sorted(u.username for u in users)})
    return asset


def approved_disposal(asset) -> ConsentRequest | None:
    """The client's approval (S-8-6) to dispose of ``asset``: an approved consent of kind ``security_disposal``
    naming it."""
    return (ConsentRequest.objects.filter(contract_id=asset.contract_id, kind="security_disposal",
                                          state=ConsentState.APPROVED, statement__asset=asset.pk)
            .order_by("-id").first())


@transaction.atomic
def asset_close(*, actor, asset: InformationAsset, method: str, how: str,
                on: dt.date | None = None) -> InformationAsset:
    """At the end of the work the asset is handed over to the client (S-8-5), or disposed of with the
    client's approval by a method that makes it unreadable (S-8-6)."""
    asset = InformationAsset.objects.select_for_update().select_related("contract").get(pk=asset.pk)
    _require(actor, asset.contract, MANAGERS,
             _("引渡し・廃棄を記録できるのは乙の代表者又はセキュリティ責任者です。"), "S-8-5")
    if asset.state != AssetState.HELD:
        raise ClauseViolation(_("「%(name)s」はすでに引渡し又は廃棄されています。") % {"name": asset.name},
                              code="asset_closed", clause="S-8-5")
    if method not in CLOSE_METHODS:
        raise ClauseViolation(_("引渡し又は廃棄を選んでください。"), code="method", clause="S-8-5", field="method")
    consent = None
    if method == AssetState.DISPOSED:
        consent = approved_disposal(asset)
        if consent is None:
            raise ClauseViolation(_("廃棄には甲の事前の承認が必要です（S-8-6）。先に廃棄の承認を申請してください。"),
                                  code="disposal_not_approved", clause="S-8-6", field="method")
        how = _text(how, clause="S-8-6", field="how",
                    message=_("判読できないようにした方法を入力してください（S-8-6）。"), max_length=300)
    else:
        how = _text(how, clause="S-8-5", field="how", message=_("引き渡した先を入力してください。"),
                    max_length=300)
    asset.closed_on = _day(on, clause="S-8-5", field="closed_on")
    asset.state, asset.closed_method, asset.closed_by, asset.consent = method, how, actor, consent
    asset.save(update_fields=["state", "closed_on", "closed_method", "closed_by", "consent"])
    journal_append(actor=actor, action=f"security.asset.{method}", contract=asset.contract,
                   clause="S-8-6" if consent else "S-8-5", obj=asset,
                   data={"name": asset.name, "method": method, "how": how, "on": asset.closed_on,
                         "consent": consent.pk if consent else None})
    return asset


def open_assets_refusal(contract) -> ClauseViolation | None:
    """The close-out gate (S-8-5): the client's information assets must all be handed over or disposed of."""
    held = list(InformationAsset.objects.filter(contract_id=contract.pk, owner=AssetOwner.CLIENT,
                                                state=AssetState.HELD)
                .order_by("id").values_list("name", flat=True)[:4])
    if not held:
        return None
    return ClauseViolation(
        _("甲の情報資産が引渡し又は廃棄されていないため、契約を完結できません（S-8-5）：%(names)s")
        % {"names": "、".join(held[:3]) + ("…" if len(held) > 3 else "")},
        code="assets_open", clause="S-8-5")


# -- S-3, S-4 people --------------------------------------------------------------------------------

def current_officer(contract) -> SecurityOfficerAppointment | None:
    return (SecurityOfficerAppointment.objects.filter(contract_id=contract.pk, ends_on__isnull=True)
            .select_related("user").order_by("-starts_on", "-id").first())


def _open_notice(contract, *, source, on: dt.date, title: str, clause: str) -> None:
    """S-3-2, S-4-2: the change is notified in writing at once: due the next business day."""
    obligation_open(contract=contract, clause=clause, kind=NOTICE_KIND,
                    title=title, role=Role.REPRESENTATIVE, due_on=next_business_day(on), source=source)


@transaction.atomic
def officer_appoint(*, actor, contract, user, contact: str = "",
                    on: dt.date | None = None) -> SecurityOfficerAppointment:
    """The representative appoints the security officer (S-3); the previous one ends the day before, and
    the notice to the client is due the next business day (S-3-2)."""
    _require(actor, contract, {Role.REPRESENTATIVE},
             _("セキュリティ責任者を定めるのは乙の代表者です。"), "S-3")
    check_accepts_work(contract, clause="S-3")
    if user is None or user.organisation_id != contract.contractor_id or not user.is_active:
        raise ClauseViolation(_("乙の組織に属する利用者を選んでください。"), code="officer_invalid", clause="S-3",
                              field="user")
    contact = _text(contact, clause="S-3", field="contact", message="", max_length=200, required=False)
    on = _day(on, clause="S-3", field="starts_on")
    previous = current_officer(contract)
    if previous is not None:
        if previous.user_id == user.pk:
            raise ClauseViolation(_("この者はすでにセキュリティ責任者です。"), code="officer_same", clause="S-3",
                                  field="user")
        if on <= previous.starts_on:
            raise ClauseViolation(_("就任日は前任者の就任日より後にしてください。"), code="date_too_early",
                                  clause="S-3", field="starts_on")
        previous.ends_on = on - dt.timedelta(days=1)
        previous.save(update_fields=["ends_on"])
    appointment = SecurityOfficerAppointment.objects.create(
        contract=contract, user=user, contact=contact, starts_on=on, recorded_by=actor, recorded_at=timezone.now())
    _open_notice(contract, source=appointment, on=on,
                 title=_("セキュリティ責任者を甲に書面で通知する（%(name)s）") % {"name": user},
                 clause="S-3-2" if previous is not None else "S-3")
    journal_append(actor=actor, action="security.officer.appointed", contract=contract, clause="S-3",
                   obj=appointment, data={"user": user.username, "starts_on": on,
                                          "previous": previous.user.username if previous else None})
    return appointment


def people_content(contract, officer=False) -> dict:
    """What a notice states now: the security officer and the workers (S-3, S-4), the workers and their
    employment as the accepted responsibility reports of annex 1 name them. ``officer``: the current
    appointment, if the caller has read it already."""
    from itaku.personnel.access import _named

    officer = current_officer(contract) if officer is False else officer
    standing, _any = _named(contract)
    workers = []
    for entries in standing.values():
        entry = entries[0]
        workers.append({"user": entry.user.username, "name": entry.name, "affiliation": entry.affiliation,
                        "organisation": entry.user.organisation.name, "employment": entry.employment})
    workers.sort(key=lambda w: (w["organisation"] != contract.contractor.name, w["user"]))
    return {
        "officer": {"user": officer.user.username, "name": officer.user.display_name or str(officer.user),
                    "affiliation": officer.user.job_title, "contact": officer.contact,
                    "starts_on": officer.starts_on.isoformat()} if officer else None,
        "workers": workers,
    }


def last_notice(contract) -> PeopleNotice | None:
    return PeopleNotice.objects.filter(contract_id=contract.pk).order_by("-number").first()


def workers_changed(*, contract, source, on: dt.date) -> bool:
    """Called when a responsibility report is accepted (annex 1): if the workers differ from the last
    notice under annex 2, the notice of the change is due the next business day (S-4-2)."""
    notice = last_notice(contract)
    if notice is None:
        return False  # the first notice is opened by the officer's appointment (S-3)
    before = {w["user"]: w.get("employment") for w in notice.content.get("workers", [])}
    now = {w["user"]: w["employment"] for w in people_content(contract)["workers"]}
    if before == now:
        return False
    _open_notice(contract, source=source, on=on, title=_("従事者の変更を甲に書面で通知する"), clause="S-4-2")
    return True


@transaction.atomic
def notice_submit(*, actor, contract, on: dt.date | None = None) -> PeopleNotice:
    """The representative notifies the client in writing of the security officer and the workers (S-3,
    S-4); the open notices due are met."""
    _require(actor, contract, {Role.REPRESENTATIVE}, _("通知を提出するのは乙の代表者です。"), "S-3")
    check_accepts_work(contract, clause="S-3")
    content = people_content(contract)
    if content["officer"] is None:
        raise ClauseViolation(_("先にセキュリティ責任者を定めてください（S-3）。"), code="no_officer", clause="S-3")
    on = _day(on, clause="S-3", field="submitted_on")
    number = (PeopleNotice.objects.filter(contract_id=contract.pk).aggregate(n=Max("number"))["n"] or 0) + 1
    notice = PeopleNotice.objects.create(contract=contract, number=number, submitted_on=on,
                                         submitted_at=timezone.now(), submitted_by=actor, content=content)
    met = Obligation.objects.filter(contract_id=contract.pk, kind=NOTICE_KIND, state=ObligationState.OPEN).update(
        state=ObligationState.MET, closed_on=on, closed_by=actor)
    journal_append(actor=actor, action="security.notice.submitted", contract=contract, clause="S-3", obj=notice,
                   data={"number": number, "submitted_on": on, "officer": content["officer"]["user"],
                         "workers": [w["user"] for w in content["workers"]], "obligations_met": met})
    return notice


@transaction.atomic
def notice_receive(*, actor, notice: PeopleNotice, on: dt.date | None = None) -> PeopleNotice:
    """The client's officer records the notice as received."""
    notice = PeopleNotice.objects.select_for_update().select_related("contract").get(pk=notice.pk)
    _require(actor, notice.contract, {Role.OFFICER}, _("通知を受領するのはこの契約の契約担当です。"), "S-3")
    if notice.received_on is not None:
        raise ClauseViolation(_("この通知はすでに受領されています。"), code="notice_received", clause="S-3")
    notice.received_on = _day(on, clause="S-3", field="received_on", not_before=notice.submitted_on)
    notice.received_by = actor
    notice.save(update_fields=["received_on", "received_by"])
    journal_append(actor=actor, action="security.notice.received", contract=notice.contract, clause="S-3",
                   obj=notice, data={"number": notice.number, "received_on": notice.received_on})
    return notice


# -- S-4-3 premises ---------------------------------------------------------------------------------

@transaction.atomic
def premises_record(*, actor, contract, user, premises: str, id_card_number: str, id_card_issued_on: dt.date,
                    badge_issued: bool, instructions: str = "") -> PremisesEntry:
    """The representative or the security officer records that a named worker who enters the client's
    premises was issued the contractor's ID card and the name badge (S-4-3)."""
    _require(actor, contract, MANAGERS,
             _("立入りを記録できるのは乙の代表者又はセキュリティ責任者です。"), "S-4-3")
    check_accepts_work(contract, clause="S-4-3")
    if user is None or user.pk not in permitted_users(contract):
        raise ClauseViolation(_("書面で明らかにした従事者を選んでください（S-4-1）。"), code="user_not_named",
                              clause="S-4-1", field="user")
    if PremisesEntry.objects.filter(contract_id=contract.pk, user=user).exists():
        raise ClauseViolation(_("この従事者の立入りはすでに記録されています。"), code="entry_duplicate",
                              clause="S-4-3", field="user")
    premises = _text(premises, clause="S-4-3", field="premises", message=_("立ち入る庁舎等を入力してください。"),
                     max_length=200)
    id_card_number = _text(id_card_number, clause="S-4-3", field="id_card_number",
                           message=_("乙が発行する身分証明書の番号を入力してください（S-4-3）。"), max_length=50)
    id_card_issued_on = _day(id_card_issued_on, clause="S-4-3", field="id_card_issued_on")
    if not badge_issued:
        raise ClauseViolation(_("事業者名記章又は名札を着用させてください（S-4-3）。"), code="badge_missing",
                              clause="S-4-3", field="badge_issued")
    instructions = _text(instructions, clause="S-4-3", field="instructions", message="", max_length=2000,
                         required=False)
    entry = PremisesEntry.objects.create(contract=contract, user=user, premises=premises,
                                         id_card_number=id_card_number, id_card_issued_on=id_card_issued_on,
                                         badge_issued=True, instructions=instructions, recorded_by=actor,
                                         recorded_at=timezone.now())
    journal_append(actor=actor, action="security.premises.recorded", contract=contract, clause="S-4-3", obj=entry,
                   data={"user": user.username, "premises": premises, "id_card_issued_on": id_card_issued_on})
    return entry


@transaction.atomic
def premises_acknowledge(*, actor, entry: PremisesEntry, on: dt.date | None = None) -> PremisesEntry:
    """The worker acknowledges the client's entry-control instructions (S-4-3), themself."""
    entry = PremisesEntry.objects.select_for_update().select_related("contract").get(pk=entry.pk)
    if actor is None or actor.pk != entry.user_id:
        raise PermissionRefused(_("入退室管理の指示を確認するのは立ち入る従事者本人です。"), clause="S-4-3")
    if entry.acknowledged_on is not None:
        raise ClauseViolation(_("すでに確認しています。"), code="acknowledged", clause="S-4-3")
    entry.acknowledged_on = _day(on, clause="S-4-3", field="acknowledged_on")
    entry.acknowledged_at = timezone.now()
    entry.save(update_fields=["acknowledged_on", "acknowledged_at"])
    journal_append(actor=actor, action="security.premises.acknowledged", contract=entry.contract, clause="S-4-3",
                   obj=entry, data={"user": actor.username, "acknowledged_on": entry.acknowledged_on})
    return entry


# -- S-5 education ----------------------------------------------------------------------------------

@transaction.atomic
def education_record(*, actor, contract, held_on: dt.date, content: str, topic: str, attendees,
                     covers_annex: bool = True) -> SecurityEducation:
    """Security education (S-5): recorded as a training session of annex 1 (P-4-2, the same attendees and
    record) with the topic of information security."""
    from itaku.personnel.services import training_record

    _require(actor, contract, EDUCATORS, _("教育を記録できるのは乙の代表者又は個人情報保護責任者です。"), "S-5")
    topic = _text(topic, clause="S-5", field="topic", message=_("情報セキュリティ教育の主題を入力してください。"),
                  max_length=200)
    session = training_record(actor=actor, contract=contract, held_on=held_on, content=content, attendees=attendees)
    education = SecurityEducation.objects.create(session=session, topic=topic, covers_annex=bool(covers_annex))
    journal_append(actor=actor, action="security.education.recorded", contract=contract, clause="S-5",
                   obj=education, data={"session": session.pk, "topic": topic, "covers_annex": bool(covers_annex)})
    return education


# -- S-15 declaration -------------------------------------------------------------------------------

@transaction.atomic
def declaration_record(*, actor, contract, where: str, published_on: dt.date) -> SecurityDeclaration:
    """The representative or the security officer records where and since when the contractor's
    information-security declaration is published (S-15), for its organisation."""
    _require(actor, contract, MANAGERS,
             _("情報セキュリティ宣言の公表を記録するのは乙の代表者又はセキュリティ責任者です。"), "S-15")
    where = _text(where, clause="S-15", field="where", message=_("公表の場所（URL又は掲示場所）を入力してください。"),
                  max_length=500)
    if published_on is None:
        raise ClauseViolation(_("公表日を入力してください。"), code="published_on_missing", clause="S-15",
                              field="published_on")
    published_on = _day(published_on, clause="S-15", field="published_on")
    declaration = SecurityDeclaration.objects.create(organisation_id=contract.contractor_id, where=where,
                                                     published_on=published_on, recorded_by=actor,
                                                     recorded_at=timezone.now())
    journal_append(actor=actor, action="security.declaration.recorded", contract=contract, clause="S-15",
                   obj=declaration, data={"where": where, "published_on": published_on})
    return declaration
