"""gunicorn settings for production; every value can be overridden from the environment."""

import multiprocessing
import os

from gunicorn.glogging import Logger


class PrivateLogger(Logger):
    """gunicorn's error log without the client's address or the raw request line.

    gunicorn writes both when it refuses a malformed request or a request fails; the
    request line holds the query string (search terms, personal data). The event stays.
    """

    def warning(self, msg, *args, **kwargs) -> None:
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg, args = "Invalid request refused", ()
        super().warning(msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs) -> None:
        if isinstance(msg, str) and msg.startswith("Error handling request"):
            msg, args = "Error handling request", ()
        super().exception(msg, *args, **kwargs)


bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one, each with a few threads: a request waiting on the database
# leaves the others free, and the app keeps one thread for /healthz and cached pages
# (core.middleware.RequestSlotsMiddleware).
workers = int(os.getenv("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.getenv("GUNICORN_THREADS", "8"))
timeout = int(os.getenv("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Workers are not recycled by default: a fresh worker starts with an empty page cache.
# Set GUNICORN_MAX_REQUESTS if a leak ever needs it.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Load Django once in the master: workers fork ready, and a broken setting fails at start.
preload_app = True
# Our own middleware logs each request without personal data; gunicorn's access log would
# print query strings, which can hold search terms.
accesslog = None
errorlog = "-"
logger_class = PrivateLogger
loglevel = os.getenv("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
