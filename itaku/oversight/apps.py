from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "itaku.oversight"
    label = "oversight"
    verbose_name = _("協議・調査・指示")

    def ready(self):
        from . import panels  # noqa: F401  (registers the contract page panel)
        from .work import oversight_items  # noqa: F401  (what waits for a person: わたしの仕事, 次にすること)
