"""The client's documents the contractor complies with (S-1), per template, each version dated, and the
contractor's security declaration (S-15)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import PolicyKind

__all__ = ["PolicyDocument", "SecurityDeclaration"]


class PolicyDocument(models.Model):
    template = models.ForeignKey("contracts.ContractTemplate", on_delete=models.PROTECT,
                                 related_name="security_policies", verbose_name=_("契約書のひな形"))
    kind = models.CharField(_("文書"), max_length=16, choices=PolicyKind.choices)
    version = models.CharField(_("版"), max_length=100)
    dated_on = models.DateField(_("制定・改正日"))
    reference = models.CharField(_("所在（URL等）"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["template", "kind", "-dated_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["template", "kind", "dated_on"],
                                               name="security_policy_unique_version")]
        verbose_name = _("情報セキュリティポリシー")
        verbose_name_plural = _("情報セキュリティポリシー")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class SecurityDeclaration(models.Model):
    """S-15: where the contractor publishes its information-security declaration and since when."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="security_declarations", verbose_name=_("乙"))
    where = models.CharField(_("公表の場所（URL又は掲示場所）"), max_length=500)
    published_on = models.DateField(_("公表日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("情報セキュリティ宣言の公表")
        verbose_name_plural = _("情報セキュリティ宣言の公表")

    def __str__(self) -> str:
        return f"{self.organisation} {self.where}"
