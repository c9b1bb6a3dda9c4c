from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmalavConfig(AppConfig):
    name = "amalav"
    verbose_name = _("Portale AMALav")

    def ready(self) -> None:
        from django.contrib.flatpages.models import FlatPage
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from amalav.models import MenuEntry
        from core.cache import content_changed
        from groups.models import Group, Phase, Venue
        from meetings.models import Meeting
        from press.models import Document, Outlet, PressItem
        from signups.models import SignupRequest

        # Every model a public page shows or counts: accepted requests decide "al completo".
        for model in (
            FlatPage,
            MenuEntry,
            Group,
            Phase,
            Venue,
            Meeting,
            PressItem,
            Outlet,
            Document,
            SignupRequest,
        ):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}")
            post_delete.connect(
                content_changed, sender=model, dispatch_uid=f"cache-d-{model.__name__}"
            )
        m2m_changed.connect(
            content_changed, sender=PressItem.related_groups.through, dispatch_uid="cache-m2m"
        )
