"""The public cache's API for the apps; its mechanisms live in the modules beside it.

- `families`: versions per content family, the models each app watches, the release.
- `pieces`: parts of pages kept per version of what they show.
- `pages`: whole public pages (the middleware), with the last good copy.
- `redis_client`: the Redis backend, one client per process, failing open.
- `limits`: counters (the sign-up rate limit) that fall back to the database.

Apps import from here only, never from the modules.
"""

from core.cache.families import (
    ALL,
    CAPACITY,
    GROUPS,
    PAGES,
    PRESS,
    content_changed,
    family_versions,
    release,
    version_keys,
    versions_from,
    watch_public_models,
)
from core.cache.limits import count_attempt
from core.cache.pages import PageCacheMiddleware, clear, public_page
from core.cache.pieces import (
    PIECE_SECONDS,
    PUBLIC_PAGE_SECONDS,
    kept_per_content_version,
    page_with_slots,
    per_content_version,
    piece_key,
)
from core.cache.redis_client import SharedRedisCache, cache_available

__all__ = [
    "ALL",
    "CAPACITY",
    "GROUPS",
    "PAGES",
    "PIECE_SECONDS",
    "PRESS",
    "PUBLIC_PAGE_SECONDS",
    "PageCacheMiddleware",
    "SharedRedisCache",
    "cache_available",
    "clear",
    "content_changed",
    "count_attempt",
    "family_versions",
    "kept_per_content_version",
    "page_with_slots",
    "per_content_version",
    "piece_key",
    "public_page",
    "release",
    "version_keys",
    "versions_from",
    "watch_public_models",
]
