"""Third-party apps under Italian names in the admin (their own catalogues lack Italian)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Protezione degli accessi")
