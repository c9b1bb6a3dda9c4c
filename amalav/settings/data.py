"""The database and the cache, and how long each may keep a request waiting."""

import os
from pathlib import Path

import dj_database_url

from .base import BASE_DIR, DEBUG, envbool, envint

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        # A connection broken by a PostgreSQL restart is replaced on the next request.
        conn_health_checks=True,
    )
}
# A database that stops answering fails requests fast instead of hanging every worker:
# connecting and each statement have a time limit (0 turns the statement limit off).
DB_CONNECT_TIMEOUT = envint("DB_CONNECT_TIMEOUT_SECONDS", 3)
DB_STATEMENT_TIMEOUT = envint("DB_STATEMENT_TIMEOUT_SECONDS", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
    )
# Public pages give up on the database sooner than the admin (core.middleware).
PUBLIC_DB_SECONDS = float(os.getenv("PUBLIC_DB_SECONDS", "2"))
# Each gunicorn worker's threads (gunicorn.conf.py); all but one may wait on the database.
REQUEST_SLOTS = envint("REQUEST_SLOTS", max(1, envint("GUNICORN_THREADS", 8) - 1))
# How long people are asked to wait when the database is away.
OUTAGE_RETRY_SECONDS = 120
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every worker shares (docs/cache.md). With REDIS_URL: one Redis for every app
# instance; each call gives up within CACHE_TIMEOUT_SECONDS and the site fails open.
# Without it: a file cache every worker of this machine shares, which outlives a database
# outage; a per-process memory cache only with DEBUG.
REDIS_URL = os.getenv("REDIS_URL", "")
CACHE_DIR = Path(os.getenv("CACHE_DIR", str(BASE_DIR / ".cache" / "pages")))
CACHE_TIMEOUT_SECONDS = float(os.getenv("CACHE_TIMEOUT_SECONDS", "0.1"))
# After Redis fails, each process serves without it this long before trying again.
CACHE_RETRY_SECONDS = float(os.getenv("CACHE_RETRY_SECONDS", "1"))
if REDIS_URL:
    DEFAULT_CACHE = {"BACKEND": "core.cache.SharedRedisCache", "LOCATION": REDIS_URL}
elif DEBUG:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
else:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 5000)},
    }
CACHES = {
    "default": DEFAULT_CACHE,
    # Where counters (the sign-up rate limit) go while the default cache is away.
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "core_cache_fallback",
    },
}
# The release in every kept piece's key: the commit when the deployment names it, else a
# digest of the code, templates and translations (core.cache.release).
RELEASE_ID = os.getenv("RELEASE_ID", "")

# Off only to measure pages rendered fresh (make bench); DEBUG turns the page cache off too.
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", "true")
# With a cache outside the process (Redis, files), how long each process trusts the
# versions it last read and serves its own copy of a page without asking: a coordinator's
# change reaches every worker within this many seconds (0: ask on every request).
PAGE_CACHE_NEAR_SECONDS = float(os.getenv("PAGE_CACHE_NEAR_SECONDS", "0.5"))
