"""Opening and closing obligations.

``obligation_open`` and ``obligations_meet`` are called by other services inside their own
transaction: the caller's journal event records the change that opened or met the obligation.
``obligation_waive`` is a service of its own, with its own journal event.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itaku.accounts.choices import CLIENT_ROLES, OrganisationKind, Role
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append

from .models import Obligation, ObligationState


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
