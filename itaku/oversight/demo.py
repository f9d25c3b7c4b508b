"""The demo's consultations and requests (K-1, K-10, K-20), through the services. Loading twice changes nothing.

- "seed": a consultation on 令和5年6月20日 on where the ads are placed, a matter the specification leaves
  open (K-1); a report request of 令和5年9月1日 (K-10), answered on 9月12日 with a file and accepted 9月19日.
- "current": a report request to the representative due in five days (open); an instruction to the
  security officer that fell due three days ago (overdue); a consultation held twenty days ago (K-20).
- "other": a report request to the other contractor on where its leaflets went, due in ten days.
"""

import datetime as dt

from django.core.files.base import ContentFile

from itaku.accounts.choices import Role

from .choices import RequestKind
from .models import Consultation, OversightRequest
from .services import (
    consultation_record,
    oversight_request_accept,
    oversight_request_issue,
    oversight_response_submit,
)

D = dt.date
PLACEMENT_TOPIC = "広告の掲載先（検索連動型広告の出稿先とSNS広告の配信先）"
SEPTEMBER_REPORT = "8月分の広告運用状況の報告"
CURRENT_REPORT = "上半期の広告効果測定の中間報告"
CURRENT_INSTRUCTION = "広告管理画面の共有アカウントの廃止"
CURRENT_TOPIC = "請求書の電子提出の取扱い"
OTHER_REPORT = "チラシの配布先と残部数の報告"


def _file(name: str, text: str) -> ContentFile:
    return ContentFile(f"{text}\n（デモ用の架空のサンプルです。）\n".encode(), name=name)


def _seed(users, contract) -> None:
    officer, rep = users["officer"], users["rep"]
    if not Consultation.objects.filter(contract=contract, topic=PLACEMENT_TOPIC).exists():
        consultation_record(
            actor=officer, contract=contract, clause_id="K-1", topic=PLACEMENT_TOPIC, held_on=D(2023, 6, 20),
            participants="甲：福祉保健部 健康増進課 契約 一郎\n乙：代表取締役 見本 太郎、広告運用部 作業 一美",
            participant_users=[officer, rep, users["worker1"]],
            outcome=("仕様書に定めのない広告の掲載先について、検索連動型広告は大手検索サイト2社、SNS広告は"
                     "利用者の多い2媒体とし、ギャンブル・消費者金融等の広告と並ぶ枠には配信しないことで合意した。"
                     "掲載先の追加は事前に甲と協議する。"),
            documents=[_file("placement-minutes-sample.txt", "広告の掲載先に関する協議録（サンプル）")],
        )
    if not OversightRequest.objects.filter(contract=contract, subject=SEPTEMBER_REPORT).exists():
        request = oversight_request_issue(
            actor=officer, contract=contract, clause_id="K-10", kind=RequestKind.REPORT, subject=SEPTEMBER_REPORT,
            body="8月分の広告の表示回数、クリック数、相談窓口ページへの遷移数を媒体別に報告してください。",
            issued_on=D(2023, 9, 1), due_on=D(2023, 9, 15),
        )
        oversight_response_submit(
            actor=rep, request=request, responded_on=D(2023, 9, 12),
            body="8月分の運用状況を別添のとおり報告します。SNS広告のクリック率が前月より0.4ポイント向上しました。",
            files=[_file("august-report-sample.txt", "8月分 広告運用状況報告書（サンプル）")],
        )
        oversight_request_accept(actor=officer, request=request, on=D(2023, 9, 19),
                                 note="報告内容を確認した。")


def _current(users, contract, today: dt.date) -> None:
    officer = users["officer"]
    if not OversightRequest.objects.filter(contract=contract, subject=CURRENT_REPORT).exists():
        oversight_request_issue(
            actor=officer, contract=contract, clause_id="K-10", kind=RequestKind.REPORT, subject=CURRENT_REPORT,
            body="上半期の媒体別の表示回数・クリック数・相談件数への寄与の見込みを中間報告としてまとめてください。",
            issued_on=today - dt.timedelta(days=2), due_on=today + dt.timedelta(days=5),
        )
    if not OversightRequest.objects.filter(contract=contract, subject=CURRENT_INSTRUCTION).exists():
        oversight_request_issue(
            actor=officer, contract=contract, clause_id="K-10", kind=RequestKind.INSTRUCTION,
            subject=CURRENT_INSTRUCTION, addressed_role=Role.SECURITY_OFFICER,
            body="広告管理画面を複数の作業従事者が共有アカウントで操作している状況を改め、個人ごとのアカウントに"
                 "切り替えた上で、その結果を報告してください。",
            issued_on=today - dt.timedelta(days=10), due_on=today - dt.timedelta(days=3),
        )
    if not Consultation.objects.filter(contract=contract, topic=CURRENT_TOPIC).exists():
        consultation_record(
            actor=users["rep"], contract=contract, clause_id="K-20", topic=CURRENT_TOPIC,
            held_on=today - dt.timedelta(days=20),
            participants="甲：契約 一郎、会計 三子\n乙：見本 太郎",
            participant_users=[officer, users["accountant"], users["rep"]],
            outcome="契約書及び財務規則に定めのない請求書の電子提出について、PDFに代表者印の電子印影を付したものを"
                    "電子メールで提出し、原本は後日郵送することで合意した。",
        )


def _other(users, contract, today: dt.date) -> None:
    if not OversightRequest.objects.filter(contract=contract, subject=OTHER_REPORT).exists():
        oversight_request_issue(
            actor=users["officer"], contract=contract, clause_id="K-10", kind=RequestKind.REPORT,
            subject=OTHER_REPORT,
            body="納品されたチラシの配布先（市町村の窓口・医療機関等）ごとの配布部数と、残部数を報告してください。",
            issued_on=today - dt.timedelta(days=1), due_on=today + dt.timedelta(days=10),
        )


def load(users, contracts, today: dt.date) -> None:
    _seed(users, contracts["seed"])
    _current(users, contracts["current"], today)
    _other(users, contracts["other"], today)
