"""Incidents (P-12, S-13: one workflow for both annexes) and breaches of the annexes (P-13, S-14)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import (
    CLAUSES,
    BreachBasis,
    BreachFoundIn,
    IncidentState,
    Nature,
    Publication,
    Remedy,
    ReportState,
    Scope,
)

USER = settings.AUTH_USER_MODEL


class Incident(models.Model):
    """An incident, or the suspicion of one (おそれ), whoever is to blame (帰責にかかわらず), from its discovery
    to its close: the first report, the measures, the detailed report, the client's instructions, the
    decision on publication and the report to the Personal Information Protection Commission."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="incidents",
                                 verbose_name=_("契約"))
    scope = models.CharField(_("対象"), max_length=16, choices=Scope.choices, default=Scope.PRIVACY)
    nature = models.CharField(_("事故の種類"), max_length=16, choices=Nature.choices)
    suspected = models.BooleanField(_("発生のおそれ（未確定）"), default=False)
    title = models.CharField(_("件名"), max_length=200)
    summary = models.TextField(_("概要"))
    discovered_at = models.DateTimeField(_("発見日時"))
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("起票者"))
    opened_at = models.DateTimeField(_("起票日時"))
    # The first report to the client (P-12, S-13 「直ちに」).
    first_report = models.TextField(_("第一報の内容"), blank=True)
    reported_at = models.DateTimeField(_("第一報の日時"), null=True, blank=True)
    reported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("第一報の報告者"))
    detail_due_on = models.DateField(_("詳細報告の期限"))
    # The client's decision on publishing a summary naming the contractor (P-12-2, S-13-2).
    publication = models.CharField(_("公表の判断"), max_length=16, choices=Publication.choices, blank=True)
    publication_text = models.TextField(_("公表した概要"), blank=True)
    published_on = models.DateField(_("公表日"), null=True, blank=True)
    publication_decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                               related_name="+", verbose_name=_("公表の判断者"))
    publication_decided_at = models.DateTimeField(_("公表の判断日時"), null=True, blank=True)
    # The client's assessment of the report to the Commission (個人情報保護法 68条1項).
    ppc_learned_at = models.DateTimeField(_("甲が知った日時"), null=True, blank=True)
    ppc_sensitive = models.BooleanField(_("要配慮個人情報が含まれる"), null=True, blank=True)
    ppc_financial_harm = models.BooleanField(_("財産的被害が生じるおそれがある"), null=True, blank=True)
    ppc_wrongful_purpose = models.BooleanField(_("不正の目的によるおそれがある"), null=True, blank=True)
    ppc_over_threshold = models.BooleanField(_("本人の数が100人を超える"), null=True, blank=True)
    ppc_reportable = models.BooleanField(_("個人情報保護委員会への報告"), null=True, blank=True)
    ppc_assessed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("判断者"))
    ppc_assessed_at = models.DateTimeField(_("判断日時"), null=True, blank=True)
    ppc_preliminary_due_on = models.DateField(_("速報の期限"), null=True, blank=True)
    ppc_final_due_on = models.DateField(_("確報の期限"), null=True, blank=True)
    ppc_preliminary_on = models.DateField(_("速報の日"), null=True, blank=True)
    ppc_final_on = models.DateField(_("確報の日"), null=True, blank=True)
    state = models.CharField(_("状態"), max_length=16, choices=IncidentState.choices, default=IncidentState.OPEN)
    closed_at = models.DateTimeField(_("終結日時"), null=True, blank=True)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("終結の記録者"))
    closing_note = models.TextField(_("終結の所見"), blank=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        indexes = [models.Index(fields=["contract", "state"], name="incident_contract_state")]
        verbose_name = _("事故")
        verbose_name_plural = _("事故")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.contract_id, self.pk])

    @property
    def clause_id(self) -> str:
        return CLAUSES[self.scope]

    @property
    def clauses(self) -> list[str]:
        return ["P-12", "S-13"] if self.scope == Scope.BOTH else [self.clause_id]


class Measure(models.Model):
    """An emergency measure (応急措置) and when it was taken (P-12, S-13 「速やかに応急措置を講じ」)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="measures",
                                 verbose_name=_("事故"))
    taken_at = models.DateTimeField(_("実施日時"))
    description = models.TextField(_("応急措置の内容"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["taken_at", "id"]
        verbose_name = _("応急措置")
        verbose_name_plural = _("応急措置")

    def __str__(self) -> str:
        return self.description[:50]


class DetailedReport(models.Model):
    """The detailed report and the plan (P-12: 個人情報の項目・内容・数量、発生場所、発生状況;
    S-13: 報告書及び以後の対処方針),
    one row per submission: a returned report stays, the resubmission is the next version."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="reports", verbose_name=_("事故"))
    version = models.PositiveSmallIntegerField(_("版"))
    items = models.TextField(_("個人情報の項目"), blank=True)
    content = models.TextField(_("個人情報の内容"), blank=True)
    record_count = models.PositiveIntegerField(_("件数"), null=True, blank=True)
    people_count = models.PositiveIntegerField(_("本人の数"), null=True, blank=True)
    place = models.TextField(_("発生場所"))
    circumstances = models.TextField(_("発生状況"))
    datasets = models.ManyToManyField("privacy.Dataset", blank=True, related_name="+",
                                      verbose_name=_("関係する個人情報（管理台帳）"))
    assets = models.ManyToManyField("security.InformationAsset", blank=True, related_name="+",
                                    verbose_name=_("関係する情報資産（台帳）"))
    other_assets = models.TextField(_("関係する情報資産"), blank=True)
    cause = models.TextField(_("原因"))
    prevention = models.TextField(_("再発防止策・今後の対処方針"))
    due_on = models.DateField(_("提出期限"))
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出者"))
    submitted_at = models.DateTimeField(_("提出日時"))
    state = models.CharField(_("状態"), max_length=16, choices=ReportState.choices, default=ReportState.SUBMITTED)
    review_note = models.TextField(_("甲の所見"), blank=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("確認者"))
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    resubmit_due_on = models.DateField(_("再提出の期限"), null=True, blank=True)

    class Meta:
        ordering = ["incident", "version"]
        constraints = [models.UniqueConstraint(fields=["incident", "version"], name="incident_report_version")]
        verbose_name = _("詳細報告")
        verbose_name_plural = _("詳細報告")

    def __str__(self) -> str:
        return f"{self.incident} #{self.version}"


class IncidentInstruction(models.Model):
    """The client's instruction on an incident: an instruction of the oversight mechanism (its response by a
    due date) tied to the incident (P-12, S-13 「甲の指示に従う」)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="instructions",
                                 verbose_name=_("事故"))
    request = models.OneToOneField("oversight.OversightRequest", on_delete=models.PROTECT, related_name="incident_link",
                                   verbose_name=_("指示"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("事故に関する指示")
        verbose_name_plural = _("事故に関する指示")

    def __str__(self) -> str:
        return str(self.request)


class Breach(models.Model):
    """A breach of an annex found by the client (P-13, S-14), the clause broken and the remedy chosen."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="breaches",
                                 verbose_name=_("契約"))
    basis = models.CharField(_("根拠"), max_length=8, choices=BreachBasis.choices)
    clause_broken = models.CharField(_("違反した条項"), max_length=32)
    found_in = models.CharField(_("発見の経緯"), max_length=16, choices=BreachFoundIn.choices)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="breaches",
                                 verbose_name=_("事故"))
    investigation = models.ForeignKey("oversight.OversightRequest", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("調査"))
    found_on = models.DateField(_("違反を認めた日"))
    description = models.TextField(_("違反の内容"))
    remedy = models.CharField(_("措置"), max_length=16, choices=Remedy.choices)
    amount = models.PositiveBigIntegerField(_("金額（円）"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("記録者"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("特記事項の違反")
        verbose_name_plural = _("特記事項の違反")

    def __str__(self) -> str:
        return f"{self.basis} {self.clause_broken}"
