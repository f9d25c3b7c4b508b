"""The only way to write the journal: one event per service call, inside the caller's transaction."""

from django.db import models, transaction
from django.utils import timezone

from .chain import compute_hash, plain
from .models import ChainHead, Event
from .signals import appended


def journal_append(
    *,
    actor,
    action: str,
    contract=None,
    clause: str = "",
    obj: models.Model | None = None,
    data: dict | None = None,
) -> Event:
    """Append one event. Must run inside the transaction of the change it records.

    The chain head row is locked (SELECT … FOR UPDATE) so that concurrent writers are serialised
    and the chain cannot fork.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal_append must be called inside the transaction of the change it records")
    ChainHead.objects.get_or_create(pk=1)
    head = ChainHead.objects.select_for_update().get(pk=1)
    event = Event(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.get_username() if actor is not None and actor.pk else "system"),
        contract=contract,
        clause_id=clause or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=plain(data),
        prev_hash=head.hash,
    )
    event.hash = compute_hash(event)
    event.save()
    head.seq = event.seq
    head.hash = event.hash
    head.save(update_fields=["seq", "hash"])
    appended.send(sender=Event, event=event)
    return event
