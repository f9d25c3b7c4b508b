"""The self-assessment 外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書 (form F-S, annex 2).

- :class:`QuestionnaireTemplate`: a version of the question set, as data: the form's wording (title, opening
  sentence, the rows of section 1, the columns of section 2, the measures of section 3), its
  :class:`QuestionnaireCategory` s and their :class:`QuestionnaireItem` s in the seed's exact wording. The
  client issues a revised sheet as a new version; a sheet keeps the version it was answered on.
- :class:`SecuritySheet`: one contract's sheet; its :class:`SheetVersion` s are kept for ever: each
  submission is a version that the client's officer accepts or returns with comments per item.
- :class:`SheetAnswer`: one item answered はい, いいえ (with the measure and its target date) or 該当なし.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..questionnaire_choices import Result, SheetState

USER = settings.AUTH_USER_MODEL

__all__ = ["QuestionnaireTemplate", "QuestionnaireCategory", "QuestionnaireItem", "SecuritySheet", "SheetVersion",
           "SheetAnswer"]


class QuestionnaireTemplate(models.Model):
    code = models.CharField(_("様式"), max_length=16, default="F-S")
    version = models.PositiveIntegerField(_("版"))
    title = models.CharField(_("表題"), max_length=200)
    intro = models.TextField(_("前文"))
    date_line = models.CharField(_("日付欄"), max_length=50)
    sender_labels = models.JSONField(_("受託者欄"), default=list)
    seal = models.CharField(_("印"), max_length=4, blank=True)
    section1_title = models.CharField(_("1の表題"), max_length=100)
    section1_rows = models.JSONField(_("1の行"), default=list, help_text=_("key と label の組"))
    section2_title = models.CharField(_("2の表題"), max_length=100)
    columns = models.JSONField(_("2の列"), default=list)
    section3_title = models.CharField(_("3の表題"), max_length=200)
    measures = models.JSONField(_("3の措置"), default=list, help_text=_("no, key, text の組"))
    due_days = models.PositiveSmallIntegerField(_("提出期限（契約締結日からの日数）"), default=14)
    issued_on = models.DateField(_("制定日"))
    issued_at = models.DateTimeField(_("制定の記録日時"))
    issued_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("制定者"))

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="questionnaire_template_version")]
        verbose_name = _("調査シートのひな形")
        verbose_name_plural = _("調査シートのひな形")

    def __str__(self) -> str:
        return f"{self.title} 第{self.version}版"


class QuestionnaireCategory(models.Model):
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="categories",
                                 verbose_name=_("ひな形"))
    position = models.PositiveSmallIntegerField(_("順序"))
    name = models.CharField(_("評価項目"), max_length=100)
    note = models.CharField(_("注記"), max_length=100, blank=True)
    only_if_subcontracting = models.BooleanField(_("再委託がある場合のみ"), default=False)

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="questionnaire_category_pos")]
        verbose_name = _("評価項目")
        verbose_name_plural = _("評価項目")

    def __str__(self) -> str:
        return self.name


class QuestionnaireItem(models.Model):
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("ひな形"))
    category = models.ForeignKey(QuestionnaireCategory, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("評価項目"))
    number = models.PositiveSmallIntegerField(_("番号"))
    text = models.TextField(_("内容"))

    class Meta:
        ordering = ["template", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="questionnaire_item_number")]
        verbose_name = _("調査項目")
        verbose_name_plural = _("調査項目")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class SecuritySheet(models.Model):
    contract = models.OneToOneField("contracts.Contract", on_delete=models.PROTECT, related_name="security_sheet",
                                    verbose_name=_("契約"))
    department = models.CharField(_("甲の所管課"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("作成の記録日時"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("作成者"))

    class Meta:
        ordering = ["contract"]
        verbose_name = _("外部委託先調査シート")
        verbose_name_plural = _("外部委託先調査シート")

    def __str__(self) -> str:
        return f"{self.contract}"


class SheetVersion(models.Model):
    sheet = models.ForeignKey(SecuritySheet, on_delete=models.PROTECT, related_name="versions",
                              verbose_name=_("調査シート"))
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("ひな形"))
    number = models.PositiveIntegerField(_("版"))
    state = models.CharField(_("状態"), max_length=16, choices=SheetState.choices, default=SheetState.DRAFT,
                             db_index=True)
    contents = models.JSONField(_("委託内容"), default=dict, help_text=_("提出時の1 委託内容（契約から）"))
    measures = models.JSONField(_("具体的な措置"), default=dict)
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
        ordering = ["sheet", "-number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="sheet_version_unique_number")]
        verbose_name = _("調査シートの版")
        verbose_name_plural = _("調査シートの版")

    def __str__(self) -> str:
        return f"{self.sheet} 第{self.number}版"


class SheetAnswer(models.Model):
    version = models.ForeignKey(SheetVersion, on_delete=models.CASCADE, related_name="answers",
                                verbose_name=_("版"))
    item = models.ForeignKey(QuestionnaireItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("調査項目"))
    result = models.CharField(_("結果"), max_length=4, choices=Result.choices, blank=True)
    remark = models.TextField(_("備考（対策等）"), blank=True)
    target_on = models.DateField(_("対策の完了予定日"), null=True, blank=True)
    review_comment = models.TextField(_("甲の所見"), blank=True)

    class Meta:
        ordering = ["version", "item__number"]
        constraints = [models.UniqueConstraint(fields=["version", "item"], name="sheet_answer_unique_item")]
        verbose_name = _("調査項目の回答")
        verbose_name_plural = _("調査項目の回答")

    def __str__(self) -> str:
        return f"{self.item.number}: {self.get_result_display()}"
