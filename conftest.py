import pytest


@pytest.fixture
def demo(db):
    """The demo organisations, users and contracts, loaded through the services."""
    from itaku.contracts.demo import load_demo

    load_demo()
    from itaku.accounts.models import User

    return {u.username: u for u in User.objects.all()}
