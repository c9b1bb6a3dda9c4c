"""gunicorn settings for production; every value can be overridden from the environment."""

import multiprocessing
import os
import socket
import time

from gunicorn.glogging import Logger
from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker


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


class ReadDeadline:
    """A client's socket whose reads must all be done by one deadline.

    gunicorn gives no limit to how long a request may take to arrive: six clients sending
    a body a byte at a time held every worker (and /healthz) until the worker timeout
    killed them. nginx, which always stands in front (docs/deploying.md), reads the whole
    request before passing it on at loopback speed, so a request that takes longer is a
    slow or hostile client.
    """

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.sock = sock
        self.restart(seconds)

    def restart(self, seconds: float) -> None:
        """A new request on a kept-alive connection: a new deadline for it."""
        self.deadline = time.monotonic() + seconds
        self.answered = False

    def shutdown(self, how: int) -> None:
        # After its answer gunicorn drains what the client sent, with a timeout of its own.
        self.answered = True
        self.sock.shutdown(how)

    def recv(self, size: int, *flags: int) -> bytes:
        if self.answered:
            return self.sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise NoMoreData(b"")  # gunicorn closes the connection without a word
        previous = self.sock.gettimeout()
        self.sock.settimeout(remaining if previous is None else min(previous, remaining))
        try:
            return self.sock.recv(size, *flags)
        except TimeoutError:
            raise NoMoreData(b"") from None
        finally:
            self.sock.settimeout(previous)

    def __getattr__(self, name: str):
        return getattr(self.sock, name)


class BoundedThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, with each request (headers and body) read in time."""

    def handle(self, conn):
        if isinstance(conn.sock, ReadDeadline):
            conn.sock.restart(request_read_seconds)
        else:
            conn.sock = ReadDeadline(conn.sock, request_read_seconds)
        return super().handle(conn)


bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one, each with a few threads: a request waiting on the database
# leaves the others free, and the app keeps one thread for /healthz and cached pages
# (core.middleware.RequestSlotsMiddleware).
workers = int(os.getenv("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = BoundedThreadWorker
threads = int(os.getenv("GUNICORN_THREADS", "8"))
timeout = int(os.getenv("GUNICORN_TIMEOUT", "30"))
# The longest a request may take to arrive, headers and body (the worker timeout above
# bounds the answer): nginx hands over a whole 12 MB upload in well under a second.
request_read_seconds = float(os.getenv("GUNICORN_REQUEST_READ_SECONDS", "5"))
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
