"""What each journal action code means to a person. Each app's actions are listed here once."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "accounts.organisation.created": _("組織を登録しました"),
    "accounts.organisation.changed": _("組織の情報を変更しました"),
    "accounts.user.created": _("利用者を登録しました"),
    "accounts.user.changed": _("利用者の情報を変更しました"),
    "accounts.user.password_changed": _("パスワードを変更しました"),
    "contracts.contract.created": _("契約を登録しました"),
    "documents.document.generated": _("帳票を作成しました"),
}


def action_label(code: str) -> str:
    """The label of ``code``; an unknown code is shown as it is, never hidden."""
    return str(LABELS.get(code, code))
