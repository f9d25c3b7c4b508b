from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "itaku.security"
    label = "security"
    verbose_name = _("情報セキュリティ")

    def ready(self):
        from itaku.contracts.lifecycle import gates

        from . import panels  # noqa: F401  (registers the contract page's section 情報セキュリティ)
        from .services import open_assets_refusal

        # K-9: the contractor complies with annex 2 to the end; the contract closes only once the client's
        # information assets are handed over or disposed of (S-8-5).
        gates.register("security")(open_assets_refusal)
        from .questionnaire_work import questionnaire_items  # noqa: F401  (わたしの仕事, 次にすること)
