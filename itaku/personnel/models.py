"""The contractor's responsibility for the contract's personal information (annex 1).

- :class:`ResponsibilityReport`: the report (責任体制報告書, form F-P, P-3) of one organisation on one
  contract: the contractor, or a subcontractor attached through an approved consent (P-9-4, reported
  through the contractor). Its :class:`ReportVersion` s are kept for ever: each change of the people
  makes a new version that the client's officer must accept again.
- :class:`ReportEntry`: a person a version names, as 個人情報保護責任者 or 作業従事者.
- :class:`Briefing`: a person's dated acknowledgement of P-4 (1)–(3), with the text acknowledged.
- :class:`DispatchConfirmation`: a dispatched worker's dispatch contract carries the secrecy duty (P-6-2).
- :class:`TrainingSession`: education and training with its attendees (P-4-2).
- :class:`Pledge`: a confidentiality pledge that continues after the contract ends (K-7, P-2).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Employment, EntryRole, VersionState

USER = settings.AUTH_USER_MODEL


class ResponsibilityReport(models.Model):
    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="responsibility_reports",
                                 verbose_name=_("契約"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("報告する組織"))
    subcontractor = models.ForeignKey("consents.Subcontractor", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="responsibility_reports", verbose_name=_("再委託先"))
    created_at = models.DateTimeField(_("作成の記録日時"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("作成者"))

    class Meta:
        ordering = ["contract", "subcontractor", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "organisation"],
                                               name="responsibility_report_unique_organisation")]
        verbose_name = _("責任体制報告書")
        verbose_name_plural = _("責任体制報告書")

    def __str__(self) -> str:
        return f"{self.organisation} / {self.contract}"

    @property
    def is_subcontractor(self) -> bool:
        return self.subcontractor_id is not None


class ReportVersion(models.Model):
    report = models.ForeignKey(ResponsibilityReport, on_delete=models.PROTECT, related_name="versions",
                               verbose_name=_("責任体制報告書"))
    number = models.PositiveIntegerField(_("版"))
    state = models.CharField(_("状態"), max_length=16, choices=VersionState.choices, default=VersionState.DRAFT,
                             db_index=True)
    section_name = models.CharField(_("所属名（宛先）"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("作成の記録日時"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("作成者"))
    submitted_on = models.DateField(_("報告日"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提出の記録日時"), null=True, blank=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("提出者"))
    decided_on = models.DateField(_("受理・差戻しの日"), null=True, blank=True)
    decided_at = models.DateTimeField(_("受理・差戻しの記録日時"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("受理・差戻しをした者"))
    comment = models.TextField(_("差戻しの理由・所見"), blank=True)
    content_sha256 = models.CharField(_("提出内容のハッシュ"), max_length=64, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number")]
        verbose_name = _("責任体制報告書の版")
        verbose_name_plural = _("責任体制報告書の版")

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    @property
    def contract_id(self) -> int:
        return self.report.contract_id


class ReportEntry(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="entries",
                                verbose_name=_("版"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="responsibility_entries",
                             verbose_name=_("利用者"))
    role = models.CharField(_("区分"), max_length=16, choices=EntryRole.choices)
    affiliation = models.CharField(_("所属・役職"), max_length=100)
    name = models.CharField(_("氏名"), max_length=100)
    contact = models.CharField(_("連絡先"), max_length=200, blank=True)
    employment = models.CharField(_("雇用形態"), max_length=16, choices=Employment.choices,
                                  default=Employment.EMPLOYEE)
    position = models.PositiveSmallIntegerField(_("順序"), default=0)

    class Meta:
        ordering = ["version", "role", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "user", "role"], name="report_entry_unique_role")]
        verbose_name = _("報告された者")
        verbose_name_plural = _("報告された者")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class Briefing(models.Model):
    """A person's acknowledgement of P-4 (1)–(3) for one contract (once; the text is kept as shown)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="briefings",
                                 verbose_name=_("契約"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="briefings", verbose_name=_("周知を受けた者"))
    acknowledged_on = models.DateField(_("確認日"))
    acknowledged_at = models.DateTimeField(_("確認の記録日時"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("記録者"))
    text = models.JSONField(_("周知した事項"), default=list)
    text_sha256 = models.CharField(_("周知した事項のハッシュ"), max_length=64)

    class Meta:
        ordering = ["contract", "acknowledged_on", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "user"], name="briefing_unique_person")]
        verbose_name = _("周知の確認")
        verbose_name_plural = _("周知の確認")

    def __str__(self) -> str:
        return f"{self.user} {self.acknowledged_on}"


class DispatchConfirmation(models.Model):
    """P-6-2: the dispatch contract (労働者派遣契約書) of a dispatched worker states the secrecy duty."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="dispatch_confirmations",
                                 verbose_name=_("契約"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("派遣労働者"))
    agency = models.CharField(_("派遣元事業主"), max_length=200)
    reference = models.CharField(_("労働者派遣契約書の該当箇所"), max_length=200)
    confirmed_on = models.DateField(_("確認日"))
    confirmed_at = models.DateTimeField(_("確認の記録日時"))
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("確認者"))

    class Meta:
        ordering = ["contract", "confirmed_on", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "user"], name="dispatch_confirmation_unique")]
        verbose_name = _("派遣契約の確認")
        verbose_name_plural = _("派遣契約の確認")

    def __str__(self) -> str:
        return f"{self.user} {self.confirmed_on}"


class TrainingSession(models.Model):
    """P-4-2: education and training of those who handle the personal information."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="training_sessions",
                                 verbose_name=_("契約"))
    held_on = models.DateField(_("実施日"))
    content = models.TextField(_("内容"))
    attendees = models.ManyToManyField(USER, related_name="+", verbose_name=_("受講者"))
    recorded_at = models.DateTimeField(_("記録日時"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("記録者"))

    class Meta:
        ordering = ["contract", "-held_on", "-id"]
        verbose_name = _("教育・研修")
        verbose_name_plural = _("教育・研修")

    def __str__(self) -> str:
        return f"{self.held_on} {self.content[:20]}"


class Pledge(models.Model):
    """K-7, P-2: a person's confidentiality pledge for a contract; it continues after the contract ends."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="pledges",
                                 verbose_name=_("契約"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("誓約者"))
    pledged_on = models.DateField(_("誓約日"))
    pledged_at = models.DateTimeField(_("誓約の記録日時"))
    text = models.TextField(_("誓約の文言"))
    text_sha256 = models.CharField(_("誓約の文言のハッシュ"), max_length=64)

    class Meta:
        ordering = ["contract", "pledged_on", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "user"], name="pledge_unique_person")]
        verbose_name = _("秘密保持の誓約")
        verbose_name_plural = _("秘密保持の誓約")

    def __str__(self) -> str:
        return f"{self.user} {self.pledged_on}"
