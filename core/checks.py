from django.conf import settings
from django.core.checks import Warning


def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Production with a per-process cache: workers disagree on pages and rate limits."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        Warning(
            "The cache is local to each process: set REDIS_URL or leave the default file cache.",
            hint=(
                "Without a shared cache each gunicorn worker keeps its own cached pages "
                "(a change reaches the others only when they expire) and counts "
                "sign-ups and failed logins on its own."
            ),
            id="core.W001",
        )
    ]


def send_fits_the_claim(app_configs, **kwargs) -> list[Warning]:
    """A send that can outlast its claim may be sent twice by another worker."""
    # An SMTP send is a few exchanges (MAIL, RCPT, DATA, the message), each up to the timeout.
    longest = 4 * max(settings.EMAIL_TIMEOUT or 0, settings.SMS_TIMEOUT)
    if longest < settings.OUTBOX_CLAIM_SECONDS:
        return []
    return [
        Warning(
            "A message can take longer to send than a worker's claim on it lasts.",
            hint=(
                f"Four times EMAIL_TIMEOUT or SMS_TIMEOUT ({longest:g} s) must stay below "
                f"OUTBOX_CLAIM_SECONDS ({settings.OUTBOX_CLAIM_SECONDS} s): lower the "
                "timeouts or raise the claim."
            ),
            id="core.W002",
        )
    ]
