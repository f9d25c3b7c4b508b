import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from itaku.journal.chain import verify
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
