"""Completion, inspection, rework (K-11), invoice and payment (K-12), the late-completion penalty (K-13)
and the parts performed before a termination (K-17). Records are kept: nothing here is deleted."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itaku.core.storage import StoredFileField

# 支払遅延防止法 5条: the client inspects within 10 days of the notice that the work (or the rework) is done.
INSPECTION_DAYS = 10
# 支払遅延防止法 6条 and K-12: payment within 30 days of a proper invoice.
PAYMENT_DAYS = 30


class ReportKind(models.TextChoices):
    COMPLETION = "completion", _("完了報告")
    REWORK = "rework", _("手直し完了報告")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格（手直し）")


class InvoiceState(models.TextChoices):
    RECEIVED = "received", _("受理（適法な請求）")
    RETURNED = "returned", _("返戻（不適法な請求）")


class PenaltyBase(models.TextChoices):
    AMOUNT = "amount", _("契約額")
    UNPERFORMED = "unperformed", _("未履行部分に相当する額")


class Settlement(models.TextChoices):
    UNSETTLED = "unsettled", _("未精算")
    PAID = "paid", _("納付")
    SET_OFF = "set_off", _("契約額から相殺")


PROTECT = models.PROTECT


class CompletionReport(models.Model):
    """The contractor's report that the work (or a completed part, or the rework) is finished (K-11)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=PROTECT, related_name="completion_reports",
                                 verbose_name=_("契約"))
    kind = models.CharField(_("種類"), max_length=16, choices=ReportKind.choices, default=ReportKind.COMPLETION)
    rework_of = models.ForeignKey("contracts.Inspection", null=True, blank=True, on_delete=PROTECT,
                                  related_name="rework_reports", verbose_name=_("手直しを求めた検査"))
    reported_on = models.DateField(_("報告日"))
    summary = models.TextField(_("報告の概要"))
    partial = models.BooleanField(_("既履行部分の報告"), default=False,
                                  help_text=_("業務の一部（完了した部分）の報告（K-17）"))
    part_description = models.CharField(_("完了した部分"), max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+",
                                    verbose_name=_("報告者"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "id"]
        verbose_name = _("完了報告")
        verbose_name_plural = _("完了報告")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reported_on}"

    @property
    def inspection_due_on(self) -> dt.date:
        """The last day of the inspection period (支払遅延防止法 5条: 10 days from the report)."""
        return self.reported_on + dt.timedelta(days=INSPECTION_DAYS)


def deliverable_path(instance, filename: str) -> str:
    return f"deliverables/{instance.report.contract_id}/{instance.report_id}/{filename}"


class Deliverable(models.Model):
    """A file handed over with a report (報告書等, K-11-1)."""

    report = models.ForeignKey(CompletionReport, on_delete=PROTECT, related_name="deliverables",
                               verbose_name=_("完了報告"))
    file = StoredFileField(_("ファイル"), upload_to=deliverable_path, max_length=300, sha256_field="sha256")
    name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大きさ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("成果物")
        verbose_name_plural = _("成果物")

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    """The designated inspector's result for one report: pass, or fail with findings and a rework date."""

    report = models.OneToOneField(CompletionReport, on_delete=PROTECT, related_name="inspection",
                                  verbose_name=_("完了報告"))
    contract = models.ForeignKey("contracts.Contract", on_delete=PROTECT, related_name="inspections",
                                 verbose_name=_("契約"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+",
                                  verbose_name=_("検査職員"))
    inspected_on = models.DateField(_("検査日"))
    result = models.CharField(_("結果"), max_length=16, choices=InspectionResult.choices)
    findings = models.TextField(_("検査の所見"), blank=True)
    rework_due_on = models.DateField(_("手直しの期日"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspected_on", "id"]
        verbose_name = _("検査")
        verbose_name_plural = _("検査")

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.inspected_on}"

    @property
    def period_ends_on(self) -> dt.date:
        return self.report.inspection_due_on

    @property
    def days_late(self) -> int:
        """Days the inspection ran past its period (支払遅延防止法 9条)."""
        return max((self.inspected_on - self.period_ends_on).days, 0)


class Invoice(models.Model):
    """A payment request received after a passed inspection (K-12), or returned as improper."""

    contract = models.ForeignKey("contracts.Contract", on_delete=PROTECT, related_name="invoices",
                                 verbose_name=_("契約"))
    amount = models.PositiveBigIntegerField(_("請求額"))
    received_on = models.DateField(_("受領日"))
    state = models.CharField(_("状態"), max_length=16, choices=InvoiceState.choices)
    return_reason = models.TextField(_("返戻の理由"), blank=True)
    due_on = models.DateField(_("支払期限"), null=True, blank=True)
    inspection_days_late = models.PositiveIntegerField(_("検査の遅延日数"), default=0)
    due_working = models.JSONField(_("支払期限の計算"), default=dict, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("請求書")
        verbose_name_plural = _("請求書")

    def __str__(self) -> str:
        return f"{self.amount:,} {self.received_on}"


class Payment(models.Model):
    """A payment of an invoice, with the late-payment interest it carries (K-12)."""

    invoice = models.ForeignKey(Invoice, on_delete=PROTECT, related_name="payments", verbose_name=_("請求書"))
    contract = models.ForeignKey("contracts.Contract", on_delete=PROTECT, related_name="payments",
                                 verbose_name=_("契約"))
    paid_on = models.DateField(_("支払日"))
    amount = models.PositiveBigIntegerField(_("支払額"))
    late_amount = models.PositiveBigIntegerField(_("遅延した未支払金額"), default=0)
    interest = models.PositiveBigIntegerField(_("遅延利息"), default=0)
    interest_working = models.JSONField(_("遅延利息の計算"), default=dict, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("支払")
        verbose_name_plural = _("支払")

    def __str__(self) -> str:
        return f"{self.amount:,} {self.paid_on}"


class LatePenalty(models.Model):
    """The late-completion penalty (延滞違約金, K-13) and how it was settled."""

    contract = models.ForeignKey("contracts.Contract", on_delete=PROTECT, related_name="late_penalties",
                                 verbose_name=_("契約"))
    base_kind = models.CharField(_("計算の基礎"), max_length=16, choices=PenaltyBase.choices)
    base_amount = models.PositiveBigIntegerField(_("基礎となる額"))
    base_reason = models.TextField(_("未履行部分によるときの理由"), blank=True)
    completed_on = models.DateField(_("完了日"))
    days = models.PositiveIntegerField(_("遅延日数"))
    rate_percent = models.DecimalField(_("率（年%）"), max_digits=6, decimal_places=3)
    rate_source = models.CharField(_("率の根拠"), max_length=300)
    result = models.PositiveBigIntegerField(_("延滞違約金"))
    working = models.JSONField(_("計算"), default=dict)
    decided_on = models.DateField(_("決定日"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+",
                                   verbose_name=_("決定者"))
    settlement = models.CharField(_("精算"), max_length=16, choices=Settlement.choices,
                                  default=Settlement.UNSETTLED)
    settled_on = models.DateField(_("精算日"), null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+", verbose_name=_("精算の記録者"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("延滞違約金")
        verbose_name_plural = _("延滞違約金")

    def __str__(self) -> str:
        return f"{self.result:,} {self.decided_on}"


class PerformedPart(models.Model):
    """K-17: on termination, the amount agreed for the inspected, completed parts (既履行部分契約額)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=PROTECT, related_name="performed_parts",
                                 verbose_name=_("契約"))
    amount = models.PositiveBigIntegerField(_("既履行部分契約額"))
    basis = models.TextField(_("額の根拠（協議の内容）"))
    inspections = models.ManyToManyField(Inspection, related_name="performed_parts",
                                         verbose_name=_("合格した検査"))
    recorded_on = models.DateField(_("記録日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "id"]
        verbose_name = _("既履行部分")
        verbose_name_plural = _("既履行部分")

    def __str__(self) -> str:
        return f"{self.amount:,} {self.recorded_on}"
