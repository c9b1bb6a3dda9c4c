from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accessi del personale")

    def ready(self) -> None:
        # Logins, logouts, failures and lockouts are recorded as Django and axes announce them.
        from accounts import events  # noqa: F401
