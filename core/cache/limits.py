"""Counters that must keep counting while the cache is away (the sign-up rate limit).

They count in the default cache; when it is away (Redis down) they count in the
database, through Django's database cache (`FALLBACK_CACHE_ALIAS`, its table made by
core's migrations), so a flood of sign-ups is still refused.
"""

from django.core.cache import BaseCache, caches

FALLBACK_CACHE_ALIAS = "database"


def count_attempt(key: str, seconds: int) -> int:
    """Counts one attempt under `key` in a window of `seconds`; the attempts so far."""
    default = caches["default"]
    count = _count(default, key, seconds)
    outage = getattr(default, "outage", None)
    if outage is not None and outage.skipping():
        return _count(caches[FALLBACK_CACHE_ALIAS], key, seconds)
    return count


def _count(backend: BaseCache, key: str, seconds: int) -> int:
    backend.add(key, 0, timeout=seconds)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add and incr, or the cache is away
        backend.set(key, 1, timeout=seconds)
        return 1
