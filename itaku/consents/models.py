from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from . import kinds


class ConsentState(models.TextChoices):
    SUBMITTED = "submitted", _("申請中")
    APPROVED = "approved", _("承諾")
    REFUSED = "refused", _("不承諾")
    WITHDRAWN = "withdrawn", _("取下げ")


class ConsentRequest(models.Model):
    """A request for the client's prior written consent (承諾) under the clause of its kind.

    The stated fields are JSON checked against the kind's declaration (:mod:`.kinds`). At the
    decision, what was decided is frozen in ``snapshot`` with its SHA-256.
    """

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="consent_requests",
                                 verbose_name=_("契約"))
    kind = models.CharField(_("種類"), max_length=40, db_index=True)
    statement = models.JSONField(_("申請の内容"), default=dict)
    subject = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="consent_requests", verbose_name=_("対象の組織"))
    state = FSMField(_("状態"), max_length=16, choices=ConsentState.choices, default=ConsentState.SUBMITTED,
                     db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申請者"))
    submitted_at = models.DateTimeField(_("申請の記録日時"))
    submitted_on = models.DateField(_("申請日"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("決定者"))
    decided_at = models.DateTimeField(_("決定の記録日時"), null=True, blank=True)
    decided_on = models.DateField(_("決定日"), null=True, blank=True)
    conditions = models.TextField(_("承諾の条件"), blank=True)
    reasons = models.TextField(_("不承諾の理由"), blank=True)
    withdrawn_at = models.DateTimeField(_("取下げの記録日時"), null=True, blank=True)
    snapshot = models.JSONField(_("決定内容の控え"), null=True, blank=True)
    snapshot_sha256 = models.CharField(_("決定内容のハッシュ"), max_length=64, blank=True)
    letter = models.ForeignKey("documents.GeneratedDocument", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("承諾書"))
    effected_at = models.DateTimeField(_("承諾に基づく手続の日時"), null=True, blank=True)
    effected_on = models.DateField(_("承諾に基づく手続の日"), null=True, blank=True)
    effected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("承諾に基づく手続をした者"))

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("承諾申請")
        verbose_name_plural = _("承諾申請")

    def __str__(self) -> str:
        kind = self.kind_def
        return f"{kind.label if kind else self.kind} #{self.pk}"

    @property
    def kind_def(self) -> kinds.Kind | None:
        return kinds.get(self.kind)

    @property
    def clause(self) -> str:
        kind = self.kind_def
        return kind.clause if kind else ""

    @property
    def kind_label(self) -> str:
        kind = self.kind_def
        return str(kind.label) if kind else self.kind

    # The request's states and moves, declared once; only services call them (see services._move).

    @transition(field=state, source=ConsentState.SUBMITTED, target=ConsentState.APPROVED)
    def approve(self):
        """The client's officer consents, with or without conditions."""

    @transition(field=state, source=ConsentState.SUBMITTED, target=ConsentState.REFUSED)
    def refuse(self):
        """The client's officer refuses, giving the reasons."""

    @transition(field=state, source=ConsentState.SUBMITTED, target=ConsentState.WITHDRAWN)
    def withdraw(self):
        """The submitter withdraws the request before the decision."""


class Subcontractor(models.Model):
    """An organisation doing part of the work, attached through an approved subcontract consent (K-6)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="subcontractors",
                                 verbose_name=_("契約"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="subcontracts", verbose_name=_("再委託先"))
    consent = models.OneToOneField(ConsentRequest, on_delete=models.PROTECT, related_name="subcontractor",
                                   verbose_name=_("承諾"))
    scope = models.TextField(_("再委託する業務の範囲"))
    # P-9: the approval to have this subcontractor handle the contract's personal information.
    privacy_consent = models.OneToOneField(ConsentRequest, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="privacy_subcontractor",
                                           verbose_name=_("個人情報の取扱いの承認"))
    attached_on = models.DateField(_("登録日"))
    attached_at = models.DateTimeField(_("登録の記録日時"))
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登録者"))

    class Meta:
        ordering = ["attached_on", "id"]
        verbose_name = _("再委託先")
        verbose_name_plural = _("再委託先")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def handles_personal_information(self) -> bool:
        """P-9: approved to handle the contract's personal information."""
        return self.privacy_consent_id is not None
