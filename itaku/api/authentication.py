"""Token authentication that refuses users without a role and records each token's last use."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from itaku.accounts.selectors import api_token_usable
from itaku.accounts.signin import api_token_touch


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not api_token_usable(user):
            raise exceptions.AuthenticationFailed(
                _("このトークンは使えません。契約上の役割がなくなった利用者のトークンは無効です。"))
        api_token_touch(token=token)
        return user, token
