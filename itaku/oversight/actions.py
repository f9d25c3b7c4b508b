from django.utils.translation import gettext_lazy as _

LABELS = {
    "oversight.consultation.recorded": _("協議の結果を記録しました"),
    "oversight.request.issued": _("調査・報告の要求・指示を発出しました"),
    "oversight.response.submitted": _("調査・報告の要求・指示に回答しました"),
    "oversight.request.accepted": _("回答を受理しました"),
    "oversight.request.reopened": _("追加の回答を求めました"),
    "oversight.request.withdrawn": _("調査・報告の要求・指示を取り下げました"),
    "oversight.compliance.scheduled": _("遵守状況報告の予定を定めました"),
    "oversight.compliance.submitted": _("遵守状況報告を提出しました"),
    "oversight.compliance.acknowledged": _("遵守状況報告を確認しました"),
    "oversight.compliance.returned": _("遵守状況報告を差し戻しました"),
    "oversight.declaration.recorded": _("個人情報保護宣言の公表を記録しました"),
}

# The data key holding the date of each fact (see itaku.journal.actions).
FACT_DATES = {
    "oversight.consultation.recorded": "held_on",
    "oversight.request.issued": "issued_on",
    "oversight.response.submitted": "responded_on",
    "oversight.request.accepted": "on",
    "oversight.request.reopened": "on",
    "oversight.request.withdrawn": "on",
    "oversight.compliance.submitted": "submitted_on",
    "oversight.compliance.acknowledged": "reviewed_on",
    "oversight.compliance.returned": "reviewed_on",
    "oversight.declaration.recorded": "published_on",
}
