"""The demo of the tests, loaded once and restored per test (``demo_snapshot.py``): what a test changes
does not reach the next one."""

import pytest
from django.db import connection

from itaku.accounts.models import User
from itaku.contracts.models import Contract
from itaku.core.tests.demo_snapshot import _counts


def _rows(snapshot):
    q = connection.ops.quote_name
    out = {}
    with connection.cursor() as cursor:
        for table, model in snapshot.tables:
            cursor.execute(f"SELECT * FROM {q(table)} ORDER BY {q(model._meta.pk.column)}")
            out[table] = [tuple(r) for r in cursor.fetchall()]
    return out


def test_a_test_changes_the_demo_rows_and_a_stored_file(demo, demo_snapshot):
    """The next test checks that none of this reached it."""
    if demo_snapshot is None:
        pytest.skip("ITAKU_TEST_DEMO=load: the demo is loaded through the services for every test")
    assert len(demo_snapshot.rows) > 20 and demo_snapshot.files
    fresh = _rows(demo_snapshot)
    assert {t: sorted(r) for t, r in fresh.items() if r} == \
        {t: sorted(demo_snapshot.rows[t][1]) for t in demo_snapshot.rows}
    name = next(iter(demo_snapshot.files))
    (demo_snapshot.root / name).write_bytes(b"altered")
    Contract.objects.filter(pk=Contract.objects.order_by("pk").first().pk).update(title="changed")
    User.objects.get(username="officer").groups.clear()
    assert _rows(demo_snapshot) != fresh


def test_the_next_test_starts_from_the_demo_as_loaded(demo, demo_snapshot):
    if demo_snapshot is None:
        pytest.skip("ITAKU_TEST_DEMO=load")
    rows = _rows(demo_snapshot)
    assert {t: sorted(r) for t, r in rows.items() if r} == \
        {t: sorted(demo_snapshot.rows[t][1]) for t in demo_snapshot.rows}
    assert not Contract.objects.filter(title="changed").exists()
    assert User.objects.get(username="officer").groups.exists()
    for name, content in demo_snapshot.files.items():
        assert (demo_snapshot.root / name).read_bytes() == content


def test_a_test_that_wrote_rows_first_gets_the_demo_loaded_through_the_services(db, demo_snapshot,
                                                                                 django_user_model):
    if demo_snapshot is None:
        pytest.skip("ITAKU_TEST_DEMO=load")
    django_user_model.objects.create_user("early", "early@example.jp", "password")
    before = _counts(demo_snapshot.tables)
    assert not demo_snapshot.restore()
    assert _counts(demo_snapshot.tables) == before  # nothing changed: the fixture then loads the demo
