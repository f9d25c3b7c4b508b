import pytest

from itaku.accounts.choices import OrganisationKind
from itaku.accounts.models import Organisation, User
from itaku.accounts.services import organisation_save, user_save
from itaku.contracts.models import Contract

SEED = "ひきこもり支援Web広告業務"


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


@pytest.fixture
def other(demo):
    return Contract.objects.get(contractor__name__startswith="有限会社サンプル企画")


@pytest.fixture
def maker(demo):
    """The demo's sample subcontractor (株式会社サンプル制作)."""
    return Organisation.objects.get(name="株式会社サンプル制作（サンプル）")


@pytest.fixture
def assignee(db):
    org = organisation_save(actor=None, organisation=Organisation(
        name="株式会社譲受（テスト）", kind=OrganisationKind.CONTRACTOR, address="甲府市",
        representative_title="代表取締役", representative_name="譲受 一郎"))
    user = user_save(actor=None, user=User(username="newrep", organisation=org, display_name="譲受 一郎"))
    return org, user


def subcontract_statement(org, **overrides):
    statement = {"subcontractor": org.pk, "scope": "バナー制作", "reason": "専門の事業者に委託するため",
                 "starts_on": "2023-07-01", "ends_on": "2023-12-31", "amount": 100_000,
                 "handles_personal_information": "no"}
    statement.update(overrides)
    return statement


def assignment_statement(org, user, **overrides):
    statement = {"assignee": org.pk, "assignee_user": user.get_username(), "rights": "この契約上の一切の権利及び義務",
                 "reason": "事業譲渡のため", "assigned_on": "2023-10-01"}
    statement.update(overrides)
    return statement
