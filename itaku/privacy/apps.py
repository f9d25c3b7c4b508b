from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "itaku.privacy"
    label = "privacy"
    verbose_name = _("個人情報")

    def ready(self):
        from itaku.contracts.lifecycle import gates

        from . import panels  # noqa: F401  (registers the contract page's section 個人情報)
        from .services import open_datasets_refusal
        from .work import privacy_items  # noqa: F401  (what waits for a person: わたしの仕事, 次にすること)

        # K-8: the contractor complies with annex 1 to the end; the contract closes only once its personal
        # information is returned, disposed of or erased and the client has confirmed it (P-6-7).
        gates.register("privacy")(open_datasets_refusal)
