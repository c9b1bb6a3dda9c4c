"""Pieces: parts of pages (or whole feeds) kept rendered per version of what they show.

Pieces of a page that are costly to build and the same for everybody (the filters'
choices, a calendar, an iCalendar feed) are kept with `per_content_version()` or the
`{% fragment %}` tag, so a page-cache miss (a new query, a page past its 60 s) rebuilds
only the page around them. Each piece shows some content families (by default those of
the page it is built in) and varies on whatever else it shows: the clock, for pages of
meetings (`meetings.services.schedule_epoch`). Its key holds the release, so a new
deployment never serves a body built by the old code.
"""

import contextlib
import functools
import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from core.cache import near
from core.cache.families import families_shown, release, versions_and_entry

T = TypeVar("T")

PUBLIC_PAGE_SECONDS = 60
# A piece is stale once a version it shows moves on; this only bounds the memory of
# pieces nobody asks for any more.
PIECE_SECONDS = 24 * 60 * 60
PIECE_KEY_PREFIX = "piece:"


def piece_key(name: str, *vary_on: object) -> str:
    parts = repr((release(), name, *vary_on)).encode()
    return PIECE_KEY_PREFIX + hashlib.md5(parts, usedforsecurity=False).hexdigest()


class Build:
    """One key's build in this process: its lock, the threads at it, how the last ended."""

    def __init__(self) -> None:
        # Reentrant: a build that asks for its own piece again builds it, as it did before.
        self.lock = threading.RLock()
        self.users = 0
        self.ended = 0  # builds ended so far
        self.failure: BaseException | None = None


class OneBuildAtATime:
    """Threads of this process that miss the same piece wait for one of them to build it.

    After a change, or in a fresh worker, every thread asking for a costly piece (the
    press sitemap, the archive's filters) would build it at once: eight builds sharing
    two cores, each as slow as all of them, long enough to run past the database slots'
    short wait (core.db) and answer 503. The first builds; the others take its result,
    or its error: a build that failed (the database away) is not tried again by each
    waiter in turn, which would keep the last of them waiting for all the others.
    """

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.builds: dict[str, Build] = {}

    @contextlib.contextmanager
    def of(self, key: str) -> Iterator[bool]:
        """Holds `key`'s build; yields whether another thread built it meanwhile."""
        with self.guard:
            build = self.builds.setdefault(key, Build())
            build.users += 1
            ended_before = build.ended
        try:
            with build.lock:
                if build.ended != ended_before and build.failure is not None:
                    raise build.failure
                try:
                    yield build.ended != ended_before
                except BaseException as error:
                    build.failure = error
                    raise
                else:
                    build.failure = None
                finally:
                    build.ended += 1
        finally:
            with self.guard:
                build.users -= 1
                if build.users == 0:
                    del self.builds[key]

    def users(self, key: str) -> int:
        """The threads building or waiting to build `key`."""
        with self.guard:
            build = self.builds.get(key)
            return build.users if build else 0


builds = OneBuildAtATime()


def per_content_version(
    name: str,
    build: Callable[[], T],
    *vary_on: object,
    seconds: int = PIECE_SECONDS,
    families: Iterable[str] | None = None,
) -> T:
    """`build()`, built once per version of `families` and `vary_on` values, in one round trip.

    Kept whatever PAGE_CACHE_ENABLED says, since a page-cache miss is what it makes
    cheap; rebuilt every time with DEBUG on, so a developer sees a template change at once.
    """
    if settings.DEBUG:
        return build()
    families = tuple(families) if families is not None else families_shown()
    key = piece_key(name, *vary_on)
    near_used = near.used()
    seen = near.recent_versions.fresh() if near_used else None
    if seen is not None:
        versions = tuple(seen[family] for family in families)
        value = near.pieces.get(key, versions)
        if value is not None:
            return value
    seen, entry = versions_and_entry(key)
    versions = tuple(seen[family] for family in families)
    if entry is not None and entry[0] == versions:
        value = entry[1]
    else:
        with builds.of(key) as built_meanwhile:
            # The thread that built it meanwhile kept it; the first to miss has nothing to read.
            entry = cache.get(key) if built_meanwhile else None
            if entry is not None and entry[0] == versions:
                value = entry[1]
            else:
                value = build()
                cache.set(key, (versions, value), seconds)
    if near_used:
        # Kept here no longer than in the shared cache; a new version makes it stale.
        near.pieces.put(key, versions, time.time() + seconds, value)
    return value


def kept_per_content_version(
    view: Callable[..., HttpResponse],
    params: Iterable[str] = (),
    families: Iterable[str] | None = None,
) -> Callable[..., HttpResponse]:
    """A public view whose whole response follows from the content, its address and host,
    and the query parameters named in `params` (each read as the view reads it).

    For feeds and sitemaps, which show no clock: their body is built once per version of
    what they show, so a page-cache miss costs a cache read. Other query parameters take
    no part: they can neither change the answer nor add an entry.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        def build() -> tuple[int, dict[str, str], bytes]:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):  # a TemplateResponse, as the sitemaps send
                response.render()
            return response.status_code, dict(response.headers), response.content

        status, headers, body = per_content_version(
            f"view:{view.__module__}.{getattr(view, '__name__', type(view).__name__)}",
            build,
            request.build_absolute_uri(request.path),
            *(request.GET.get(name) for name in params),
            families=families,
        )
        return HttpResponse(body, status=status, headers=headers)

    return wrapped


def page_with_slots(
    name: str,
    render: Callable[[dict[str, str]], HttpResponse],
    slots: Iterable[str],
    families: Iterable[str] | None = None,
) -> HttpResponse:
    """A page the same for everybody but for a few per-visitor values (a form's tokens).

    `render` gets a placeholder for each slot and runs once per version of `families`
    (and at most every PUBLIC_PAGE_SECONDS: a form may say what the clock says); the
    page cache fills the slots with each visitor's values (`pages.fill_tokens`).
    """

    def with_slots() -> tuple[dict[str, str], str]:
        placeholders = {slot: f"page-slot-{slot}-{uuid.uuid4().hex}" for slot in slots}
        return placeholders, render(placeholders).content.decode()

    placeholders, html = per_content_version(
        f"page-with-slots:{name}", with_slots, seconds=PUBLIC_PAGE_SECONDS, families=families
    )
    response = HttpResponse(html)
    response.token_slots = placeholders
    return response
