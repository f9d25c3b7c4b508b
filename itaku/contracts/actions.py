from django.utils.translation import gettext_lazy as _

LABELS = {
    # K-11, K-12, K-13, K-17 (lifecycle/services)
    "contracts.completion.reported": _("完了を報告しました"),
    "contracts.rework.reported": _("手直しの完了を報告しました"),
    "contracts.inspection.passed": _("検査に合格しました"),
    "contracts.inspection.failed": _("検査で不合格とし、手直しを求めました"),
    "contracts.invoice.received": _("請求書を受理しました"),
    "contracts.invoice.returned": _("請求書を返戻しました"),
    "contracts.payment.recorded": _("支払を記録しました"),
    "contracts.penalty.assessed": _("延滞違約金を決定しました"),
    "contracts.penalty.settled": _("延滞違約金の精算を記録しました"),
    "contracts.contract.closed": _("契約を完結しました"),
    "contracts.performed_part.recorded": _("既履行部分契約額を記録しました"),
}
# Termination and its effects (K-14 … K-16).
LABELS.update({
    "contracts.termination.terminated": _("契約を解除しました"),
    "contracts.termination.penalty_settled": _("違約金の精算を記録しました"),
    "contracts.force_majeure.submitted": _("不可抗力による解除請求を提出しました"),
    "contracts.force_majeure.investigating": _("解除請求の調査を開始しました"),
    "contracts.force_majeure.approved": _("解除請求を承認し、契約を解除しました"),
    "contracts.force_majeure.refused": _("解除請求を承認しませんでした"),
    "contracts.damage.recorded": _("損害を記録しました"),
})

# The data key holding the date of each fact (see itaku.journal.actions).
FACT_DATES = {
    "contracts.completion.reported": "reported_on",
    "contracts.rework.reported": "reported_on",
    "contracts.inspection.passed": "inspected_on",
    "contracts.inspection.failed": "inspected_on",
    "contracts.invoice.received": "received_on",
    "contracts.invoice.returned": "received_on",
    "contracts.payment.recorded": "paid_on",
    "contracts.penalty.assessed": "decided_on",
    "contracts.penalty.settled": "settled_on",
    "contracts.performed_part.recorded": "recorded_on",
    "contracts.termination.terminated": "terminated_on",
    "contracts.termination.penalty_settled": "settled_on",
    "contracts.force_majeure.submitted": "submitted_on",
    "contracts.force_majeure.investigating": "investigated_on",
    "contracts.force_majeure.approved": "decided_on",
    "contracts.force_majeure.refused": "decided_on",
    "contracts.damage.recorded": "occurred_on",
}
