from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "itaku.documents"
    label = "documents"
    verbose_name = _("帳票")

    def ready(self):
        from . import panels  # noqa: F401  (the contract hub's section 「文書」)
