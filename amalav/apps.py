from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmalavConfig(AppConfig):
    name = "amalav"
    verbose_name = _("Portale AMALav")
