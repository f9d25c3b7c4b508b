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


# -- what annex 1's approvals open (P-5, P-6-5) ----------------------------------------------------

class TakeOutState(models.TextChoices):
    OPEN = "open", _("持出し中")
    RETURNED = "returned", _("返却済")


class TakeOut(models.Model):
    """A take-out of a dataset (持出し, P-5), opened by the approval of its request: the person who asked
    (``holder``) may download the dataset's files for it from ``starts_on`` until it is returned, and must
    return it by ``return_by`` (an obligation until then)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="takeouts",
                                 verbose_name=_("契約"))
    consent = models.OneToOneField(ConsentRequest, on_delete=models.PROTECT, related_name="takeout",
                                   verbose_name=_("承認"))
    dataset = models.ForeignKey("privacy.Dataset", on_delete=models.PROTECT, related_name="takeouts",
                                verbose_name=_("個人情報"))
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("持ち出す者"))
    place = models.CharField(_("取り扱う場所・持出し先"), max_length=300)
    starts_on = models.DateField(_("持出しの日"))
    return_by = models.DateField(_("返却期限"))
    state = models.CharField(_("状態"), max_length=16, choices=TakeOutState.choices, default=TakeOutState.OPEN,
                             db_index=True)
    opened_at = models.DateTimeField(_("記録日時"))
    returned_on = models.DateField(_("返却日"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("返却を記録した者"))
    return_note = models.TextField(_("返却の状況"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("持出し")
        verbose_name_plural = _("持出し")

    def __str__(self) -> str:
        return f"{self.dataset} → {self.place}"


class CopyAllowance(models.Model):
    """What the approval of a copying request (複写・複製, P-6-5) allows: ``approved`` copies of a dataset's
    files, made by the person who asked; each copy made is a :class:`DatasetCopy`, disposed of by
    ``dispose_by``."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="copy_allowances",
                                 verbose_name=_("契約"))
    consent = models.OneToOneField(ConsentRequest, on_delete=models.PROTECT, related_name="copy_allowance",
                                   verbose_name=_("承認"))
    dataset = models.ForeignKey("privacy.Dataset", on_delete=models.PROTECT, related_name="copy_allowances",
                                verbose_name=_("個人情報"))
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("複製する者"))
    approved = models.PositiveSmallIntegerField(_("承認された部数"))
    made = models.PositiveSmallIntegerField(_("作成した部数"), default=0)
    dispose_by = models.DateField(_("廃棄期限"))
    opened_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("複製の承認")
        verbose_name_plural = _("複製の承認")

    def __str__(self) -> str:
        return f"{self.dataset} ×{self.approved}"

    @property
    def remaining(self) -> int:
        return max(self.approved - self.made, 0)


class DatasetCopy(models.Model):
    """One copy made under a copying approval (P-6-5): counted, and disposed of later."""

    allowance = models.ForeignKey(CopyAllowance, on_delete=models.PROTECT, related_name="copies",
                                  verbose_name=_("複製の承認"))
    number = models.PositiveSmallIntegerField(_("番号"))
    file = models.ForeignKey("privacy.DatasetFile", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("複製したファイル"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("作成者"))
    made_at = models.DateTimeField(_("作成日時"))
    disposed_on = models.DateField(_("廃棄日"), null=True, blank=True)
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("廃棄を記録した者"))
    disposal_method = models.CharField(_("廃棄の方法"), max_length=300, blank=True)

    class Meta:
        ordering = ["allowance_id", "number"]
        constraints = [models.UniqueConstraint(fields=["allowance", "number"], name="consents_copy_number")]
        verbose_name = _("複製物")
        verbose_name_plural = _("複製物")

    def __str__(self) -> str:
        return f"{self.allowance.dataset} #{self.number}"
