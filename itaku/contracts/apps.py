from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "itaku.contracts"
    label = "contracts"
    verbose_name = _("契約")

    def ready(self):
        from . import timeline  # noqa: F401  (the section 「経過」)
        from .lifecycle import panel as lifecycle_panel  # noqa: F401  (the panel 「完了・検査・支払」)
        from .termination import panel  # noqa: F401  (the panel "解除・損害")
        from .work import lifecycle_items  # noqa: F401  (what waits for a person: わたしの仕事, 次にすること)
