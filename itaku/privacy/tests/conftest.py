import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from itaku.contracts.models import Contract
from itaku.core.exceptions import ClauseViolation
from itaku.privacy import access
from itaku.privacy.choices import HandlingPlace, Medium, Source

SEED = "ひきこもり支援Web広告業務"
# As the seed contract's accepted F-P has it in the demo: privacy (responsible) and worker1 briefed,
# worker2 named but not briefed; no one else named.
HANDLERS = {"privacy", "worker1"}
CSV = "氏名,住所\n山梨 太郎,甲府市丸の内1-6-1\n".encode()


def fake_handling_refusal(user, contract):
    if user.username in HANDLERS:
        return None
    if user.username == "worker2":
        return ClauseViolation("P-4 (1)〜(3) の説明を受けていません。", code="not_briefed", clause="P-4")
    return ClauseViolation("受理された責任体制報告書に記載されていません。", code="not_named", clause="P-6-1")


@pytest.fixture
def named(monkeypatch):
    """personnel's check, as its demo answers on the seed contract."""
    monkeypatch.setattr(access, "handling_refusal", fake_handling_refusal)


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


def dataset_values(**overrides):
    values = {"name": "相談者名簿", "description": "相談窓口の受付記録", "items": "氏名、住所、電話番号",
              "people_count": 120, "source": Source.HANDED_OVER, "medium": Medium.ELECTRONIC,
              "storage_place": "本社3階 施錠保管庫のサーバ", "storage_lockable": True,
              "handling_place": HandlingPlace.CONTRACTOR_PREMISES}
    values.update(overrides)
    return values


def csv_upload(content: bytes = CSV, name: str = "meibo.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def dataset(seed, demo, named):
    from itaku.privacy.services import dataset_register

    return dataset_register(actor=demo["privacy"], contract=seed, **dataset_values())


@pytest.fixture
def stored(dataset, demo):
    from itaku.privacy.services import dataset_file_add

    return dataset_file_add(actor=demo["worker1"], dataset=dataset, upload=csv_upload())
