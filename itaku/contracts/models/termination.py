"""Termination and its effects: the client's termination (K-14) with its grounds, evidence and penalty,
the contractor's request after force majeure (K-16), and damages during the term (K-15)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itaku.core.storage import StoredFileField


class TerminationBasis(models.TextChoices):
    CLIENT = "K-14", _("甲による解除（第14条）")
    FORCE_MAJEURE = "K-16", _("不可抗力による解除請求の承認（第16条）")


class PenaltySettlement(models.TextChoices):
    NONE = "none", _("違約金なし")
    UNSETTLED = "unsettled", _("未納")
    PAID = "paid", _("納付済")
    SET_OFF = "set_off", _("相殺済")


class ForceMajeureState(models.TextChoices):
    SUBMITTED = "submitted", _("請求受付")
    INVESTIGATING = "investigating", _("調査中")
    APPROVED = "approved", _("承認（解除）")
    REFUSED = "refused", _("不承認")


class BorneBy(models.TextChoices):
    CONTRACTOR = "contractor", _("乙（受注者）")
    CLIENT = "client", _("甲（発注者）")


def evidence_path(instance, filename: str) -> str:
    return f"terminations/{instance.termination.contract_id}/{filename}"


def force_majeure_document_path(instance, filename: str) -> str:
    return f"force-majeure/{instance.request.contract_id}/{filename}"


class ForceMajeureRequest(models.Model):
    """The contractor's request to terminate after force majeure, and the client's investigation and
    decision (K-16)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="force_majeure_requests",
                                 verbose_name=_("契約"))
    event_on = models.DateField(_("不可抗力の発生日"))
    description = models.TextField(_("損害の内容・程度と履行への影響"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("請求者"))
    submitted_on = models.DateField(_("請求日"))
    state = models.CharField(_("状態"), max_length=16, choices=ForceMajeureState.choices,
                             default=ForceMajeureState.SUBMITTED, db_index=True)
    findings = models.TextField(_("調査の結果"), blank=True)
    investigated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("調査者"))
    investigated_on = models.DateField(_("調査開始日"), null=True, blank=True)
    decision_due_on = models.DateField(_("決定予定日"), null=True, blank=True)
    decision_reasons = models.TextField(_("決定の理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("決定者"))
    decided_on = models.DateField(_("決定日"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("不可抗力による解除請求")
        verbose_name_plural = _("不可抗力による解除請求")

    def __str__(self) -> str:
        return f"{self.contract} {self.submitted_on}"

    @property
    def is_open(self) -> bool:
        return self.state in (ForceMajeureState.SUBMITTED, ForceMajeureState.INVESTIGATING)


class ForceMajeureDocument(models.Model):
    """A document submitted with the request: the damage and its extent in detail (K-16-1)."""

    request = models.ForeignKey(ForceMajeureRequest, on_delete=models.CASCADE, related_name="documents",
                                verbose_name=_("解除請求"))
    file = StoredFileField(_("書類"), upload_to=force_majeure_document_path, sha256_field="sha256")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("解除請求の書類")
        verbose_name_plural = _("解除請求の書類")

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Termination(models.Model):
    """The termination of a contract: by the client on the grounds of K-14-1, or on the approval of the
    contractor's request after force majeure (K-16-2)."""

    contract = models.OneToOneField("contracts.Contract", on_delete=models.CASCADE, related_name="termination",
                                    verbose_name=_("契約"))
    basis = models.CharField(_("解除の根拠"), max_length=8, choices=TerminationBasis.choices)
    terminated_on = models.DateField(_("解除日"))
    grounds = models.JSONField(_("解除事由（条項ID）"), default=list, blank=True)
    facts = models.TextField(_("解除事由に該当する事実"))
    penalty_amount = models.PositiveBigIntegerField(_("違約金の額"), default=0)
    penalty_working = models.JSONField(_("違約金の計算"), default=dict, blank=True)
    penalty_due_on = models.DateField(_("違約金の納付期限（甲の指定する日）"), null=True, blank=True)
    settlement = models.CharField(_("違約金の精算"), max_length=16, choices=PenaltySettlement.choices,
                                  default=PenaltySettlement.NONE)
    settled_on = models.DateField(_("精算日"), null=True, blank=True)
    settlement_note = models.TextField(_("精算の内容"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("精算の記録者"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("解除を決定した者"))
    force_majeure = models.OneToOneField(ForceMajeureRequest, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="termination", verbose_name=_("不可抗力による解除請求"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-terminated_on", "-id"]
        verbose_name = _("契約の解除")
        verbose_name_plural = _("契約の解除")

    def __str__(self) -> str:
        return f"{self.contract} {self.terminated_on}"


class TerminationEvidence(models.Model):
    """A file proving the facts of the grounds (K-14-1)."""

    termination = models.ForeignKey(Termination, on_delete=models.CASCADE, related_name="evidence",
                                    verbose_name=_("契約の解除"))
    file = StoredFileField(_("証拠書類"), upload_to=evidence_path, sha256_field="sha256")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("解除の証拠書類")
        verbose_name_plural = _("解除の証拠書類")

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class DamageEvent(models.Model):
    """A damage during the term and who bears it (K-15): the contractor, unless the client is at fault."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="damage_events",
                                 verbose_name=_("契約"))
    occurred_on = models.DateField(_("発生日"))
    description = models.TextField(_("損害の内容"))
    cost = models.PositiveBigIntegerField(_("損害額（円）"))
    borne_by = models.CharField(_("負担者"), max_length=16, choices=BorneBy.choices)
    reason = models.TextField(_("負担の理由"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("記録者"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("損害")
        verbose_name_plural = _("損害")

    def __str__(self) -> str:
        return f"{self.contract} {self.occurred_on}"
