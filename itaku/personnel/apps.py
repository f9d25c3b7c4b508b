from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "itaku.personnel"
    label = "personnel"
    verbose_name = _("責任体制・周知・研修")
