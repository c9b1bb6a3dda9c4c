from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Gruppi e adesioni")

    def ready(self) -> None:
        from amalav.cache import watch_public_models
        from groups.models import Group, SignupRequest, Venue

        # Sign-up requests are never shown, but their accepted count says "al completo".
        watch_public_models(Group, Venue, SignupRequest)
