"""Opening and closing obligations.

``obligation_open``, ``obligations_meet`` and ``obligations_close_for`` are called by other services
inside their own transaction: the caller's journal event records the change that opened, met or
waived the obligations.
``obligation_waive`` is a service of its own, with its own journal event.
"""

import datetime as dt
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import CLIENT_ROLES, OrganisationKind, Role
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append

from .models import CalendarFeed, Obligation, ObligationState, ReminderDigest


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("obligations are opened and closed inside the transaction of the change that causes them")


def obligation_open(*, contract, clause: str, kind: str, title: str, role: str, due_on: dt.date,
                    source: models.Model, assignee=None) -> Obligation:
    """Open an obligation: ``role`` (and ``assignee``, if one person is designated) on ``contract`` owes
    ``title`` by ``due_on`` under ``clause``, because of ``source``."""
    _in_transaction()
    return Obligation.objects.create(
        contract=contract, clause_id=clause, kind=kind, title=title[:300],
        side=OrganisationKind.CLIENT if role in CLIENT_ROLES else OrganisationKind.CONTRACTOR,
        role=Role(role), assignee=assignee, due_on=due_on,
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk,
    )


def obligations_of(source: models.Model, *, kind: str | None = None):
    qs = Obligation.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    return qs.filter(kind=kind) if kind else qs


def obligations_meet(*, source: models.Model, kind: str | None = None, actor=None, on: dt.date | None = None) -> int:
    """Mark the open obligations that ``source`` opened (of ``kind``, if given) as met on ``on``."""
    _in_transaction()
    return obligations_of(source, kind=kind).filter(state=ObligationState.OPEN).update(
        state=ObligationState.MET, closed_on=on or timezone.localdate(),
        closed_by=actor if actor is not None and actor.pk else None,
    )



def obligations_close_for(*, contract, kinds, reason: str, actor=None, on: dt.date | None = None) -> int:
    """Waive, with ``reason``, the open obligations of ``contract`` of the given ``kinds`` that the change
    being made leaves without object (e.g. an inspection deadline once the contract is terminated).

    Called inside the caller's transaction; the caller's journal event records the change (and the count
    this returns), so this appends none of its own.
    """
    _in_transaction()
    return Obligation.objects.filter(contract=contract, kind__in=list(kinds), state=ObligationState.OPEN).update(
        state=ObligationState.WAIVED, waived_reason=reason, closed_on=on or timezone.localdate(),
        closed_by=actor if actor is not None and actor.pk else None,
    )


@transaction.atomic
def obligation_waive(*, actor, obligation: Obligation, reason: str) -> Obligation:
    """The client's officer waives an open obligation, giving the reason."""
    from itaku.accounts.models import Membership

    if not Membership.objects.filter(contract_id=obligation.contract_id, user=actor, role=Role.OFFICER).exists():
        raise PermissionRefused(_("期限を免除できるのはこの契約の契約担当者です。"))
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.state != ObligationState.OPEN:
        raise ClauseViolation(_("この期限はすでに完了または免除されています。"), code="obligation_closed",
                              clause=obligation.clause_id)
    reason = (reason or "").strip()
    if not reason:
        raise ClauseViolation(_("免除の理由を入力してください。"), code="reason_missing",
                              clause=obligation.clause_id, field="reason")
    obligation.state = ObligationState.WAIVED
    obligation.waived_reason = reason
    obligation.closed_on = timezone.localdate()
    obligation.closed_by = actor
    obligation.save(update_fields=["state", "waived_reason", "closed_on", "closed_by"])
    journal_append(actor=actor, action="obligations.obligation.waived", contract=obligation.contract,
                   clause=obligation.clause_id, obj=obligation,
                   data={"title": obligation.title, "due_on": obligation.due_on, "reason": reason})
    return obligation


@transaction.atomic
def calendar_feed_issue(*, actor) -> "CalendarFeed":
    """Issue the user's private calendar feed URL; a URL issued before stops working."""
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    token = secrets.token_urlsafe(32)
    if feed is None:
        feed = CalendarFeed.objects.create(user=actor, token=token)
    else:
        feed.token = token
        feed.save(update_fields=["token"])
    journal_append(actor=actor, action="obligations.feed.issued", obj=feed, data={"user": actor.get_username()})
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor) -> None:
    """Revoke the user's calendar feed URL."""
    deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        journal_append(actor=actor, action="obligations.feed.revoked", data={"user": actor.get_username()})


def reminders_send(*, today: dt.date | None = None) -> list:
    """Mail each active user a digest of the obligations they owe that are overdue or due within 14 days.

    Once a day: a user who already has today's digest gets nothing new. Each digest is recorded and
    journaled in its own transaction; the mail leaves when that transaction commits.
    """
    from itaku.accounts.selectors import active_users_of_contracts

    from .selectors import SOON_DAYS, obligations_owed_by

    today = today or timezone.localdate()
    sent = []
    for user in active_users_of_contracts():
        if not user.email or ReminderDigest.objects.filter(user=user, sent_on=today).exists():
            continue
        owed = list(obligations_owed_by(user, today).filter(due_on__lte=today + dt.timedelta(days=SOON_DAYS)))
        if not owed:
            continue
        with transaction.atomic():
            digest, created = ReminderDigest.objects.get_or_create(user=user, sent_on=today)
            if not created:
                continue
            digest.obligations.set(owed)
            journal_append(actor=None, action="obligations.reminder.sent", obj=digest,
                           data={"user": user.get_username(), "sent_on": today,
                                 "obligations": [o.pk for o in owed]})
            message = reminder_message(user, owed, today)
            transaction.on_commit(message.send)
        sent.append(digest)
    return sent


def reminder_message(user, owed: list, today: dt.date):
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import OVERDUE

    with translation.override("ja"):
        context = {"user": user, "today": today, "overdue": [o for o in owed if o.status == OVERDUE],
                   "soon": [o for o in owed if o.status != OVERDUE], "site_url": settings.ITAKU_SITE_URL}
        subject = _("【Itaku】期限の通知（期限超過 %(overdue)s件・14日以内 %(soon)s件）") % {
            "overdue": len(context["overdue"]), "soon": len(context["soon"])}
        body = render_to_string("obligations/reminder_email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])
