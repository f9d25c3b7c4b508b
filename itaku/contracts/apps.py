from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "itaku.contracts"
    label = "contracts"
    verbose_name = _("契約")

    def ready(self):
        from . import lifecycle_panels  # noqa: F401  (registers the 「完了・検査・支払」 panel)
        from .termination import panel  # noqa: F401  (the panel "解除・損害")
