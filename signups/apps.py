from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    name = "signups"
    verbose_name = _("Adesioni")

    def ready(self) -> None:
        from core.cache import watch_public_models
        from signups.models import SignupRequest

        # Requests are never shown, but their accepted count says "al completo".
        watch_public_models(SignupRequest)
