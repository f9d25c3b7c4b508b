import pytest


@pytest.fixture
def demo(db):
    """The demo organisations, users and contracts, loaded through the services."""
    from itaku.contracts.demo import load_demo

    load_demo()
    from itaku.accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def admin_user(db, django_user_model):
    """A superuser that is not the demo's administrator (``admin``, kept to its group's permissions)."""
    return django_user_model.objects.create_superuser("superuser", "superuser@example.jp", "password")
