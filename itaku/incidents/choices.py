"""The choices of incidents (P-12, S-13) and breaches (P-13, S-14), declared once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """Which annex the incident falls under: one workflow for both (P-12 and S-13 say the same)."""
    PRIVACY = "privacy", _("個人情報（P-12）")
    SECURITY = "security", _("情報セキュリティ（S-13）")
    BOTH = "both", _("個人情報及び情報セキュリティ（P-12・S-13）")


CLAUSES = {Scope.PRIVACY: "P-12", Scope.SECURITY: "S-13", Scope.BOTH: "P-12"}


class Nature(models.TextChoices):
    # P-12: 漏えい、滅失又はき損; S-13: 情報漏えい、改ざん、紛失、破壊
    LEAK = "leak", _("漏えい")
    TAMPERING = "tampering", _("改ざん")
    LOSS = "loss", _("滅失・紛失")
    DESTRUCTION = "destruction", _("き損・破壊")
    OTHER = "other", _("その他")


class IncidentState(models.TextChoices):
    OPEN = "open", _("対応中")
    CLOSED = "closed", _("終結")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("提出済")
    RETURNED = "returned", _("差戻し")
    ACCEPTED = "accepted", _("受理")


class ReviewDecision(models.TextChoices):
    ACCEPT = "accept", _("受理する")
    RETURN = "return", _("差し戻す（追加の報告を求める）")


class Publication(models.TextChoices):
    UNDECIDED = "", _("未決定")
    PUBLISH = "publish", _("公表する")
    NOT_PUBLISH = "not_publish", _("公表しない")


class Remedy(models.TextChoices):
    """P-13, S-14: 契約の解除又は損害賠償若しくは履行代金の減額."""
    TERMINATION = "termination", _("契約の解除")
    DAMAGES = "damages", _("損害賠償の請求")
    PRICE_REDUCTION = "price_reduction", _("履行代金の減額")


class BreachBasis(models.TextChoices):
    PRIVACY = "P-13", _("P-13 個人情報取扱特記事項の違反")
    SECURITY = "S-14", _("S-14 セキュリティ特記事項の違反")


class BreachFoundIn(models.TextChoices):
    INCIDENT = "incident", _("事故")
    INVESTIGATION = "investigation", _("調査")
    OTHER = "other", _("その他")


# The obligations an incident opens (itaku.obligations kinds).
FIRST_REPORT_KIND = "incidents.first_report"
DETAIL_KIND = "incidents.detailed_report"
PPC_PRELIMINARY_KIND = "incidents.ppc_preliminary"
PPC_FINAL_KIND = "incidents.ppc_final"
