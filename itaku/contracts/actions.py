from django.utils.translation import gettext_lazy as _  # noqa: F401

LABELS = {}

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
