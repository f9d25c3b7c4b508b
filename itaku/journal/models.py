from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Event(models.Model):
    """One append-only entry of the hash-chained journal."""

    seq = models.PositiveBigIntegerField(_("番号"), unique=True)
    at = models.DateTimeField(_("日時"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("実行者"), max_length=150, blank=True)
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    clause_id = models.CharField(_("条項"), max_length=32, blank=True)
    action = models.CharField(_("操作"), max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ジャーナルの記録")
        verbose_name_plural = _("ジャーナル")
        indexes = [models.Index(fields=["contract", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class ChainHead(models.Model):
    """The single row that serialises appends: writers lock it, read the head, and move it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"
