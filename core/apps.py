from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: helpers every app may import; it imports no app of ours."""

    name = "core"
    verbose_name = _("Servizi comuni")
