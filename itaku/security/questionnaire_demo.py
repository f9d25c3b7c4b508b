"""The self-assessment sheet (F-S) in the demo, through the services; loading twice changes nothing.

- "seed": version 1 submitted on 令和5年6月2日 and returned on 6月6日 with a comment (and one on item 17);
  version 2 submitted on 6月9日 and accepted on 6月12日, with one いいえ (item 23, 外部監査) and its remedy
  (an external audit planned by 令和5年12月28日), which became the contractor's obligation.
- "other": the other contractor's sheet, submitted and accepted, with its いいえ on item 24 (公的認証), so the
  client's view across contractors compares two sheets.
"""

import datetime as dt

from .models import SheetVersion
from .questionnaire_choices import Result
from .questionnaire_services import answers_save, measures_save, sheet_draft, sheet_review, sheet_submit

D = dt.date
MEASURES = {
    "storage": "紙の資料は施錠できる書庫に保管し、電子データは暗号化した社内サーバーに保存する（サンプル）。",
    "takeout": "情報資産の持ち出しは甲の承認を得た場合に限り、暗号化した媒体を用いる（サンプル）。",
    "return_disposal": "業務終了時に甲の指示に従い返還し、廃棄は復元できない方法で行い記録を残す（サンプル）。",
    "education": "着手前と年1回、セキュリティ特記事項と社内規程の研修を行う（サンプル）。",
    "other": "",
}


def _all_yes(version, overrides):
    answers = {}
    for answer in version.answers.select_related("item__category"):
        if answer.result == Result.NOT_APPLICABLE:
            continue
        answers[answer.item.number] = overrides.get(answer.item.number, {"result": Result.YES, "remark": "",
                                                                          "target_on": None})
    return answers


def _sheet(users, contract, rep, steps) -> None:
    if SheetVersion.objects.filter(sheet__contract=contract).exists():
        return
    for submitted_on, decided_on, overrides, accept, comment, item_comments in steps:
        draft = sheet_draft(actor=rep, contract=contract)
        answers_save(actor=rep, version=draft, answers=_all_yes(draft, overrides))
        measures_save(actor=rep, version=draft, measures=MEASURES)
        version = sheet_submit(actor=rep, version=draft, on=submitted_on)
        sheet_review(actor=users["officer"], version=version, accept=accept, comment=comment,
                     item_comments=item_comments, on=decided_on)


def load(users, contracts, today: dt.date) -> None:
    audit = {"result": Result.NO, "remark": "外部監査は未実施。令和5年度中に外部の情報セキュリティ監査を受ける"
                                            "予定（サンプル）。", "target_on": D(2023, 12, 28)}
    _sheet(users, contracts["seed"], users["rep"], [
        (D(2023, 6, 2), D(2023, 6, 6), {17: {"result": Result.NO, "remark": "検討中", "target_on": D(2023, 9, 30)}},
         False, "項目17の対策が具体的でありません。研修の実施時期と内容を記入してください。",
         {17: "「検討中」ではなく、研修の時期と内容を記入してください。"}),
        (D(2023, 6, 9), D(2023, 6, 12), {23: audit}, True, "", {23: "監査の結果を報告してください。"}),
    ])
    other = contracts["other"]
    certification = {"result": Result.NO, "remark": "ISMS認証の取得に向けて準備中（サンプル）。",
                     "target_on": D(2025, 3, 31)}
    _sheet(users, other, users["outsider"], [
        (D(2024, 5, 20), D(2024, 5, 24), {24: certification}, True, "", {}),
    ])
