"""This process's own copy of what it read last from a cache outside the process.

With Redis or the shared file cache, every read is a round trip (a socket, a file). A
process keeps the family versions it read last and trusts them for
PAGE_CACHE_NEAR_SECONDS, and keeps the pages and pieces it served last under the versions
they were built from: most hits then make no round trip. A change made in this process
forgets the versions, so it shows at once here, and in the other processes within that
time. With the cache in this process's memory already, none of this is used.
"""

import math
import pickle  # nosec B403
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache


def used() -> bool:
    # With the cache in this process's memory already, a second copy would gain nothing.
    return settings.PAGE_CACHE_NEAR_SECONDS > 0 and not isinstance(
        caches[DEFAULT_CACHE_ALIAS], LocMemCache
    )


class RecentVersions:
    """The family versions this process read last, and when."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: dict[str, int] | None = None
        self.read_at = -math.inf

    def saw(self, versions: dict[str, int] | None) -> None:
        with self.lock:
            self.versions, self.read_at = versions, time.monotonic()

    def forget(self) -> None:
        with self.lock:
            self.read_at = -math.inf

    def fresh(self) -> dict[str, int] | None:
        """The versions read less than PAGE_CACHE_NEAR_SECONDS ago, if any."""
        if time.monotonic() - self.read_at < settings.PAGE_CACHE_NEAR_SECONDS:
            return self.versions
        return None


class NearCopies:
    """The values (pages, pieces) this process served last, each under its versions.

    Kept pickled, so each hit unpickles a value of its own, as from the shared cache, and
    no caller can change another's copy; at most `size` of them, the least recently
    served dropped first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.values: OrderedDict[str, tuple[tuple, float, bytes]] = OrderedDict()

    def get(self, key: str, versions: tuple) -> object | None:
        with self.lock:
            entry = self.values.get(key)
            if entry is None or entry[0] != versions or entry[1] < time.time():
                return None
            self.values.move_to_end(key)
        return pickle.loads(entry[2])  # noqa: S301  # nosec B301

    def put(self, key: str, versions: tuple, expires: float, value: object) -> None:
        with self.lock:
            self.values[key] = (versions, expires, pickle.dumps(value))
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


recent_versions = RecentVersions()
pages = NearCopies(256)
# Pieces can be large (a sitemap of 1,000 press items): fewer of them.
pieces = NearCopies(64)


def forget_versions() -> None:
    """A change made in this process shows at once in this process."""
    recent_versions.forget()


def clear() -> None:
    pages.clear()
    pieces.clear()
    recent_versions.forget()
