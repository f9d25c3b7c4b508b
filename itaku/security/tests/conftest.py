import pytest

from itaku.contracts.models import Contract

SEED = "ひきこもり支援Web広告業務"
OTHER = "ひきこもり支援相談窓口周知チラシ作成業務（サンプル）"


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.fixture
def current(demo):
    return Contract.objects.get(title__startswith=SEED + "（")


@pytest.fixture
def other(demo):
    return Contract.objects.get(title=OTHER)
