import pytest


@pytest.fixture
def demo(demo):
    """The deadline engine's tests count exact due dates: they start from the demo's people and contracts
    without the due dates that the demo's history (HISTORY_MODULES) opened."""
    from itaku.obligations.models import Obligation

    Obligation.objects.all().delete()
    return demo
