from django.utils.translation import gettext_lazy as _

LABELS = {
    "personnel.report.drafted": _("責任体制報告書の新しい版を作成しました"),
    "personnel.entry.saved": _("責任体制報告書に記載しました"),
    "personnel.entry.removed": _("責任体制報告書から記載を削除しました"),
    "personnel.report.submitted": _("責任体制報告書を提出しました"),
    "personnel.report.accepted": _("責任体制報告書を受理しました"),
    "personnel.report.returned": _("責任体制報告書を差し戻しました"),
    "personnel.briefing.acknowledged": _("個人情報取扱特記事項の周知を確認しました"),
    "personnel.dispatch.confirmed": _("労働者派遣契約書の秘密保持義務を確認しました"),
    "personnel.training.recorded": _("教育・研修を記録しました"),
    "personnel.pledge.signed": _("秘密保持を誓約しました"),
}

# The data key holding the date of each fact (see itaku.journal.actions).
FACT_DATES = {
    "personnel.report.submitted": "submitted_on",
    "personnel.report.accepted": "decided_on",
    "personnel.report.returned": "decided_on",
    "personnel.briefing.acknowledged": "acknowledged_on",
    "personnel.dispatch.confirmed": "confirmed_on",
    "personnel.training.recorded": "held_on",
    "personnel.pledge.signed": "pledged_on",
}
