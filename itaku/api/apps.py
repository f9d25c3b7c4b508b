from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "itaku.api"
    label = "api"
