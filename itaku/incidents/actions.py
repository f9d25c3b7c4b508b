from django.utils.translation import gettext_lazy as _

LABELS = {
    "incidents.incident.opened": _("事故を起票しました"),
    "incidents.incident.reported": _("事故の第一報をしました"),
    "incidents.measure.recorded": _("応急措置を記録しました"),
    "incidents.report.submitted": _("事故の詳細報告を提出しました"),
    "incidents.report.accepted": _("事故の詳細報告を受理しました"),
    "incidents.report.returned": _("事故の詳細報告を差し戻しました"),
    "incidents.report.due_set": _("事故の詳細報告の期限を指定しました"),
    "incidents.instruction.issued": _("事故について指示しました"),
    "incidents.publication.decided": _("事故の公表を判断しました"),
    "incidents.ppc.assessed": _("個人情報保護委員会への報告の要否を判断しました"),
    "incidents.ppc.preliminary": _("個人情報保護委員会への速報を記録しました"),
    "incidents.ppc.final": _("個人情報保護委員会への確報を記録しました"),
    "incidents.incident.closed": _("事故を終結しました"),
    "incidents.breach.recorded": _("特記事項の違反を記録しました"),
}

# The data key holding the date of each fact (see itaku.journal.actions).
FACT_DATES = {
    "incidents.incident.opened": "opened_on",
    "incidents.incident.reported": "reported_on",
    "incidents.measure.recorded": "taken_on",
    "incidents.report.submitted": "submitted_on",
    "incidents.report.accepted": "reviewed_on",
    "incidents.report.returned": "reviewed_on",
    "incidents.instruction.issued": "issued_on",
    "incidents.publication.decided": "decided_on",
    "incidents.ppc.assessed": "assessed_on",
    "incidents.incident.closed": "closed_on",
    "incidents.ppc.preliminary": "reported_on",
    "incidents.ppc.final": "reported_on",
    "incidents.breach.recorded": "found_on",
}
