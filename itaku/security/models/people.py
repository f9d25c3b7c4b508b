"""The contractor's people under annex 2: the security officer (S-3), the written notices of the officer
and the workers to the client (S-3, S-4; the workers and their employment are annex 1's F-P, entered once),
premises entry (S-4-3) and the security topic of a training session (S-5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["SecurityOfficerAppointment", "PeopleNotice", "PremisesEntry", "SecurityEducation"]

USER = settings.AUTH_USER_MODEL


class SecurityOfficerAppointment(models.Model):
    """S-3: the person responsible for the contract's information security (セキュリティ責任者), from a day;
    the current one has no end."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="security_officers",
                                 verbose_name=_("契約"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("セキュリティ責任者"))
    contact = models.CharField(_("連絡先"), max_length=200, blank=True)
    starts_on = models.DateField(_("就任日"))
    ends_on = models.DateField(_("退任日"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["contract", "-starts_on", "-id"]
        verbose_name = _("セキュリティ責任者")
        verbose_name_plural = _("セキュリティ責任者")

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on}"


class PeopleNotice(models.Model):
    """S-3, S-4: the written notice (書面) to the client of the security officer and the workers, as they
    stand when it is submitted; each change makes a new one, received by the client's officer."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="security_notices",
                                 verbose_name=_("契約"))
    number = models.PositiveIntegerField(_("番号"))
    submitted_on = models.DateField(_("通知日"))
    submitted_at = models.DateTimeField(_("通知の記録日時"))
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("通知者"))
    content = models.JSONField(_("通知した内容"), default=dict)
    received_on = models.DateField(_("受領日"), null=True, blank=True)
    received_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("受領者"))

    class Meta:
        ordering = ["contract", "-number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="security_notice_unique_number")]
        verbose_name = _("セキュリティ責任者・従事者の通知")
        verbose_name_plural = _("セキュリティ責任者・従事者の通知")

    def __str__(self) -> str:
        return f"{self.contract} No.{self.number}"


class PremisesEntry(models.Model):
    """S-4-3: a worker who enters the client's premises carries the contractor's ID card and wears a name
    badge; where entry is controlled, follows the client's instructions (acknowledged by the worker)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="premises_entries",
                                 verbose_name=_("契約"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("立ち入る従事者"))
    premises = models.CharField(_("立ち入る庁舎等"), max_length=200)
    id_card_number = models.CharField(_("身分証明書の番号"), max_length=50)
    id_card_issued_on = models.DateField(_("身分証明書の発行日"))
    badge_issued = models.BooleanField(_("事業者名記章・名札を交付した"), default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))
    instructions = models.TextField(_("甲の入退室管理の指示"), blank=True)
    acknowledged_on = models.DateField(_("指示の確認日"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("指示の確認の記録日時"), null=True, blank=True)

    class Meta:
        ordering = ["contract", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "user"], name="premises_entry_unique_person")]
        verbose_name = _("庁舎等への立入り")
        verbose_name_plural = _("庁舎等への立入り")

    def __str__(self) -> str:
        return f"{self.user} {self.premises}"

    @property
    def ready(self) -> bool:
        """Carries the ID card and the badge and acknowledged the entry-control instructions (S-4-3)."""
        return self.badge_issued and self.acknowledged_on is not None


class SecurityEducation(models.Model):
    """S-5: a training session of annex 1 (P-4-2) that also is the security education, with its topic."""

    session = models.OneToOneField("personnel.TrainingSession", on_delete=models.PROTECT, related_name="security",
                                   verbose_name=_("教育・研修"))
    topic = models.CharField(_("情報セキュリティ教育の主題"), max_length=200)
    covers_annex = models.BooleanField(_("セキュリティ特記事項の遵守を含む"), default=True)

    class Meta:
        ordering = ["session"]
        verbose_name = _("情報セキュリティ教育")
        verbose_name_plural = _("情報セキュリティ教育")

    def __str__(self) -> str:
        return self.topic
