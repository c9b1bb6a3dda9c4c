from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    name = "signups"
    verbose_name = _("Adesioni")

    def ready(self) -> None:
        from signups.capacity import watch_capacity

        # Requests are never shown, but their accepted count says "al completo".
        watch_capacity()
