"""Staff sessions: when one is over, and ending all of a user's sessions at once."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.utils import timezone

STARTED = "staff_session_started"
SEEN = "staff_session_seen"
# The last request is written down at most this often: one session write a minute.
SEEN_RESOLUTION_SECONDS = 60


def stamp(session: SessionBase) -> None:
    """Called at login: the moment the idle and the absolute limits count from."""
    now = int(time.time())
    session[STARTED] = now
    session[SEEN] = now


def is_over(session: SessionBase, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        # A session from before these limits: it counts from now.
        return False
    idle = now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60
    too_old = now - started > settings.STAFF_SESSION_MAX_HOURS * 3600
    return idle or too_old


def touch(session: SessionBase, now: float | None = None) -> None:
    now = int(time.time() if now is None else now)
    if STARTED not in session:
        stamp(session)
    elif now - session.get(SEEN, 0) >= SEEN_RESOLUTION_SECONDS:
        session[SEEN] = now


def end_sessions(user, keep: str | None = None) -> int:
    """Deletes every live session of the user except `keep`; returns how many.

    Only staff have sessions on this site, so reading each live one is cheap.
    """
    live = Session.objects.filter(expire_date__gt=timezone.now())
    if keep:
        live = live.exclude(session_key=keep)
    keys = [
        session.session_key
        for session in live.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)
