import datetime as dt

import pytest
from django.utils import timezone

from itaku.contracts.demo import SEED_TITLE, current_title
from itaku.contracts.models import Contract


@pytest.fixture
def current(demo):
    return Contract.objects.get(title=current_title(timezone.localdate()))


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED_TITLE)


def hours_ago(hours: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


@pytest.fixture
def opened(demo, current):
    """A privacy incident discovered an hour ago on this year's contract, opened by a worker."""
    from itaku.incidents import services

    return services.incident_open(actor=demo["worker1"], contract=current, scope="privacy", nature="leak",
                                  title="誤送信", summary="一覧を誤って社外に送信した。", discovered_at=hours_ago(1))
