from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractState(models.TextChoices):
    DRAFT = "draft", _("起案中")
    ACTIVE = "active", _("履行中")
    COMPLETION_REPORTED = "completion_reported", _("完了報告済")
    REWORK = "rework", _("手直し中")
    PASSED = "passed", _("検査合格")
    INVOICED = "invoiced", _("請求受理")
    PAID = "paid", _("支払済")
    CLOSED = "closed", _("完結")
    TERMINATED = "terminated", _("解除")


class Part(models.TextChoices):
    MAIN = "K", _("契約書")
    PERSONAL_INFO = "P", _("別記1 個人情報取扱特記事項")
    SECURITY = "S", _("別記2 情報セキュリティに関する特記事項")


class ClauseLevel(models.IntegerChoices):
    ARTICLE = 1, _("条")
    PARAGRAPH = 2, _("項")
    ITEM = 3, _("号")
    SUBITEM = 4, _("細目")
