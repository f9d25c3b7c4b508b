"""Annex 1's consents in the demo, on the seed contract (after the privacy demo's dataset): a take-out of
the dataset approved in 2023 and returned (P-5), and a copying approval with its one copy disposed of
(P-6-5). Dated before the demo's K-6 request, which stays the newest of the contract's requests.
Through the services; loading twice changes nothing; nothing when the dataset is not there."""

import datetime as dt

from django.utils import timezone

from .models import ConsentRequest, DatasetCopy
from .records import dataset_copy_dispose, takeout_return
from .services import consent_decide, consent_submit

PLACE = "山梨県庁 防災新館（サンプル）"


def load(users, contracts, today):
    from itaku.privacy.demo import NAME
    from itaku.privacy.models import Dataset

    seed = contracts["seed"]
    dataset = Dataset.objects.filter(contract=seed, name=NAME).first()
    if dataset is None or ConsentRequest.objects.filter(contract=seed, kind="privacy_takeout").exists():
        return
    consent = consent_submit(actor=users["privacy"], contract=seed, kind="privacy_takeout", on=dt.date(2023, 6, 5),
                             statement={
                                 "dataset": dataset.pk, "place": PLACE,
                                 "reason": "広告の配信先について甲の担当課と対面で確認するため。",
                                 "carriage": "施錠できるケースに入れ、個人情報保護責任者が直行直帰で運搬する。",
                                 "encryption": "AES-256で暗号化したUSBメモリ（パスワードは別送）",
                                 "starts_on": "2023-06-08", "return_by": "2023-06-09",
                                 "devices": "乙管理の暗号化USBメモリ（管理番号 USB-03）",
                                 "managed_devices": "attested"})
    consent = consent_decide(actor=users["officer"], consent=consent, approve=True, on=dt.date(2023, 6, 7),
                             conditions="確認が終わり次第、直ちに乙の営業所に持ち帰ること。")
    takeout_return(actor=users["privacy"], takeout=consent.takeout, on=dt.date(2023, 6, 8),
                   note="確認後、同日中に営業所に持ち帰り、USBメモリの内容を消去した。")
    copying = consent_submit(actor=users["privacy"], contract=seed, kind="privacy_copy", on=dt.date(2023, 6, 6),
                             statement={"dataset": dataset.pk, "copies": 1,
                                        "reason": "配信設定の作業者と照合するため、作業用の複製を1部作成する。",
                                        "handling": "施錠できる保管庫で保管し、照合後に消去ソフトで消去する。",
                                        "dispose_by": "2023-06-30",
                                        "devices": "乙管理の作業用PC（管理番号 PC-007）",
                                        "managed_devices": "attested"})
    consent_decide(actor=users["officer"], consent=copying, approve=True, on=dt.date(2023, 6, 7))
    copying.refresh_from_db()
    file = dataset.files.filter(erased_at__isnull=True).first()
    if file is not None:
        from .records import dataset_copy_record

        made_at = timezone.make_aware(dt.datetime(2023, 6, 8, 10, 0))
        copy = dataset_copy_record(actor=users["privacy"], allowance=copying.copy_allowance, file=file,
                                   made_at=made_at)
        dataset_copy_dispose(actor=users["privacy"], copy=DatasetCopy.objects.get(pk=copy.pk),
                             method="消去ソフトで上書き消去", on=dt.date(2023, 6, 20))
