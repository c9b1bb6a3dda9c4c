"""Whole-page caching of the public pages, emptied whenever coordinators change content.

Every cached page key carries a content version; saving or deleting any public content
bumps it, so the next visitor gets a fresh page. Pages that depend on the clock (the
next meeting) are kept at most PUBLIC_PAGE_SECONDS.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page

PUBLIC_PAGE_SECONDS = 60
VERSION_KEY = "public-content-version"


def content_version() -> int:
    # A version made from the clock: one lost to eviction is never reused.
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def content_changed(**kwargs) -> None:
    """Signal receiver: any change to public content makes every cached page stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version stored: a new one is fresh
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Caches a public GET page for everybody; never use it on a page with a form."""
    cached_views: dict[int, Callable[..., HttpResponse]] = {}

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.DEBUG:  # a developer editing a template sees the change at once
            return view(request, *args, **kwargs)
        version = content_version()
        if version not in cached_views:
            cached_views.clear()
            cached_views[version] = cache_page(
                PUBLIC_PAGE_SECONDS, key_prefix=f"public-v{version}"
            )(view)
        return cached_views[version](request, *args, **kwargs)

    return wrapped
