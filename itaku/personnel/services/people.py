"""Writes on what the people named in a responsibility report acknowledge, attend and pledge.

- P-4: each named person acknowledges items (1)–(3) beforehand, once per contract; the text shown is kept
  with its hash. A subcontractor's people, who do not sign in to the contractor's contracts, are briefed
  by the contractor (P-9-2): the representative records their acknowledgement.
- P-6-2: a dispatched worker's dispatch contract carries the secrecy duty, confirmed by the representative
  or the privacy officer.
- P-4-2: education and training sessions with their attendees.
- K-7, P-2: the confidentiality pledge, which continues after the contract ends.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import Role
from itaku.contracts.models import Contract
from itaku.contracts.states import check_accepts_work
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append

from ..access import eligible_reports
from ..choices import PLEDGE_TEXT, Employment
from ..models import Briefing, DispatchConfirmation, Pledge, ReportEntry, TrainingSession
from ..texts import briefing_items, sha256_of
from .reports import _day, _require, roles_of

MANAGERS = frozenset({Role.REPRESENTATIVE, Role.PRIVACY_OFFICER})


def named_entries(contract, user=None):
    """The entries of every version (drafts included) of the reports that count on ``contract``."""
    qs = ReportEntry.objects.filter(version__report__in=eligible_reports(contract))
    return qs.filter(user=user) if user is not None else qs


def _person(actor, contract, person, clause: str):
    """The person acting for themselves, or a subcontractor's person recorded by the representative."""
    person = person or actor
    if person.pk == actor.pk:
        return person
    if person.organisation_id == contract.contractor_id or Role.REPRESENTATIVE not in roles_of(actor, contract):
        raise PermissionRefused(
            _("本人に代わって記録できるのは、再委託先の者について乙の代表者が記録する場合だけです。"), clause=clause)
    return person


def _check_named(contract, person, clause: str) -> None:
    if not named_entries(contract, person).exists():
        raise ClauseViolation(_("%(name)sはこの契約の責任体制報告書に記載されていません。") % {"name": person},
                              code="not_named", clause=clause, field="person")


def _locked(contract) -> Contract:
    return Contract.objects.select_for_update().get(pk=contract.pk)


@transaction.atomic
def briefing_acknowledge(*, actor, contract: Contract, person=None, on: dt.date | None = None) -> Briefing:
    """P-4: ``person`` (the actor by default) acknowledges items (1)–(3) of P-4 for ``contract``."""
    contract = _locked(contract)
    person = _person(actor, contract, person, "P-4")
    check_accepts_work(contract, clause="P-4")
    _check_named(contract, person, "P-4")
    if Briefing.objects.filter(contract=contract, user=person).exists():
        raise ClauseViolation(_("周知の確認はすでに記録されています。"), code="already_briefed", clause="P-4")
    on = _day(on, clause="P-4", field="acknowledged_on")
    items = briefing_items(contract)
    briefing = Briefing.objects.create(contract=contract, user=person, acknowledged_on=on,
                                       acknowledged_at=timezone.now(), recorded_by=actor, text=items,
                                       text_sha256=sha256_of(items))
    journal_append(actor=actor, action="personnel.briefing.acknowledged", contract=contract, clause="P-4",
                   obj=briefing, data={"person": person.get_username(), "acknowledged_on": on,
                                       "items": [i["clause"] for i in items], "sha256": briefing.text_sha256})
    return briefing


@transaction.atomic
def dispatch_confirm(*, actor, contract: Contract, person, agency: str, reference: str,
                     on: dt.date | None = None) -> DispatchConfirmation:
    """P-6-2: the dispatch contract of ``person`` (named as dispatched) states the secrecy duty."""
    contract = _locked(contract)
    _require(actor, contract, MANAGERS, _("派遣契約の確認を記録できるのは乙の代表者又は個人情報保護責任者です。"),
             clause="P-6-2")
    check_accepts_work(contract, clause="P-6-2")
    if not named_entries(contract, person).filter(employment=Employment.DISPATCHED).exists():
        raise ClauseViolation(_("%(name)sは派遣労働者として報告書に記載されていません。") % {"name": person},
                              code="not_dispatched", clause="P-6-2", field="person")
    if DispatchConfirmation.objects.filter(contract=contract, user=person).exists():
        raise ClauseViolation(_("この者の派遣契約の確認はすでに記録されています。"), code="already_confirmed",
                              clause="P-6-2", field="person")
    if not agency.strip() or not reference.strip():
        raise ClauseViolation(_("派遣元事業主と労働者派遣契約書の該当箇所を入力してください。"),
                              code="dispatch_incomplete", clause="P-6-2", field="agency" if not agency.strip()
                              else "reference")
    on = _day(on, clause="P-6-2", field="confirmed_on")
    confirmation = DispatchConfirmation.objects.create(
        contract=contract, user=person, agency=agency.strip(), reference=reference.strip(), confirmed_on=on,
        confirmed_at=timezone.now(), confirmed_by=actor)
    journal_append(actor=actor, action="personnel.dispatch.confirmed", contract=contract, clause="P-6-2",
                   obj=confirmation, data={"person": person.get_username(), "agency": confirmation.agency,
                                           "reference": confirmation.reference, "confirmed_on": on})
    return confirmation


@transaction.atomic
def training_record(*, actor, contract: Contract, held_on: dt.date, content: str, attendees) -> TrainingSession:
    """P-4-2: a session of education or training, with the named people who attended."""
    contract = _locked(contract)
    _require(actor, contract, MANAGERS, _("教育・研修を記録できるのは乙の代表者又は個人情報保護責任者です。"),
             clause="P-4")
    check_accepts_work(contract, clause="P-4")
    held_on = _day(held_on, clause="P-4", field="held_on")
    attendees = list(attendees)
    if not content.strip():
        raise ClauseViolation(_("内容を入力してください。"), code="training_content", clause="P-4", field="content")
    if not attendees:
        raise ClauseViolation(_("受講者を選んでください。"), code="training_attendees", clause="P-4",
                              field="attendees")
    named = set(named_entries(contract).values_list("user_id", flat=True))
    outside = [str(u) for u in attendees if u.pk not in named]
    if outside:
        raise ClauseViolation(_("責任体制報告書に記載されていない者がいます：%(names)s")
                              % {"names": "、".join(outside)}, code="training_not_named", clause="P-4",
                              field="attendees")
    session = TrainingSession.objects.create(contract=contract, held_on=held_on, content=content.strip(),
                                             recorded_at=timezone.now(), recorded_by=actor)
    session.attendees.set(attendees)
    journal_append(actor=actor, action="personnel.training.recorded", contract=contract, clause="P-4", obj=session,
                   data={"held_on": held_on, "content": session.content,
                         "attendees": sorted(u.get_username() for u in attendees)})
    return session


@transaction.atomic
def pledge_sign(*, actor, contract: Contract, person=None, on: dt.date | None = None) -> Pledge:
    """K-7, P-1, P-2, S-6: ``person`` (the actor by default) pledges to handle personal information properly
    and to keep it and every other secret of the work (annex 2's secrecy, S-6); the pledge states that it
    continues after the contract ends or is terminated."""
    contract = _locked(contract)
    person = _person(actor, contract, person, "K-7")
    check_accepts_work(contract, clause="K-7")
    if person.organisation_id == contract.contractor_id:
        if not roles_of(person, contract):
            raise PermissionRefused(_("この契約に参加していない者は誓約できません。"), clause="K-7")
    else:
        _check_named(contract, person, "K-7")
    if Pledge.objects.filter(contract=contract, user=person).exists():
        raise ClauseViolation(_("秘密保持の誓約はすでに記録されています。"), code="already_pledged", clause="K-7")
    on = _day(on, clause="K-7", field="pledged_on")
    pledge = Pledge.objects.create(contract=contract, user=person, pledged_on=on, pledged_at=timezone.now(),
                                   text=PLEDGE_TEXT, text_sha256=sha256_of(PLEDGE_TEXT))
    journal_append(actor=actor, action="personnel.pledge.signed", contract=contract, clause="K-7", obj=pledge,
                   data={"person": person.get_username(), "pledged_on": on,
                         "clauses": ["K-7", "P-1", "P-2", "S-6"],
                         "sha256": pledge.text_sha256})
    return pledge


def pledge_reminders(contract: Contract) -> list[str]:
    """K-7, P-2 at close-out: each active person who pledged confidentiality for ``contract`` is told by
    mail, once the close commits, that the duty continues after the end. Returns their user names, which
    the close's journal event records."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    pledges = list(Pledge.objects.filter(contract=contract, user__is_active=True).select_related("user")
                   .order_by("pledged_on", "id"))
    for pledge in pledges:
        if not pledge.user.email:
            continue
        with translation.override("ja"):
            subject = _("【Itaku】秘密保持の義務は契約の終了後も継続します（%(title)s）") % {"title": contract.title}
            body = render_to_string("personnel/pledge_continues_email.txt",
                                    {"pledge": pledge, "contract": contract, "site_url": settings.ITAKU_SITE_URL})
        transaction.on_commit(EmailMessage(subject=subject, body=body, to=[pledge.user.email]).send)
    return [pledge.user.get_username() for pledge in pledges]
