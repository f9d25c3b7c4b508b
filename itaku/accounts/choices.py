from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CLIENT = "client", _("発注者（甲）")
    CONTRACTOR = "contractor", _("受注者（乙）")


class Role(models.TextChoices):
    # client side (甲)
    OFFICER = "officer", _("契約担当")
    INSPECTOR = "inspector", _("検査職員")
    ACCOUNTANT = "accountant", _("会計")
    AUDITOR = "auditor", _("閲覧")
    # contractor side (乙)
    REPRESENTATIVE = "representative", _("代表者")
    PRIVACY_OFFICER = "privacy_officer", _("個人情報保護責任者")
    SECURITY_OFFICER = "security_officer", _("セキュリティ責任者")
    WORKER = "worker", _("作業従事者")


CLIENT_ROLES = frozenset({Role.OFFICER, Role.INSPECTOR, Role.ACCOUNTANT, Role.AUDITOR})
CONTRACTOR_ROLES = frozenset(
    {Role.REPRESENTATIVE, Role.PRIVACY_OFFICER, Role.SECURITY_OFFICER, Role.WORKER}
)


def roles_for(kind: str) -> frozenset:
    return CLIENT_ROLES if kind == OrganisationKind.CLIENT else CONTRACTOR_ROLES
