from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "itaku.consents"
    label = "consents"
    verbose_name = _("承諾")

    def ready(self):
        from . import panels  # noqa: F401  (registers the contract page's consents panel)
        from .work import consent_items  # noqa: F401  (what waits for a person: わたしの仕事, 次にすること)
