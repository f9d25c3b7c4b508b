from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "itaku.journal"
    label = "journal"
    verbose_name = _("ジャーナル")

    def ready(self):
        from itaku.core import generations

        from .signals import appended

        def new_generation(sender, event, **kwargs):
            generations.start(generations.scopes_of_event(event))

        appended.connect(new_generation, weak=False, dispatch_uid="itaku.journal.generations")
