"""Hashing and verification of the journal chain."""

import contextlib
import hashlib
import json
import queue
import threading
from dataclasses import dataclass

import orjson
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
    """The bytes an event's hash covers: compact JSON, keys sorted, UTF-8. This is the definition."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical_fast(fields: dict) -> bytes | None:
    """The same bytes as :func:`canonical`, produced by orjson, or ``None`` where orjson could differ.

    orjson writes compact UTF-8 JSON with sorted keys exactly as :func:`canonical` does for the
    values a journal holds (strings, integers, booleans, null, lists, objects; a property test keeps
    it so); it formats floats differently and refuses integers beyond 64 bits, so data holding
    either goes the slow way. Verification trusts a match and rechecks a mismatch with
    :func:`canonical`, which stays the definition.
    """
    if _has_float(fields["data"]):
        return None
    try:
        return orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None


def _has_float(value) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


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
    head_seq: int = 0


VERIFY_COLUMNS = ("seq", "at", "actor_id", "actor_name", "contract_id", "clause_id", "action", "object_type",
                  "object_id", "data", "prev_hash", "hash")
VERIFY_CHUNK = 5000


def _rows(after: int = 0):
    """Every event after ``after`` as a tuple of :data:`VERIFY_COLUMNS`, in order of ``seq``, read in
    chunks by ``seq`` (an index range scan each; no model instances, never the whole table in memory)."""
    last = after
    while True:
        chunk = list(Event.objects.filter(seq__gt=last).order_by("seq").values_list(*VERIFY_COLUMNS)[:VERIFY_CHUNK])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1][0]


def _row_hash_matches(row) -> bool:
    seq, at, actor, actor_name, contract, clause_id, action, object_type, object_id, data, prev_hash, stored = row
    fields = {
        "seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor, "actor_name": actor_name,
        "contract": contract, "clause_id": clause_id, "action": action, "object_type": object_type,
        "object_id": object_id, "data": data, "prev_hash": prev_hash,
    }
    fast = canonical_fast(fields)
    if fast is not None and hashlib.sha256(fast).hexdigest() == stored:
        return True
    return hashlib.sha256(canonical(fields)).hexdigest() == stored


# On PostgreSQL the rows come as text, the time already in the form the hash covers and the data as JSON
# text (no datetime or dict built by the driver for every event): most of a verification's time otherwise.
_PG_SQL = (
    "SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), actor_id, actor_name, "
    "contract_id, clause_id, action, object_type, object_id, data::text, prev_hash, hash FROM {table} "
    "WHERE seq > %s ORDER BY seq LIMIT %s"
)


def _pg_rows(after: int = 0):
    """As :func:`_rows`, on PostgreSQL: ``at`` as the hash writes it (UTC, microseconds) and ``data`` as
    JSON text. A thread reads the next chunk on the same connection (psycopg serialises its use) while the
    caller hashes this one: the server's work and the hashing overlap."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    sql = _PG_SQL.format(table=connection.ops.quote_name(Event._meta.db_table))
    chunks: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def read():
        last = after
        try:
            with raw.cursor() as cursor:
                while not stop.is_set():
                    cursor.execute(sql, [last, VERIFY_CHUNK])
                    chunk = cursor.fetchall()
                    chunks.put(chunk)
                    if not chunk:
                        return
                    last = chunk[-1][0]
        except Exception as exc:  # handed to the caller, raised there
            chunks.put(exc)

    reader = threading.Thread(target=read, name="verifyjournal-reader", daemon=True)
    reader.start()
    try:
        while True:
            chunk = chunks.get()
            if isinstance(chunk, Exception):
                raise chunk
            if not chunk:
                return
            yield from chunk
    finally:  # the caller stopped early (an event that does not match): let the reader end
        stop.set()
        while reader.is_alive():
            with contextlib.suppress(queue.Empty):
                chunks.get_nowait()
            reader.join(0.05)


def _pg_row_hash_matches(row) -> bool:
    """The row of :func:`_pg_rows` hashed through orjson; any doubt (a mismatch, data orjson cannot write as
    :func:`canonical` does) is settled by :func:`_row_hash_matches` on the event read through the ORM."""
    seq, at, actor, actor_name, contract, clause_id, action, object_type, object_id, data, prev_hash, stored = row
    try:
        blob = orjson.dumps({
            "seq": seq, "at": at, "actor": actor, "actor_name": actor_name, "contract": contract,
            "clause_id": clause_id, "action": action, "object_type": object_type, "object_id": object_id,
            "data": orjson.loads(data), "prev_hash": prev_hash}, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONDecodeError, orjson.JSONEncodeError):
        blob = None
    if blob is not None and hashlib.sha256(blob).hexdigest() == stored:
        return True
    exact = Event.objects.filter(seq=seq).values_list(*VERIFY_COLUMNS).first()
    return exact is not None and exact[11] == stored and _row_hash_matches(exact)


def verify(*, from_seq: int = 0, from_hash: str = GENESIS_HASH) -> Verification:
    """Recompute the chain; report the first event that does not match.

    By default from the beginning. ``from_seq`` and ``from_hash`` start after an event whose hash is
    known (the head printed by yesterday's verification): event ``from_seq`` must still carry that
    hash, and every event after it is checked as in a full run. ``count`` is then the number of events
    checked after it.
    """
    prev_hash = GENESIS_HASH if from_seq == 0 else from_hash
    if from_seq:
        stored = Event.objects.filter(seq=from_seq).values_list("hash", flat=True).first()
        if stored != from_hash:
            reason = (f"event #{from_seq} is missing" if stored is None
                      else f"event #{from_seq} no longer has the hash it had")
            return Verification(False, 0, from_hash, from_seq, reason)
    from django.db import connection

    rows, matches = (_pg_rows, _pg_row_hash_matches) if connection.vendor == "postgresql" else (
        _rows, _row_hash_matches)
    expected_seq = from_seq + 1
    count = 0
    for row in rows(after=from_seq):
        seq, prev, stored = row[0], row[10], row[11]
        if seq != expected_seq:
            return Verification(False, count, prev_hash, expected_seq, f"event #{expected_seq} is missing")
        if prev != prev_hash:
            return Verification(
                False, count, prev_hash, seq, f"event #{seq} does not follow the previous event"
            )
        if not matches(row):
            return Verification(False, count, prev_hash, seq, f"event #{seq} was altered")
        prev_hash = stored
        expected_seq += 1
        count += 1
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    last_seq = from_seq + count
    if head_seq != last_seq or head_hash != prev_hash:
        return Verification(
            False, count, prev_hash, last_seq + 1 if head_seq > last_seq else last_seq,
            f"the chain head records #{head_seq}, but the chain ends at #{last_seq}",
        )
    return Verification(True, count, prev_hash, head_seq=last_seq)


def head_hash() -> str:
    head = ChainHead.objects.filter(pk=1).first()
    return head.hash if head else GENESIS_HASH
