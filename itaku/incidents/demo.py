"""The incidents of the demo, through the services.

On the seed contract, a closed incident: an e-mail with 3 people's data sent to the wrong address, reported to
the client within the hour, contained (the recipient deleted it), reported in full and accepted, one
instruction answered, not published, not reportable to the Commission. On this fiscal year's contract, an
open incident whose detailed report is overdue: it shows in わたしの仕事 on both sides. Loading twice changes
nothing."""

import datetime as dt

from django.utils import timezone

from itaku.accounts.choices import Role

from . import services
from .choices import Nature, Scope
from .models import Incident

CLOSED_TITLE = "広告配信先リストの誤送信（サンプル）"
OPEN_TITLE = "作業用ノートPCの置き忘れ（サンプル）"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load(users, contracts, today):
    seed, current = contracts["seed"], contracts["current"]
    if not Incident.objects.filter(contract=seed, title=CLOSED_TITLE).exists():
        _closed(users, seed)
    if not Incident.objects.filter(contract=current, title=OPEN_TITLE).exists():
        _open(users, current, today)


def _closed(users, seed):
    from itaku.oversight.services import oversight_request_accept, oversight_response_submit
    from itaku.privacy.demo import NAME as DATASET_NAME
    from itaku.privacy.models import Dataset
    from itaku.security.demo import ASSETS
    from itaku.security.models import InformationAsset

    day = dt.date(2023, 10, 12)
    incident = services.incident_open(
        actor=users["worker1"], contract=seed, scope=Scope.PRIVACY, nature=Nature.LEAK, suspected=False,
        title=CLOSED_TITLE,
        summary="広告配信先の絞り込みのため社内の担当者に送るべき一覧（3人分）を、宛先の入力誤りにより社外の"
                "取引先1社に電子メールで送信した。",
        discovered_at=_at(day, 10, 20), at=_at(day, 10, 30))
    services.measure_record(actor=users["worker1"], incident=incident, taken_at=_at(day, 10, 40),
                            description="誤送信先に電話で連絡し、メールと添付ファイルを開かずに削除するよう依頼した。")
    services.incident_first_report(
        actor=users["privacy"], incident=incident, reported_at=_at(day, 10, 55),
        body="本日10時15分頃、配信先リスト（3人分：氏名・市町村・年代・連絡先）を社外の取引先1社に誤送信しました。"
             "先方に削除を依頼済みです。詳細は追って報告します。")
    services.measure_record(actor=users["privacy"], incident=incident, taken_at=_at(day, 11, 30),
                            description="誤送信先から、開封せずに削除した旨の書面（電子メール）を受領した。")
    datasets = list(Dataset.objects.filter(contract=seed, name=DATASET_NAME))
    # the terminal the mail was sent from, from the contract's asset register (S-2)
    assets = list(InformationAsset.objects.filter(contract=seed, name=ASSETS[0][1]))
    report = services.report_submit(
        actor=users["privacy"], incident=incident, items="氏名、市町村、年代、連絡先",
        content="広告配信先リスト（架空の3人）",
        record_count=3, people_count=3, place="乙本社 広告運用部（電子メールの送信）",
        circumstances="担当者が社内の宛先を入力する際、メールソフトの宛先候補から同じ姓の社外の宛先を選んだ。"
                      "送信の直後に担当者が気付き、10時20分に個人情報保護責任者に報告した。",
        datasets=datasets, assets=assets,
        cause="宛先の確認を送信者一人で行っていた。個人情報を含むファイルを暗号化せずに添付していた。",
        prevention="個人情報を含むメールは送信前に別の者が宛先を確認する。添付はしない（Itaku の保管庫から共有する）。"
                   "社外の宛先の自動補完を無効にする。全作業従事者に10月20日までに再教育する。",
        at=_at(day + dt.timedelta(days=1), 16, 0))
    services.report_review(actor=users["officer"], report=report, accept=True,
                           note="再発防止策の実施状況を報告すること。",
                           at=_at(day + dt.timedelta(days=4), 10, 0))
    link = services.incident_instruct(
        actor=users["officer"], incident=incident, subject="再発防止策の実施状況の報告",
        body="詳細報告の再発防止策（送信前の確認、添付の禁止、自動補完の無効化、再教育）の実施状況を報告してください。",
        due_on=day + dt.timedelta(days=14), addressed_role=Role.PRIVACY_OFFICER,
        issued_on=day + dt.timedelta(days=4))
    oversight_response_submit(
        actor=users["privacy"], request=link.request, responded_on=day + dt.timedelta(days=8),
        body="10月19日までに全作業従事者（3名）の再教育を終え、確認の手順と自動補完の無効化を実施しました。")
    # P-12: the officer checks the response and accepts it the same day, before the incident is closed.
    oversight_request_accept(actor=users["officer"], request=link.request, on=day + dt.timedelta(days=8),
                             note="実施状況を確認した。")
    services.publication_decide(actor=users["officer"], incident=incident, publish=False,
                                at=_at(day + dt.timedelta(days=4), 11, 0))
    services.ppc_assess(actor=users["officer"], incident=incident, sensitive=False, financial_harm=False,
                        wrongful_purpose=False, over_threshold=False, learned_at=_at(day, 10, 55),
                        at=_at(day + dt.timedelta(days=4), 11, 5))
    services.incident_close(actor=users["officer"], incident=incident, note="回答を確認し、終結とする。",
                            at=_at(day + dt.timedelta(days=9), 9, 0))


def _open(users, current, today):
    """Discovered six days ago, reported the same day; the detailed report was due three days after the
    discovery and has not come: overdue."""
    day = today - dt.timedelta(days=6)
    incident = services.incident_open(
        actor=users["worker2"], contract=current, scope=Scope.BOTH, nature=Nature.LOSS, suspected=True,
        title=OPEN_TITLE,
        summary="作業用ノートPC（暗号化済み）を移動中の電車内に置き忘れた。問合せ対応の記録が保存されていたおそれがある。",
        discovered_at=_at(day, 18, 40), at=_at(day, 18, 50))
    services.incident_first_report(actor=users["rep"], incident=incident, reported_at=_at(day, 19, 30),
                                   body="作業用ノートPCを電車内に置き忘れました。鉄道会社に届け出て捜索中です。")
    services.measure_record(actor=users["security"], incident=incident, taken_at=_at(day, 20, 0),
                            description="当該PCのアカウントを停止し、遠隔消去を指示した。")
