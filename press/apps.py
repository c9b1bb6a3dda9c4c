from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Rassegna stampa e documenti")

    def ready(self) -> None:
        from core.cache import PRESS, watch_public_models
        from press.models import Document, Outlet, PressAttachment, PressItem

        watch_public_models(PressItem, PressAttachment, Outlet, Document, family=PRESS)
