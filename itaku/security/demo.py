"""The information-security part of the demo (annex 2), on the seed contract, through the services; loading
twice changes nothing. Needs the personnel demo (the accepted F-P naming privacy, worker1 and worker2).

- the versions of 山梨県情報セキュリティ基本方針 and 対策基準 on the contract's template (S-1);
- information assets of each kind (S-2) with their place (S-7) and users (S-8-1); the personal information
  of annex 1 shows in the register from the privacy demo;
- ``security`` appointed security officer (S-3) and the notice of the officer and the workers, received;
- worker1's premises entry with the ID card, the badge and the instructions acknowledged (S-4-3);
- a security education session (S-5), the declaration (S-15);
- an approved take-out of the client's information (S-8-3, encrypted), dated before the demo's K-6
  request, which stays the newest of the contract's requests.
"""

import datetime as dt

from itaku.consents.models import ConsentRequest
from itaku.consents.services import consent_decide, consent_submit

from .choices import AssetKind, AssetOwner, PolicyKind
from .models import InformationAsset, PolicyDocument, SecurityOfficerAppointment
from .services import (
    asset_register,
    declaration_record,
    education_record,
    notice_receive,
    notice_submit,
    officer_appoint,
    policy_record,
    premises_acknowledge,
    premises_record,
)

D = dt.date
PLACE = "乙本社3階 広告運用室（入退室管理あり）"
ASSETS = [
    (AssetKind.SYSTEM, "広告運用端末（乙管理のノートPC 2台）", AssetOwner.CONTRACTOR,
     "乙の管理に属する端末に限る（S-8-2）。私物端末は使用しない。"),
    (AssetKind.SYSTEM, "甲から貸与された広告管理アカウント", AssetOwner.CLIENT, "甲の広告管理画面の利用者ID"),
    (AssetKind.INFORMATION, "相談窓口の案内文・配信データ（印刷物を含む）", AssetOwner.CLIENT,
     "甲から引き渡された広告原稿と配信設定の元データ"),
    (AssetKind.DOCUMENT, "広告管理アカウントの運用手順書", AssetOwner.CLIENT, "甲の情報システムに関連する文書"),
]
TAKEOUT_ASSET = "相談窓口の案内文・配信データ（印刷物を含む）"


def load(users, contracts, today):
    seed = contracts["seed"]
    if SecurityOfficerAppointment.objects.filter(contract=seed).exists():
        return
    from itaku.personnel.access import handlers

    if users["worker1"] not in handlers(seed):
        return  # the personnel demo is not loaded
    if not PolicyDocument.objects.filter(template_id=seed.template_id).exists():
        policy_record(actor=users["officer"], contract=seed, kind=PolicyKind.BASIC_POLICY, version="平成15年制定",
                      dated_on=D(2003, 4, 1), reference="https://www.pref.yamanashi.jp/（サンプル）")
        policy_record(actor=users["officer"], contract=seed, kind=PolicyKind.STANDARDS, version="令和5年改正",
                      dated_on=D(2023, 4, 1), reference="https://www.pref.yamanashi.jp/（サンプル）")
    officer_appoint(actor=users["rep"], contract=seed, user=users["security"],
                    contact="情報システム部 内線 300（サンプル）", on=D(2023, 6, 1))
    notice = notice_submit(actor=users["rep"], contract=seed, on=D(2023, 6, 2))
    notice_receive(actor=users["officer"], notice=notice, on=D(2023, 6, 5))
    workers = [users["worker1"], users["worker2"]]
    for kind, name, owner, description in ASSETS:
        asset_register(actor=users["security"], contract=seed, kind=kind, name=name, owner=owner, place=PLACE,
                       users=workers + [users["security"]], description=description)
    entry = premises_record(actor=users["security"], contract=seed, user=users["worker1"],
                            premises="山梨県庁 防災新館 福祉保健部（サンプル）", id_card_number="SAMPLE-0001",
                            id_card_issued_on=D(2023, 6, 1), badge_issued=True,
                            instructions="受付で入館証を受け取り、退庁時に返却する。執務室への立入りは職員の同行による。")
    premises_acknowledge(actor=users["worker1"], entry=entry, on=D(2023, 6, 7))
    education_record(actor=users["privacy"], contract=seed, held_on=D(2023, 6, 9),
                     topic="情報セキュリティ特記事項と情報資産の取扱い",
                     content="別記2の遵守事項、持出し・複製の承認、乙管理端末の利用、事故時の報告（サンプル）",
                     attendees=[users["privacy"], users["worker1"], users["worker2"]])
    declaration_record(actor=users["rep"], contract=seed, where="https://example.invalid/security-policy（サンプル）",
                       published_on=D(2020, 4, 1))
    asset = InformationAsset.objects.get(contract=seed, name=TAKEOUT_ASSET)
    if not ConsentRequest.objects.filter(contract=seed, kind="security_takeout").exists():
        consent = consent_submit(actor=users["security"], contract=seed, kind="security_takeout", on=D(2023, 6, 8),
                                 statement={
                                     "asset": asset.pk, "destination": "山梨県庁 防災新館（サンプル）",
                                     "reason": "配信内容を甲の担当課と対面で確認するため。",
                                     "carriage": "施錠できるケースで運搬し、寄り道をしない。従事者に事前に周知する。",
                                     "encryption": "電子データはAES-256で暗号化したUSBメモリ、印刷物は封筒に封入",
                                     "starts_on": "2023-06-13", "return_by": "2023-06-13"})
        consent_decide(actor=users["officer"], consent=consent, approve=True, on=D(2023, 6, 9))
