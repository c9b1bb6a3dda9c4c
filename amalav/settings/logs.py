"""One JSON line per event; what a client got wrong is a warning, never an error."""

import os

LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "filters": {
        "refused_input": {"()": "core.logging.RefusedInputFilter", "level": LOG_LEVEL},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "refusals": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["refused_input"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # A bad Host header, too many fields...: the client's fault, logged as a WARNING.
        "django.security": {"handlers": ["refusals"], "propagate": False},
        # Our request log replaces Django's, which prints full URLs with query strings.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
