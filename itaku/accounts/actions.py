"""What each of the accounts app's sign-in journal actions means to a person."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "accounts.lockout.locked": _("ログインの失敗が続いたためロックしました"),
    "accounts.lockout.lifted": _("ログインのロックを解除しました"),
    "accounts.mfa.enrolled": _("2段階認証を設定しました"),
    "accounts.mfa.recovery_code_used": _("2段階認証のリカバリーコードを使いました"),
    "accounts.mfa.recovery_codes_renewed": _("2段階認証のリカバリーコードを作り直しました"),
    "accounts.mfa.removed": _("2段階認証を解除しました"),
    "accounts.api_token.issued": _("APIトークンを発行しました"),
    "accounts.api_token.reissued": _("APIトークンを再発行しました"),
}
