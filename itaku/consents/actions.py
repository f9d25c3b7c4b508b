from django.utils.translation import gettext_lazy as _

LABELS = {
    "consents.request.submitted": _("承諾を申請しました"),
    "consents.request.withdrawn": _("承諾の申請を取り下げました"),
    "consents.request.approved": _("承諾しました"),
    "consents.request.refused": _("承諾しないことを決定しました"),
    "consents.subcontractor.attached": _("再委託先を登録しました"),
    "consents.contract.assigned": _("契約上の地位を譲受人に移しました"),
    "consents.takeout.returned": _("持ち出した個人情報の返却を記録しました"),
    "consents.copy.made": _("個人情報の複製を作成しました"),
    "consents.copy.disposed": _("個人情報の複製物の廃棄を記録しました"),
}

# The data key holding the date of each fact (see itaku.journal.actions).
FACT_DATES = {
    "consents.request.submitted": "submitted_on",
    "consents.request.approved": "decided_on",
    "consents.request.refused": "decided_on",
    "consents.subcontractor.attached": "attached_on",
    "consents.contract.assigned": "assigned_on",
    "consents.takeout.returned": "returned_on",
    "consents.copy.made": "made_on",
    "consents.copy.disposed": "disposed_on",
}
