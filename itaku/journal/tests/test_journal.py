import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from itaku.journal import chain
from itaku.journal.chain import canonical, canonical_fast, verify
from itaku.journal.models import ChainHead, Event
from itaku.journal.services import journal_append


def _append(n, actor=None):
    for i in range(n):
        with transaction.atomic():
            journal_append(actor=actor, action="test.event", data={"i": i, "password": "hunter2"})


@pytest.mark.django_db
def test_intact_chain_verifies_and_prints_head_and_count(capsys):
    _append(5)
    call_command("verifyjournal")
    out = capsys.readouterr().out
    head = ChainHead.objects.get(pk=1)
    assert "5 events" in out
    assert head.hash in out
    assert Event.objects.order_by("seq").last().hash == head.hash


@pytest.mark.django_db
def test_secrets_are_masked():
    _append(1)
    assert Event.objects.get().data == {"i": 0, "password": "***"}


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        journal_append(actor=None, action="test.event")


@pytest.mark.django_db
def test_altered_event_is_named():
    _append(5)
    Event.objects.filter(seq=3).update(data={"i": 99})
    result = verify()
    assert not result.ok and result.first_bad_seq == 3
    with pytest.raises(CommandError, match="#3"):
        call_command("verifyjournal")


@pytest.mark.django_db
def test_altered_time_is_named():
    _append(3)
    event = Event.objects.get(seq=2)
    Event.objects.filter(seq=2).update(at=event.at.replace(year=event.at.year - 1))
    assert verify().first_bad_seq == 2


@pytest.mark.django_db
def test_deleted_event_is_named():
    _append(5)
    Event.objects.filter(seq=2).delete()
    result = verify()
    assert not result.ok and result.first_bad_seq == 2


@pytest.mark.django_db
def test_deleted_last_event_is_caught_by_the_head():
    _append(4)
    Event.objects.filter(seq=4).delete()
    result = verify()
    assert not result.ok and result.first_bad_seq == 4


@pytest.mark.django_db
def test_reordered_events_are_named():
    _append(5)
    a, b = Event.objects.get(seq=2), Event.objects.get(seq=3)
    Event.objects.filter(pk=a.pk).update(seq=1000)
    Event.objects.filter(pk=b.pk).update(seq=2)
    Event.objects.filter(pk=a.pk).update(seq=3)
    result = verify()
    assert not result.ok and result.first_bad_seq == 2


@pytest.mark.django_db
def test_recomputed_hash_of_an_altered_event_breaks_the_next_link():
    from itaku.journal.chain import compute_hash

    _append(4)
    event = Event.objects.get(seq=2)
    event.data = {"i": 42}
    event.hash = compute_hash(event)
    Event.objects.filter(pk=event.pk).update(data=event.data, hash=event.hash)
    assert verify().first_bad_seq == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    from django.db import connections

    errors = []

    def writer():
        try:
            _append(15)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify()
    assert result.ok, result.reason
    assert result.count == 90
    assert Event.objects.values("prev_hash").distinct().count() == 90


# The fast verification path: orjson's bytes equal the canonical form's for every value a journal holds.
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(_json_values)
def test_fast_canonical_form_equals_the_definition(data):
    fields = {"seq": 1, "data": data, "prev_hash": "0" * 64}
    fast = canonical_fast(fields)
    if fast is not None:
        assert fast == canonical(fields)


def test_floats_and_huge_integers_take_the_slow_path():
    assert canonical_fast({"data": {"rate": 2.5}}) is None
    assert canonical_fast({"data": {"n": 2**70}}) is None
    assert canonical_fast({"data": {"n": [1, "二"]}}) == canonical({"data": {"n": [1, "二"]}})


@pytest.mark.django_db
def test_verification_reads_in_chunks_and_names_an_event_past_the_first_chunk(monkeypatch):
    monkeypatch.setattr(chain, "VERIFY_CHUNK", 3)
    with transaction.atomic():
        for i in range(10):
            journal_append(actor=None, action="test.event", data={"i": i, "rate": 0.5 if i == 4 else "0.5"})
    result = verify()
    assert result.ok and result.count == 10
    Event.objects.filter(seq=8).update(data={"i": 99})
    result = verify()
    assert not result.ok and result.first_bad_seq == 8 and result.count == 7
    # on PostgreSQL a thread reads ahead; stopping at the altered event ends it too
    assert not [t for t in threading.enumerate() if t.name == "verifyjournal-reader"]


@pytest.mark.django_db
def test_verification_from_a_known_event_checks_only_what_follows(capsys):
    _append(4)
    call_command("verifyjournal")
    out = capsys.readouterr().out
    resume = out.strip().splitlines()[-1].split("itaku verifyjournal ")[1].split()
    assert resume[:2] == ["--from", "4"]
    _append(3)
    call_command("verifyjournal", *resume)
    out = capsys.readouterr().out
    assert "journal intact: 3 events after #4" in out
    assert f"--from 7 --hash {ChainHead.objects.get(pk=1).hash}" in out


@pytest.mark.django_db
def test_verification_from_a_known_event_still_detects_tampering_in_every_field():
    _append(3)
    known = Event.objects.get(seq=2).hash
    _append(3)
    for field, value in [("data", {"i": 99}), ("action", "x.y"), ("actor_name", "mallory"), ("clause_id", "K-1"),
                         ("object_id", "9"), ("object_type", "a.b")]:
        original = Event.objects.filter(seq=5).values(field)[0][field]
        Event.objects.filter(seq=5).update(**{field: value})
        result = verify(from_seq=2, from_hash=known)
        assert not result.ok and result.first_bad_seq == 5, field
        Event.objects.filter(seq=5).update(**{field: original})
    assert verify(from_seq=2, from_hash=known).ok
    # The starting event itself changed since its hash was noted: refused.
    Event.objects.filter(seq=2).update(hash="f" * 64)
    result = verify(from_seq=2, from_hash=known)
    assert not result.ok and result.first_bad_seq == 2
    with pytest.raises(CommandError, match="--hash"):
        call_command("verifyjournal", "--from", "2")
