from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "itaku.core"
    label = "core"

    def ready(self):
        from . import generations

        generations.watch_contract_rows()
