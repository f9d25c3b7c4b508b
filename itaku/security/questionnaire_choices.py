"""Choices of the self-assessment sheet (F-S, 外部委託先調査シート 兼 情報セキュリティ対策実施状況報告書)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CLAUSE = "F-S"
FORM = "F-S"
REMEDY_KIND = "security.sheet_remedy"  # an いいえ with its target date: the contractor's remedy (F-S)


class SheetState(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済み")
    ACCEPTED = "accepted", _("受理")
    RETURNED = "returned", _("差戻し")


class Result(models.TextChoices):
    YES = "yes", _("はい")
    NO = "no", _("いいえ")
    NOT_APPLICABLE = "na", _("該当なし")
