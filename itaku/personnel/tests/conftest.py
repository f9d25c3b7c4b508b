import pytest

from itaku.accounts.choices import OrganisationKind
from itaku.accounts.models import Organisation, User
from itaku.accounts.services import organisation_save, user_save
from itaku.consents.models import Subcontractor
from itaku.contracts.models import Contract

SEED = "ひきこもり支援Web広告業務"


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.fixture
def current(demo):
    return Contract.objects.get(title__startswith=SEED + "（")


@pytest.fixture
def maker(demo):
    """The demo's subcontractor of the seed contract (株式会社サンプル制作, attached through K-6)."""
    return Subcontractor.objects.get(contract__title=SEED).organisation


@pytest.fixture
def maker_user(maker):
    return user_save(actor=None, user=User(username="maker1", organisation=maker, display_name="制作 花子",
                                           job_title="デザイン部"))


@pytest.fixture
def stranger_org(db):
    return organisation_save(actor=None, organisation=Organisation(
        name="株式会社無関係（テスト）", kind=OrganisationKind.CONTRACTOR, address="甲府市",
        representative_title="代表取締役", representative_name="無関係 一郎"))
