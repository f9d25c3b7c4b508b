from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where the personal information came from (P-7)."""

    HANDED_OVER = "handed_over", _("甲から引渡し")
    COLLECTED = "collected", _("乙が収集")


class Medium(models.TextChoices):
    PAPER = "paper", _("紙")
    ELECTRONIC = "electronic", _("電子データ")


class HandlingPlace(models.TextChoices):
    """Where the information is handled (P-5)."""

    CLIENT_OFFICES = "client_offices", _("甲の事務所")
    CONTRACTOR_PREMISES = "contractor_premises", _("乙の登録された事業所")


class DatasetState(models.TextChoices):
    HELD = "held", _("保有中")
    RETURNED = "returned", _("返還済")
    DISPOSED = "disposed", _("廃棄済")
    ERASED = "erased", _("消去済")


class CloseOutMethod(models.TextChoices):
    """What the client directs at the end of the work (P-6-7)."""

    RETURN = "return", _("返還")
    DISPOSE = "dispose", _("廃棄")
    ERASE = "erase", _("消去")


CLOSED_STATE = {
    CloseOutMethod.RETURN: DatasetState.RETURNED,
    CloseOutMethod.DISPOSE: DatasetState.DISPOSED,
    CloseOutMethod.ERASE: DatasetState.ERASED,
}
