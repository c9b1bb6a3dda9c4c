from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Calendario degli incontri")

    def ready(self) -> None:
        from core.cache import GROUPS, watch_public_models
        from meetings.models import Meeting

        watch_public_models(Meeting, family=GROUPS)
