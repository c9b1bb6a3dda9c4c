from django.apps import AppConfig
from django.conf import settings
from django.core.checks import register
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: helpers every app may import; it imports no app of ours."""

    name = "core"
    verbose_name = _("Servizi comuni")

    def ready(self) -> None:
        from core import checks
        from core.sms import checks as sms_checks

        register(checks.shared_cache)
        register(checks.send_fits_the_claim)
        register(sms_checks.provider_configured)
        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
            from core import db

            # A frozen server enforces nothing: stop waiting a little after it would have.
            statement = settings.DB_STATEMENT_TIMEOUT
            db.install(
                settings.DB_CONNECT_TIMEOUT or None,
                statement + 2 if statement else None,
                slots=settings.REQUEST_SLOTS,
            )
