"""The benchmark's settings, from BENCH_* variables, and the production environment its
servers and in-process renders run in (see run.py for each variable)."""

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def yes(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


DATABASE_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/amalav_bench")
SECONDS = int(os.getenv("BENCH_SECONDS", "5"))
ROUNDS = int(os.getenv("BENCH_ROUNDS", "2"))
PRESS_ITEMS = int(os.getenv("BENCH_PRESS_ITEMS", "10000"))
SIGNUPS = int(os.getenv("BENCH_SIGNUPS", "10000"))
CONNECTIONS = int(os.getenv("BENCH_CONNECTIONS", "32"))
# The first of six ports in a row; without it the system picks free ones.
PORT = int(os.getenv("BENCH_PORT", "0"))
REDIS_URL = os.getenv("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
SCALE = yes("BENCH_SCALE", "0")
# Off: every page through every layer once, for its status, instead of wrk's rounds.
WRK = yes("BENCH_WRK", "1")
SCALE_STEPS = (1_000, 10_000, 100_000)
FRESH_TARGET_MS = 10
# The sign-up form carries each visitor's CSRF token: nginx passes it to the app every
# time (deploy/nginx.conf), so the static file's throughput is no target for it.
NEVER_STORED_BY_NGINX = {"/aderisci/"}

# The production configuration, on ports of its own so a running `make run` is untouched.
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL")},
    "DJANGO_SETTINGS_MODULE": "amalav.settings",
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
    # A slow page on a busy machine is measured, not killed.
    "GUNICORN_TIMEOUT": "120",
    # The sign-up figures post hundreds of forms from one address.
    "SIGNUP_RATE_LIMIT": "1000000",
    # Loading 100k press items fills their search vectors in statements of 1,000 rows.
    "DB_STATEMENT_TIMEOUT_SECONDS": "0",
}
# Each server its own file cache, as each would be on a machine of its own.
CACHE_ROOT = tempfile.mkdtemp(prefix="amalav-bench-cache-")
# Uploads (the photo item) in a folder of the run's own, served by the nginx layer.
MEDIA = Path(tempfile.mkdtemp(prefix="amalav-bench-media-"))
ENV["MEDIA_ROOT"] = str(MEDIA)


def use_production_environment() -> None:
    """This process renders pages in-process as the servers do: same settings, no Redis."""
    os.environ.update(ENV)
    os.environ.pop("REDIS_URL", None)
