"""Text messages, sent the way Django sends email: through the backend SMS_BACKEND names.

    get_backend().send(TextMessage(to="+393481234567", body="...", reference="msg-42"))

returns the provider's id for the message, or raises TemporarySmsError (send it again
later) or PermanentSmsError (change the number or the text first). See docs/sms.md.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from core.sms.backends.base import BaseSmsBackend
from core.sms.message import PermanentSmsError, SmsError, TemporarySmsError, TextMessage
from core.sms.text import Segments, fit_gsm7, segments, sms_text

__all__ = [
    "PermanentSmsError",
    "Segments",
    "SmsError",
    "TemporarySmsError",
    "TextMessage",
    "fit_gsm7",
    "get_backend",
    "outbox",
    "segments",
    "sms_text",
]

# What the locmem backend sent, as django.core.mail.outbox is for email; tests empty it.
outbox: list[TextMessage] = []


def get_backend(backend: str | None = None, **kwargs: object) -> BaseSmsBackend:
    """An instance of `backend` (a dotted path), SMS_BACKEND by default."""
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)
