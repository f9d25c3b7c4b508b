from django.utils.translation import gettext_lazy as _

LABELS = {
    "oversight.consultation.recorded": _("協議の結果を記録しました"),
    "oversight.request.issued": _("調査・報告の要求・指示を発出しました"),
    "oversight.response.submitted": _("調査・報告の要求・指示に回答しました"),
    "oversight.request.accepted": _("回答を受理しました"),
    "oversight.request.reopened": _("追加の回答を求めました"),
    "oversight.request.withdrawn": _("調査・報告の要求・指示を取り下げました"),
}
