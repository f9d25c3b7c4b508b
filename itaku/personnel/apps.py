from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "itaku.personnel"
    label = "personnel"
    verbose_name = _("責任体制・周知・研修")

    def ready(self):
        from itaku.contracts.lifecycle import gates

        from . import panels  # noqa: F401  (registers the contract page section)
        from .services.people import pledge_reminders
        from .work import personnel_items  # noqa: F401  (what waits for a person: わたしの仕事, 次にすること)

        gates.on_close("personnel")(pledge_reminders)  # K-7: confidentiality continues after the close
