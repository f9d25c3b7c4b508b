"""The client side's permission to open a contract's personal-information files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    READ = "read", _("閲覧・ダウンロード")


class AccessGrant(models.Model):
    """A client user's permission to open the files of a contract's datasets, granted (and revoked) by
    the client's administrator: the contract's officer (契約担当). Granting and revoking are journaled;
    a grant is never deleted, only revoked, so the history stays."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="privacy_grants",
                                 verbose_name=_("契約"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="privacy_grants",
                             verbose_name=_("許可された者"))
    kind = models.CharField(_("許可の内容"), max_length=16, choices=AccessKind.choices, default=AccessKind.READ)
    reason = models.TextField(_("理由"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("許可した者"))
    granted_at = models.DateTimeField(_("許可日時"))
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("取り消した者"))
    revoked_at = models.DateTimeField(_("取消日時"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("個人情報の閲覧許可（甲）")
        verbose_name_plural = _("個人情報の閲覧許可（甲）")

    def __str__(self) -> str:
        return f"{self.user} ({self.contract_id})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
