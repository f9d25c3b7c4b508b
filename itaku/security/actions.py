"""What each of annex 2's journal actions means to a person (the timeline 「経過」), and the key of the
event's data holding the date of the fact (see itaku.journal.actions)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "security.policy.recorded": _("適用する情報セキュリティの規程の版を記録しました"),
    "security.asset.registered": _("情報資産を台帳に登録しました"),
    "security.asset.handed_over": _("情報資産を甲に引き渡しました"),
    "security.asset.disposed": _("情報資産を廃棄しました"),
    "security.officer.appointed": _("セキュリティ責任者を定めました"),
    "security.notice.submitted": _("セキュリティ責任者・作業従事者を甲に通知しました"),
    "security.notice.received": _("セキュリティ責任者・作業従事者の通知を受領しました"),
    "security.premises.recorded": _("甲の施設への立入り（身分証・名札）を記録しました"),
    "security.premises.acknowledged": _("入退室管理の指示を確認しました"),
    "security.education.recorded": _("情報セキュリティ教育を記録しました"),
    "security.declaration.recorded": _("情報セキュリティ宣言の公表を記録しました"),
    "security.questionnaire.issued": _("調査シートの様式（設問）を改定しました"),
    "security.sheet.drafted": _("調査シートを作成しました"),
    "security.sheet.answered": _("調査シートに回答しました"),
    "security.sheet.measures_saved": _("調査シートの対策を記入しました"),
    "security.sheet.submitted": _("調査シートを提出しました"),
    "security.sheet.accepted": _("調査シートを受理しました"),
    "security.sheet.returned": _("調査シートを差し戻しました"),
}

FACT_DATES = {
    "security.policy.recorded": "dated_on",
    "security.asset.handed_over": "on",
    "security.asset.disposed": "on",
    "security.officer.appointed": "starts_on",
    "security.notice.submitted": "submitted_on",
    "security.notice.received": "received_on",
    "security.premises.recorded": "id_card_issued_on",
    "security.premises.acknowledged": "acknowledged_on",
    "security.declaration.recorded": "published_on",
    "security.sheet.submitted": "submitted_on",
    "security.sheet.accepted": "decided_on",
    "security.sheet.returned": "decided_on",
}
