"""Rates that change over time, as tables with effective dates and their legal source."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateKind(models.TextChoices):
    LATE_PAYMENT = "late_payment", _("遅延利息の率（支払遅延防止法8条・昭和24年大蔵省告示第991号）")
    STATUTORY = "statutory", _("法定利率（民法404条）")


class Rate(models.Model):
    """One rate of one kind, in force from ``effective_from`` until the next row of the same kind.

    A row whose rate is not confirmed keeps ``percent`` empty: a calculation that falls in its period
    is refused until an administrator enters the rate with its source.
    """

    kind = models.CharField(_("種類"), max_length=16, choices=RateKind.choices)
    effective_from = models.DateField(_("適用開始日"))
    percent = models.DecimalField(_("年利（%）"), max_digits=6, decimal_places=3, null=True, blank=True)
    source = models.CharField(_("根拠（告示等）"), max_length=200)
    confirmed = models.BooleanField(_("確認済み"), default=False)
    note = models.CharField(_("備考"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="rate_unique_start"),
            models.CheckConstraint(condition=models.Q(percent__isnull=True) | models.Q(percent__gte=0),
                                   name="rate_percent_not_negative"),
        ]
        verbose_name = _("利率")
        verbose_name_plural = _("利率")

    def __str__(self) -> str:
        value = f"{self.percent}%" if self.percent is not None else _("未確認")
        return f"{self.get_kind_display()} {self.effective_from}: {value}"
