"""Client-side deadlines for PostgreSQL round trips.

A database that stops answering (a frozen process, a lost network path) keeps its TCP
connections open: neither libpq's connect_timeout nor the server's statement_timeout
ever fires, and every request would wait until gunicorn kills the worker. psycopg2
lets the application do the waiting (a wait callback), so here every wait has a
deadline; past it psycopg2 closes the connection, the query raises OperationalError,
and Django opens a fresh connection on the next request.
"""

import contextlib
import contextvars
import select
import time
from collections.abc import Iterator

import psycopg2
from psycopg2 import extensions

# The tighter end set by `deadline()`, as a time.monotonic() value.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "database_deadline", default=None
)
_connect_seconds: float | None = None
_round_trip_seconds: float | None = None


class DatabaseTimeout(psycopg2.OperationalError):
    """The server did not answer in time."""


def install(connect_seconds: float | None, round_trip_seconds: float | None) -> None:
    """Makes psycopg2 wait through `wait`; None leaves that kind of wait unbounded."""
    global _connect_seconds, _round_trip_seconds
    _connect_seconds, _round_trip_seconds = connect_seconds, round_trip_seconds
    extensions.set_wait_callback(wait)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every round trip inside the block, connecting included, ends within `seconds`."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def wait(conn: extensions.connection) -> None:
    """psycopg2's wait callback: psycopg2.extras.wait_select, with a deadline."""
    ends = [end for end in (_deadline.get(),) if end is not None]
    limit = _connect_seconds if conn.status == extensions.STATUS_SETUP else _round_trip_seconds
    if limit:
        ends.append(time.monotonic() + limit)
    end = min(ends, default=None)
    poller = select.poll()
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            poller.register(conn.fileno(), select.POLLIN)
        elif state == extensions.POLL_WRITE:
            poller.register(conn.fileno(), select.POLLOUT)
        else:
            raise psycopg2.OperationalError(f"unexpected poll state {state}")
        remaining = None if end is None else end - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise DatabaseTimeout("the database did not answer in time")
        poller.poll(None if remaining is None else remaining * 1000)
