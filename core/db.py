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
import threading
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
# The request's claim on one of the process's database slots (see `request_slot`).
_claim: contextvars.ContextVar["Claim | None"] = contextvars.ContextVar(
    "database_slot", default=None
)
_slots: threading.BoundedSemaphore | None = None
SLOT_WAIT_SECONDS = 0.05


class DatabaseTimeout(psycopg2.OperationalError):
    """The server did not answer in time."""


def install(
    connect_seconds: float | None, round_trip_seconds: float | None, slots: int | None = None
) -> None:
    """Makes psycopg2 wait through `wait`; None leaves that kind of wait unbounded.

    With `slots`, at most that many requests of the process wait on the database at once.
    """
    global _connect_seconds, _round_trip_seconds, _slots
    _connect_seconds, _round_trip_seconds = connect_seconds, round_trip_seconds
    _slots = threading.BoundedSemaphore(slots) if slots else None
    extensions.set_wait_callback(wait)


class Claim:
    def __init__(self, exempt: bool) -> None:
        self.exempt = exempt
        self.held = False


class DatabaseBusy(DatabaseTimeout):
    """Every slot of the process is taken by requests waiting on the database."""


@contextlib.contextmanager
def request_slot(exempt: bool = False) -> Iterator[None]:
    """A request takes one of the process's slots at its first wait on the database,
    and gives it back at its end; when none is free, that wait raises DatabaseBusy.

    A request answered without the database (a cached page, a kept form) takes none, so
    it is served even while every slot waits on a frozen database; `exempt` requests
    (the health check, bounded by its own deadline) take none either.
    """
    claim = Claim(exempt)
    token = _claim.set(claim)
    try:
        yield
    finally:
        _claim.reset(token)
        if claim.held and _slots is not None:
            _slots.release()


def _take_slot() -> None:
    claim = _claim.get()
    if claim is None or claim.exempt or claim.held or _slots is None:
        return
    # A moment's wait absorbs a burst; longer would hold the thread kept for /healthz.
    if not _slots.acquire(timeout=SLOT_WAIT_SECONDS):
        raise DatabaseBusy("every database slot of this process is waiting")
    claim.held = True


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
    _take_slot()
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
