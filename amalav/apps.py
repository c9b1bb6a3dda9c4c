from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AmalavConfig(AppConfig):
    name = "amalav"
    verbose_name = _("Portale AMALav")

    def ready(self) -> None:
        from django.contrib.flatpages.models import FlatPage
        from django.db.models.signals import post_migrate

        from amalav.models import MenuEntry
        from amalav.permissions import italian_permission_names
        from core.cache import PAGES, watch_public_models

        # The text pages (/progetto/, /contatti/, ...) are flat pages served by this package,
        # and the navigation shows the ones coordinators put in the menu.
        watch_public_models(FlatPage, MenuEntry, family=PAGES)
        # After auth's own receiver, which creates the permissions in English.
        post_migrate.connect(italian_permission_names)


class AmalavAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site: the dashboard, the registers and the report."""

    default = False  # named in INSTALLED_APPS; "amalav" alone means AmalavConfig
    default_site = "amalav.sites.AmalavAdminSite"

    def ready(self) -> None:
        from django.contrib.admin import options
        from django.db import models

        from core.widgets import LabelledSplitDateTime

        # Every admin's date and time boxes get a name (Django's have none), before the
        # admin classes are loaded and copy these defaults.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = (
            LabelledSplitDateTime
        )
        super().ready()
