from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "itaku.incidents"
    label = "incidents"
    verbose_name = _("事故・違反")

    def ready(self):
        from . import panels  # noqa: F401  (registers the contract page's section 事故・違反)
        from .work import incident_items  # noqa: F401  (what waits for a person: わたしの仕事, 次にすること)
