from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AmalavConfig(AppConfig):
    name = "amalav"
    verbose_name = _("Portale AMALav")

    def ready(self) -> None:
        from django.contrib.flatpages.models import FlatPage

        from amalav.models import MenuEntry
        from core.cache import PAGES, watch_public_models

        # The text pages (/progetto/, /contatti/, ...) are flat pages served by this package,
        # and the navigation shows the ones coordinators put in the menu.
        watch_public_models(FlatPage, MenuEntry, family=PAGES)


class AmalavAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site: the dashboard, the registers and the report."""

    default = False  # named in INSTALLED_APPS; "amalav" alone means AmalavConfig
    default_site = "amalav.sites.AmalavAdminSite"
