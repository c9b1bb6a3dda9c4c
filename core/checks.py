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
