"""The choices of consultations and of the client's requests, declared once.

The clauses that use the request mechanism are listed in :class:`OversightClause`: a later clause
(another annex's investigation or instruction) is one more member here, not a new model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from itaku.accounts.choices import Role


class ConsultationClause(models.TextChoices):
    # K-1-2: matters the specification leaves open are settled by consultation.
    SPECIFICATION = "K-1", _("K-1 仕様書に定めのない事項")
    # K-20: matters neither the contract nor the 財務規則 settle are settled by consultation.
    FINANCE_RULES = "K-20", _("K-20 契約・財務規則に定めのない事項、疑義の生じた事項")


class OversightClause(models.TextChoices):
    MAIN = "K-10", _("K-10 業務の処理状況の調査・報告の要求・指示")
    PRIVACY_REPORT = "P-10", _("P-10 個人情報の取扱状況の報告・実地検査")
    PRIVACY_INSTRUCTION = "P-11", _("P-11 個人情報の取扱いに関する指示")
    SECURITY_INVESTIGATION = "S-11", _("S-11 情報セキュリティ対策の状況の調査・報告")
    SECURITY_INSTRUCTION = "S-12", _("S-12 情報セキュリティ対策に関する指示")
    # P-12, S-13: the client's instructions on an incident (itaku.incidents ties each to its incident).
    PRIVACY_INCIDENT = "P-12", _("P-12 個人情報の漏えい等の事故に関する指示")
    SECURITY_INCIDENT = "S-13", _("S-13 情報セキュリティ事故に関する指示")


class RequestKind(models.TextChoices):
    INVESTIGATION = "investigation", _("調査")
    REPORT = "report", _("報告の要求")
    INSTRUCTION = "instruction", _("指示")
    # P-10-2, S-11: the client's on-site inspection (実地の検査) of how the information is handled.
    ONSITE = "onsite", _("実地検査")


class RequestState(models.TextChoices):
    OPEN = "open", _("回答待ち")
    ANSWERED = "answered", _("回答済")
    ACCEPTED = "accepted", _("受理")
    WITHDRAWN = "withdrawn", _("取下げ")


# What selectors show: an open request whose response is past due.
OVERDUE = "overdue"
STATUS_LABELS = {**dict(RequestState.choices), OVERDUE: _("期限超過")}

# Whom a request may be addressed to on the contractor's side (K-10; P-11 to the privacy officer, S-12 to
# the security officer, when the officer chooses so).
ADDRESSED_ROLES = [Role.REPRESENTATIVE, Role.PRIVACY_OFFICER, Role.SECURITY_OFFICER]
ADDRESSED_ROLE_CHOICES = [(role.value, role.label) for role in ADDRESSED_ROLES]

# The obligation a request opens: the contractor's response by the due date.
RESPONSE_KIND = "oversight.response"


# -- compliance reports (P-10 遵守状況報告) and the privacy declaration (P-14) ----------------------

class ComplianceInterval(models.IntegerChoices):
    MONTHLY = 1, _("毎月")
    QUARTERLY = 3, _("3か月ごと")
    HALF_YEARLY = 6, _("6か月ごと")


class ComplianceState(models.TextChoices):
    DUE = "due", _("未提出")
    SUBMITTED = "submitted", _("提出済")
    ACKNOWLEDGED = "acknowledged", _("確認済")
    RETURNED = "returned", _("差戻し")


# The obligation each report opens: the contractor's privacy officer submits it by its due date.
COMPLIANCE_KIND = "oversight.compliance_report"
# Days after the end of a period by which its report is due, unless the schedule says otherwise.
DEFAULT_DUE_DAYS = 10
