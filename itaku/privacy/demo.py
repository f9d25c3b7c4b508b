"""The personal-information part of the demo, on the seed contract: a register entry (a list of
fictional people handed over by the client) with a small CSV file in the vault; worker1 downloaded it,
worker2 (named, not briefed: P-4) and rep (not named: P-6-1) were refused, and all three are in the
dataset's access log. Through the services, so the reads and refusals are journaled as in use; needs the
personnel demo (the accepted F-P) and ITAKU_MASTER_KEY. Loading twice changes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from itaku.core.exceptions import ClauseViolation

from . import access, vault
from .choices import HandlingPlace, Medium, Source
from .models import Dataset
from .services import dataset_file_add, dataset_file_read, dataset_register

NAME = "広告配信対象者リスト（サンプル）"
FILENAME = "haishin-taishousha-sample.csv"
CONTENT = ("氏名,市町村,年代,連絡先\n"
           "山梨 花子（架空）,甲府市,30代,055-000-0001\n"
           "富士 一郎（架空）,富士吉田市,40代,0555-00-0002\n"
           "甲斐 次郎（架空）,甲斐市,20代,055-000-0003\n").encode()


def load(users, contracts, today):
    seed = contracts["seed"]
    if Dataset.objects.filter(contract=seed, name=NAME).exists():
        return
    try:
        vault.master_key()
    except vault.VaultError:
        return  # no master key (make demo sets one): the register stays empty
    if access.handling_refusal(users["privacy"], seed) is not None:
        return  # the personnel demo (the accepted F-P naming privacy) is not loaded
    dataset = dataset_register(
        actor=users["privacy"], contract=seed, name=NAME,
        description="Web広告の配信先を絞り込むために甲から引き渡された相談窓口の利用者の一覧（架空の人物）",
        items="氏名、市町村、年代、連絡先", people_count=3, source=Source.HANDED_OVER, medium=Medium.ELECTRONIC,
        storage_place="乙本社3階 施錠できるサーバ室（Itaku の暗号化保管庫）", storage_lockable=True,
        handling_place=HandlingPlace.CONTRACTOR_PREMISES)
    file = dataset_file_add(actor=users["privacy"], dataset=dataset,
                            upload=SimpleUploadedFile(FILENAME, CONTENT, content_type="text/csv"))
    b"".join(dataset_file_read(actor=users["worker1"], file=file))
    for name in ("worker2", "rep"):
        try:
            b"".join(dataset_file_read(actor=users[name], file=file))
        except ClauseViolation:
            pass  # refused, and journaled: the access log shows it
