import pytest


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo as loaded once for the whole run (``itaku/core/tests/demo_snapshot.py``), or None when
    ``ITAKU_TEST_DEMO=load`` asks for the services every time."""
    from itaku.core.tests.demo_snapshot import Snapshot, enabled

    if not enabled():
        return None
    from itaku.contracts.demo import load_demo

    with django_db_blocker.unblock():
        return Snapshot.take(load_demo)


@pytest.fixture
def demo(db, demo_snapshot):
    """The demo organisations, users and contracts, as loaded through the services: each test starts
    from the freshly loaded demo (restored from the run's snapshot), isolated from the others."""
    from itaku.core.tests.demo_snapshot import demo_users

    return demo_users(demo_snapshot)


@pytest.fixture
def admin_user(db, django_user_model):
    """A superuser that is not the demo's administrator (``admin``, kept to its group's permissions)."""
    return django_user_model.objects.create_superuser("superuser", "superuser@example.jp", "password")
