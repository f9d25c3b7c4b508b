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


@pytest.fixture
def named(monkeypatch):
    """personnel's check, as its demo answers on the seed contract (privacy, worker1 may handle)."""
    from itaku.privacy import access
    from itaku.privacy.tests.conftest import fake_handling_refusal

    monkeypatch.setattr(access, "handling_refusal", fake_handling_refusal)


@pytest.fixture
def dataset(seed, demo, named):
    """A dataset of the seed contract in the privacy app's register, with its data key."""
    from itaku.privacy.services import dataset_register
    from itaku.privacy.tests.conftest import dataset_values

    return dataset_register(actor=demo["privacy"], contract=seed, **dataset_values(name="相談者名簿（テスト）"))


DEVICES = {"devices": "乙管理のノートPC（管理番号 PC-012）", "managed_devices": "attested"}  # P-6-3


def takeout_statement(dataset, **overrides):
    statement = {"dataset": dataset.pk, "place": "甲府市役所 会議室", "reason": "説明会で使うため",
                 "carriage": "施錠できるケースに入れ、担当者が直行直帰する",
                 "encryption": "AES-256で暗号化したUSBメモリ",
                 "starts_on": "2023-08-01", "return_by": "2023-08-03", **DEVICES}
    statement.update(overrides)
    return statement


def copy_statement(dataset, **overrides):
    statement = {"dataset": dataset.pk, "copies": 2, "reason": "作業場所で並行して作業するため",
                 "handling": "施錠できる書庫で保管し、作業後にシュレッダーで廃棄する", "dispose_by": "2023-09-30",
                 **DEVICES}
    statement.update(overrides)
    return statement
