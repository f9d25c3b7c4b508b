"""The information-asset register of a contract (S-2) with where each asset may be used (S-7), who may use
it (S-8-1) and how it ended (S-8-5, S-8-6). The personal information of annex 1 is not entered here: the
register shows annex 1's datasets as information (kind 2) beside these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AssetKind, AssetOwner, AssetState

__all__ = ["InformationAsset"]


class InformationAsset(models.Model):
    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="information_assets",
                                 verbose_name=_("契約"))
    kind = models.CharField(_("種類"), max_length=16, choices=AssetKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    owner = models.CharField(_("所有権・使用権"), max_length=16, choices=AssetOwner.choices)
    place = models.CharField(_("利用できる場所（甲の指示）"), max_length=200)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True,
                                   verbose_name=_("利用できる者"))
    state = models.CharField(_("状態"), max_length=16, choices=AssetState.choices, default=AssetState.HELD,
                             db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("登録者"))
    registered_at = models.DateTimeField(_("登録日時"))
    closed_on = models.DateField(_("引渡し・廃棄の日"), null=True, blank=True)
    closed_method = models.CharField(_("引渡し先・廃棄の方法"), max_length=300, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("記録した者"))
    consent = models.ForeignKey("consents.ConsentRequest", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("廃棄の承認"))

    class Meta:
        ordering = ["contract_id", "kind", "id"]
        verbose_name = _("情報資産")
        verbose_name_plural = _("情報資産")

    def __str__(self) -> str:
        return self.name
