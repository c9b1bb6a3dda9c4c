from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Gruppi e sedi")

    def ready(self) -> None:
        from core.cache import GROUPS, watch_public_models
        from groups.models import Group, Phase, Venue

        watch_public_models(Group, Phase, Venue, family=GROUPS)
