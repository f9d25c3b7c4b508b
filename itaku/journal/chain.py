"""Hashing and verification of the journal chain."""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

from .models import GENESIS_HASH, ChainHead, Event

SECRET_KEYS = ("password", "token", "secret", "key")


def plain(data):
    """``data`` as plain JSON values (dates become ISO strings), secrets masked."""
    converted = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    return _mask(converted)


def _mask(value):
    if isinstance(value, dict):
        return {
            k: ("***" if any(s in k.lower() for s in SECRET_KEYS) else _mask(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_fields(event: Event) -> dict:
    """Everything an event's hash covers."""
    return {
        "seq": event.seq,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "contract": event.contract_id,
        "clause_id": event.clause_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: Event) -> str:
    return hashlib.sha256(canonical(event_fields(event))).hexdigest()


@dataclass
class Verification:
    ok: bool
    count: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str = ""


def verify() -> Verification:
    """Recompute the whole chain; report the first event that does not match."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return Verification(False, count, prev_hash, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return Verification(
                False, count, prev_hash, event.seq, f"event #{event.seq} does not follow the previous event"
            )
        if compute_hash(event) != event.hash:
            return Verification(False, count, prev_hash, event.seq, f"event #{event.seq} was altered")
        prev_hash = event.hash
        expected_seq += 1
        count += 1
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != count or head_hash != prev_hash:
        return Verification(
            False, count, prev_hash, count + 1 if head_seq > count else count,
            f"the chain head records #{head_seq}, but the chain ends at #{count}",
        )
    return Verification(True, count, prev_hash)


def head_hash() -> str:
    head = ChainHead.objects.filter(pk=1).first()
    return head.hash if head else GENESIS_HASH
