from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "itaku.accounts"
    label = "accounts"
    verbose_name = _("組織と利用者")
