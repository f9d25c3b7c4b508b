from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "itaku.core"
    label = "core"
