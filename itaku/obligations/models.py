"""Every due date in the system is an obligation: who owes what, on which contract, by when, and why."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import OrganisationKind, Role


class ObligationState(models.TextChoices):
    OPEN = "open", _("未了")
    MET = "met", _("完了")
    WAIVED = "waived", _("免除")


# What selectors show: an open obligation past its due date is overdue.
OVERDUE = "overdue"
STATUS_LABELS = {**dict(ObligationState.choices), OVERDUE: _("期限超過")}


class Obligation(models.Model):
    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="obligations",
                                 verbose_name=_("契約"))
    clause_id = models.CharField(_("条項ID"), max_length=32)
    kind = models.CharField(_("種類"), max_length=64, help_text=_("例: contracts.inspection"))
    title = models.CharField(_("内容"), max_length=300)
    side = models.CharField(_("義務を負う者"), max_length=16, choices=OrganisationKind.choices)
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="assigned_obligations", verbose_name=_("担当者"))
    due_on = models.DateField(_("期限"))
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    state = models.CharField(_("状態"), max_length=16, choices=ObligationState.choices,
                             default=ObligationState.OPEN)
    closed_on = models.DateField(_("完了・免除の日"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("完了・免除の記録者"))
    waived_reason = models.TextField(_("免除の理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="obligation_state_due"),
            # Every list of obligations is ordered by due date then id: a page of 50 reads 50 index entries
            # instead of sorting every obligation the user may see.
            models.Index(fields=["due_on", "id"], name="obligation_due_id"),
            models.Index(fields=["source_type", "source_id"], name="obligation_source"),
            # One contract's obligations by due date (its 期限 section, the API's ?contract=).
            models.Index(fields=["contract", "due_on", "id"], name="obligation_contract_due"),
        ]
        verbose_name = _("期限")
        verbose_name_plural = _("期限")

    def __str__(self) -> str:
        return f"{self.due_on} {self.title}"


class CalendarFeed(models.Model):
    """A user's private iCal feed: the token in its URL is the only key; it can be revoked."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("カレンダー配信")
        verbose_name_plural = _("カレンダー配信")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("obligations:feed", args=[self.token])


class ReminderDigest(models.Model):
    """One reminder mail to one user on one day: the second run on the same day sends nothing new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests")
    sent_on = models.DateField()
    obligations = models.ManyToManyField(Obligation, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_once_a_day")]
        verbose_name = _("期限の通知")
        verbose_name_plural = _("期限の通知")

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"
