"""The demo's history of termination and its effects, through the services; loading twice changes nothing.

- "seed": a damage during the term (K-15) — the advertising account was suspended and the contractor
  bore the cost of re-review and replacement adverts, since the cause was on its side.
- "other": a request to terminate after a typhoon (K-16), investigated and refused: the work could
  continue remotely. No demo contract is terminated.
"""

import datetime as dt

from django.core.files.base import ContentFile

from .models import BorneBy, DamageEvent, ForceMajeureRequest
from .termination.services import (
    damage_event_record,
    force_majeure_decide,
    force_majeure_investigate,
    force_majeure_request_submit,
)

DAMAGE = "検索連動型広告の配信アカウントが媒体の審査により一時停止され、再審査の対応と差替え広告の制作が必要となった。"
DAMAGE_REASON = ("乙が入稿した広告文の表現が媒体の広告ポリシーに抵触したことによる停止であり、甲の責めに帰すべき事由は"
                 "ないため、第15条本文により乙が負担する。")
TYPHOON = ("令和6年8月30日の台風第10号の豪雨により、乙の事務所（富士吉田市）が床上浸水し、チラシの版下データを保存した"
           "作業用パソコン2台と印刷見本が損壊した。事務所は9月中の使用が困難であり、仕様書の納期（12月27日）までの"
           "履行は不可能と考えるため、第16条第1項により契約の解除を請求する。")
TYPHOON_DOCUMENT = """不可抗力による損害の報告書（サンプル）

1 発生日時　令和6年8月30日 午後
2 原因　台風第10号に伴う豪雨による浸水
3 損害の内容・程度
  (1) 事務所の床上浸水（約20cm）
  (2) 作業用パソコン2台の故障（修理見積 1台あたり 88,000円）
  (3) 印刷見本・校正紙の汚損
4 履行への影響　事務所は9月末まで使用困難。
（このファイルはデモ用の架空のサンプルです。）
"""
FINDINGS = ("9月4日に現地を確認し、浸水の跡と故障したパソコンを確認した。版下データはクラウド上に複製があり、"
            "乙の代表者は自宅で作業できる環境を有していることを聴き取った。")
REFUSAL = ("版下データは失われておらず、作業は在宅で継続できる。納期まで約4か月あり、損害により契約の履行が不可能と"
           "なったとは認められないため、第16条第2項により承認しない。")


def load(users, contracts, today):
    seed, other = contracts["seed"], contracts["other"]
    if not DamageEvent.objects.filter(contract=seed, description=DAMAGE).exists():
        damage_event_record(actor=users["rep"], contract=seed, occurred_on=dt.date(2023, 10, 12), description=DAMAGE,
                            cost=165_000, borne_by=BorneBy.CONTRACTOR, reason=DAMAGE_REASON)
    if not ForceMajeureRequest.objects.filter(contract=other, submitted_on=dt.date(2024, 9, 2)).exists():
        request = force_majeure_request_submit(
            actor=users["outsider"], contract=other, event_on=dt.date(2024, 8, 30), description=TYPHOON,
            submitted_on=dt.date(2024, 9, 2),
            documents=[ContentFile(TYPHOON_DOCUMENT.encode(), name="songai-houkokusho-sample.txt")])
        request = force_majeure_investigate(actor=users["officer"], request=request, findings=FINDINGS,
                                            investigated_on=dt.date(2024, 9, 4),
                                            decision_due_on=dt.date(2024, 9, 20))
        force_majeure_decide(actor=users["officer"], request=request, approve=False, reasons=REFUSAL,
                             decided_on=dt.date(2024, 9, 20))
