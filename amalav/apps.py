from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmalavConfig(AppConfig):
    name = "amalav"
    verbose_name = _("Portale AMALav")

    def ready(self) -> None:
        from django.contrib.flatpages.models import FlatPage

        from amalav.cache import watch_public_models

        # The text pages (/progetto/, /contatti/, ...) are flat pages served by this package.
        watch_public_models(FlatPage)
