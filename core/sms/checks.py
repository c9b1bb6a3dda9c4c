import re

from django.conf import settings
from django.core.checks import Warning

# What networks show as a sender: 11 letters and digits, or a number of up to 15 digits.
SENDER = re.compile(r"[A-Za-z0-9]{1,11}|[0-9]{1,15}")


def provider_configured(app_configs, **kwargs) -> list[Warning]:
    """Production whose SMS cannot leave: the messages would wait in the outbox."""
    warnings = []
    brevo = settings.SMS_BACKEND == "core.sms.backends.brevo.SmsBackend"
    if brevo and not settings.DEBUG and not settings.BREVO_API_KEY:
        warnings.append(
            Warning(
                "SMS go through Brevo but BREVO_API_KEY is not set.",
                hint=(
                    "Without it no SMS leaves: participants who gave only a mobile number "
                    "hear nothing. Set BREVO_API_KEY, or SMS_BACKEND to another backend "
                    "(docs/sms.md)."
                ),
                id="sms.W001",
            )
        )
    if not SENDER.fullmatch(settings.SMS_SENDER):
        warnings.append(
            Warning(
                f"SMS_SENDER {settings.SMS_SENDER!r} is no valid SMS sender.",
                hint="Up to 11 letters and digits (the alias registered with AGCOM), "
                "or a number of up to 15 digits.",
                id="sms.W002",
            )
        )
    return warnings
