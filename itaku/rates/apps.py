from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "itaku.rates"
    label = "rates"
    verbose_name = _("利率と計算")

    def ready(self):
        from . import panels  # noqa: F401  (registers the contract page's late-payment rate panel)
