from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "itaku.obligations"
    label = "obligations"
    verbose_name = _("期限")

    def ready(self):
        from . import panels  # noqa: F401  (registers the contract page panel)
