"""The choices of the personnel app: the versions of a responsibility report (P-3, F-P), the people it
names and how they are employed (also used by annex 2's list of workers, S-4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionState(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済")
    ACCEPTED = "accepted", _("受理")
    RETURNED = "returned", _("差戻し")


class EntryRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("個人情報保護責任者")
    WORKER = "worker", _("作業従事者")


class Employment(models.TextChoices):
    EMPLOYEE = "employee", _("従業員")
    DISPATCHED = "dispatched", _("派遣労働者")
    PART_TIME = "part_time", _("非常勤職員")
    TEMPORARY = "temporary", _("臨時職員")


# The items of P-4 each named person acknowledges, when the contract's template lacks them (the seed's text).
BRIEFING_CLAUSES = ("P-4-1-1", "P-4-1-2", "P-4-1-3")

# The confidentiality pledge (K-7, P-2): the duty continues after the contract ends or is terminated.
# Recorded as written, in Japanese (the record is the pledge).
PLEDGE_TEXT = (
    "私は、個人情報の保護の重要性を認識し、個人の権利利益を侵害することのないよう、個人情報を適正に取り扱います"
    "（別記1第1条）。また、この契約による業務に関して知り得た秘密及び個人情報をみだりに他に漏らし、又は不当な目的に使用"
    "しません。この義務は、在職中及び退職後においても、また、この契約が終了し、又は解除された後においても"
    "継続することを誓約します。"
)
