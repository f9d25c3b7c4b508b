"""Consultations (K-1, K-20) and the client's investigations, report requests and instructions (K-10,
and the annexes' P-10, P-11, S-11, S-12 through the same models)."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role
from itaku.core.storage import StoredFileField

from .choices import (
    ADDRESSED_ROLE_CHOICES,
    DEFAULT_DUE_DAYS,
    ComplianceInterval,
    ComplianceState,
    ConsultationClause,
    OversightClause,
    RequestKind,
    RequestState,
)


def _name(filename: str) -> str:
    return PurePath(filename).name


def consultation_document_path(instance, filename: str) -> str:
    return f"oversight/{instance.consultation.contract_id}/consultations/{_name(filename)}"


def response_file_path(instance, filename: str) -> str:
    return f"oversight/{instance.response.request.contract_id}/responses/{_name(filename)}"


class Consultation(models.Model):
    """What the parties agreed in a consultation (協議) on a matter the contract leaves open."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="consultations",
                                 verbose_name=_("契約"))
    clause_id = models.CharField(_("条項"), max_length=32, choices=ConsultationClause.choices)
    topic = models.CharField(_("協議事項"), max_length=200)
    held_on = models.DateField(_("協議日"))
    participants = models.TextField(_("出席者"), help_text=_("甲・乙の出席者の所属・氏名"))
    participant_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                               verbose_name=_("出席した関係者"))
    outcome = models.TextField(_("協議の結果（合意事項）"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("協議")
        verbose_name_plural = _("協議")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:consultation_detail", args=[self.contract_id, self.pk])


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="documents",
                                     verbose_name=_("協議"))
    file = StoredFileField(_("資料"), upload_to=consultation_document_path, max_length=300, sha256_field="sha256")
    name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大きさ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("協議の資料")
        verbose_name_plural = _("協議の資料")

    def __str__(self) -> str:
        return self.name


class OversightRequest(models.Model):
    """An investigation, a request for a report, or an instruction from the client (K-10 and the annexes)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="oversight_requests",
                                 verbose_name=_("契約"))
    clause_id = models.CharField(_("条項"), max_length=32, choices=OversightClause.choices)
    kind = models.CharField(_("種別"), max_length=16, choices=RequestKind.choices)
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("内容"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("発出者"))
    issued_on = models.DateField(_("発出日"))
    due_on = models.DateField(_("回答期限"))
    addressed_role = models.CharField(_("宛先"), max_length=32, choices=ADDRESSED_ROLE_CHOICES,
                                      default=Role.REPRESENTATIVE)
    state = models.CharField(_("状態"), max_length=16, choices=RequestState.choices, default=RequestState.OPEN)
    closed_on = models.DateField(_("受理・取下げの日"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("受理・取下げの記録者"))
    withdrawn_reason = models.TextField(_("取下げの理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["contract", "state"], name="oversight_request_state")]
        verbose_name = _("調査・報告の要求・指示")
        verbose_name_plural = _("調査・報告の要求・指示")

    def __str__(self) -> str:
        return f"{self.clause_id} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:request_detail", args=[self.contract_id, self.pk])


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("受理")
    MORE_REQUESTED = "more_requested", _("追加の回答を求めた")


class OversightResponse(models.Model):
    """The contractor's response to a request; the officer accepts it or asks for more."""

    request = models.ForeignKey(OversightRequest, on_delete=models.PROTECT, related_name="responses",
                                verbose_name=_("要求"))
    body = models.TextField(_("回答"))
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("回答者"))
    responded_on = models.DateField(_("回答日"))
    review = models.CharField(_("甲の確認"), max_length=16, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(_("甲の所見"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("確認者"))
    reviewed_on = models.DateField(_("確認日"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["responded_on", "id"]
        verbose_name = _("回答")
        verbose_name_plural = _("回答")

    def __str__(self) -> str:
        return f"{self.responded_on} {self.request}"


class ResponseFile(models.Model):
    response = models.ForeignKey(OversightResponse, on_delete=models.PROTECT, related_name="files",
                                 verbose_name=_("回答"))
    file = StoredFileField(_("添付ファイル"), upload_to=response_file_path, max_length=300, sha256_field="sha256")
    name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大きさ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("回答の添付ファイル")
        verbose_name_plural = _("回答の添付ファイル")

    def __str__(self) -> str:
        return self.name


class ComplianceSchedule(models.Model):
    """How often the contractor reports its compliance with annex 1 (P-10-1): every ``interval`` months over
    the contract's term, each report due ``due_days`` after its period ends. Set by the client's officer."""

    contract = models.OneToOneField("contracts.Contract", on_delete=models.PROTECT, related_name="compliance_schedule",
                                    verbose_name=_("契約"))
    interval = models.PositiveSmallIntegerField(_("報告の間隔"), choices=ComplianceInterval.choices,
                                                default=ComplianceInterval.MONTHLY)
    due_days = models.PositiveSmallIntegerField(_("期間の末日から提出期限までの日数"), default=DEFAULT_DUE_DAYS)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("設定者"))
    set_on = models.DateField(_("設定日"))

    class Meta:
        verbose_name = _("遵守状況報告の予定")
        verbose_name_plural = _("遵守状況報告の予定")

    def __str__(self) -> str:
        return f"{self.contract} {self.get_interval_display()}"


class ComplianceReport(models.Model):
    """A periodic report of compliance with annex 1 (遵守状況報告, P-10-1): drafted by Itaku from what it
    knows (``facts``), completed and submitted by the contractor's privacy officer, acknowledged or returned
    by the client's officer."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="compliance_reports",
                                 verbose_name=_("契約"))
    period_start = models.DateField(_("対象期間（開始）"))
    period_end = models.DateField(_("対象期間（終了）"))
    due_on = models.DateField(_("提出期限"))
    state = models.CharField(_("状態"), max_length=16, choices=ComplianceState.choices, default=ComplianceState.DUE,
                             db_index=True)
    facts = models.JSONField(_("システムが把握している事項"), default=dict, blank=True)
    body = models.TextField(_("報告の内容"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("提出者"))
    submitted_on = models.DateField(_("提出日"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("確認者"))
    reviewed_on = models.DateField(_("確認日"), null=True, blank=True)
    review_note = models.TextField(_("甲の所見"), blank=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [models.UniqueConstraint(fields=["contract", "period_start"], name="oversight_compliance_period")]
        verbose_name = _("遵守状況報告")
        verbose_name_plural = _("遵守状況報告")

    def __str__(self) -> str:
        return f"{self.contract} {self.period_start}〜{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:compliance_detail", args=[self.contract_id, self.pk])


class PrivacyDeclaration(models.Model):
    """The contractor's published declaration of its privacy-protection policy (個人情報保護方針, P-14):
    where it is published (a URL or a place) and since when. Recorded per contractor organisation; the
    newest one is shown on each of its contracts."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="privacy_declarations", verbose_name=_("乙"))
    where = models.CharField(_("公表の場所（URL又は掲示場所）"), max_length=500)
    published_on = models.DateField(_("公表日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("個人情報保護方針の公表")
        verbose_name_plural = _("個人情報保護方針の公表")

    def __str__(self) -> str:
        return f"{self.organisation} {self.where}"
