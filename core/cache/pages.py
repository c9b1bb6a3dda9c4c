"""Whole public pages, served from the cache before the rest of the middleware runs.

- A view is public when it is decorated with `public_page` where it is defined; the
  decorator names the query parameters the page reads and the content families it
  shows. Only those parameters take part in the cache key, and the others are dropped
  before the view runs, so `?x=<random>` neither misses nor fills the cache. A page is
  stale once one of its families has a new version.
- Pages that depend on the clock (the next meeting) are kept at most PUBLIC_PAGE_SECONDS,
  here and in a front proxy (the `Cache-Control` max-age of every public page).
- `PageCacheMiddleware` answers a hit with the headers (security headers included) the
  page was first sent with, in one cache round trip. With a cache outside the process
  (Redis, the shared file cache) each process also keeps the pages it served last and
  reads the versions at most every PAGE_CACHE_NEAR_SECONDS, so most hits make no round
  trip: a change shows at once in the process that made it, and in the others within
  that time. A response that sets a cookie, or varies on anything but Accept-Encoding,
  is never stored.
- Last good copy: a page without query parameters stays in the cache for a day after it
  stops being fresh; when its view fails (the database is away), that copy is served.
"""

import functools
import hashlib
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_cache_control

from core.cache import near
from core.cache.families import ALL, showing, versions_and_entry
from core.cache.pieces import PUBLIC_PAGE_SECONDS

PAGE_KEY_PREFIX = "page:"
# How long a page's last good copy is kept, to serve while the database is away.
STALE_SECONDS = 24 * 60 * 60


def public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    params: Iterable[str] = (),
    families: Iterable[str] = ALL,
    fresh_tokens: dict[str, Callable[[HttpRequest], str]] | None = None,
) -> Callable:
    """Marks a GET page as the same for everybody, cached by PageCacheMiddleware.

    `params` are the query parameters the page reads, `families` the content it shows
    (its pieces show the same unless they say otherwise). A page with a form names its
    per-visitor values in `fresh_tokens`, each made from the request (the CSRF token by
    Django's `get_token`): the view renders a slot in their place (`pieces.page_with_slots`),
    and each visitor gets the page with values of their own (`fill_tokens`).
    """
    families = tuple(families)
    tokens = dict(fresh_tokens) if fresh_tokens is not None else None

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            with showing(families):
                return view(request, *args, **kwargs)

        wrapped.public_page_params = tuple(params)
        wrapped.public_page_families = families
        wrapped.public_page_tokens = tokens
        return wrapped

    return mark(view) if view is not None else mark


def page_cache_enabled() -> bool:
    # A developer editing a template sees the change at once; the benchmark measures misses.
    return not settings.DEBUG and settings.PAGE_CACHE_ENABLED


def clear() -> None:
    """Empties the cache and this process's own copies (tests, a fresh start)."""
    cache.clear()
    near.clear()


def page_key(request: HttpRequest, params: tuple[str, ...]) -> str:
    used = "&".join(f"{name}={request.GET.getlist(name)}" for name in params)
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    page = (
        f"{request.scheme}:{request.META.get('HTTP_HOST', '')}{request.path}?{used}"
        f":{'gz' if gzip else 'id'}"
    )
    # Hashed: search terms may hold spaces or be long, which cache keys must not.
    return PAGE_KEY_PREFIX + hashlib.md5(page.encode(), usedforsecurity=False).hexdigest()


def keep_only(request: HttpRequest, params: tuple[str, ...]) -> None:
    """The page sees only the parameters it reads, so its HTML matches its key."""
    query = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in params:
            query.setlist(name, values)
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


class PageCacheMiddleware:
    """Serves public pages from the cache; first in MIDDLEWARE, so a hit costs little."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        public = public_page_of(request.path_info)
        if public is None:
            return self.get_response(request)
        params, families, tokens = public
        if tokens is None:
            return self.cached(request, params, families)
        # A form: kept with a slot for each visitor's values, filled on every answer.
        accepts = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        response = self.cached(request, params, families, keep_head_body=True)
        if accepts is not None:
            request.META["HTTP_ACCEPT_ENCODING"] = accepts
        return fill_tokens(request, response, tokens)

    def cached(
        self,
        request: HttpRequest,
        params: tuple[str, ...],
        families: tuple[str, ...],
        keep_head_body: bool = False,
    ) -> HttpResponse:
        if not page_cache_enabled():
            return self.get_response(request)
        if request.GET:
            keep_only(request, params)
        key = page_key(request, params)
        near_used = near.used()
        seen = near.recent_versions.fresh() if near_used else None
        response, stale = None, None
        if seen is not None:
            response = near.pages.get(key, tuple(seen[family] for family in families))
        if response is None:
            seen, entry = versions_and_entry(key)
            versions = tuple(seen[family] for family in families)
            if entry is not None and entry[0] == versions and entry[2] >= time.time():
                response = entry[1]  # unpickled from the cache: a response of its own
                if near_used:
                    near.pages.put(key, versions, entry[2], response)
            elif entry is not None:
                stale = entry[1]
        if response is not None:
            if request.method == "HEAD" and not keep_head_body:
                response.content = b""  # Content-Length still tells the page's size
            return response
        response = self.get_response(request)
        if response.status_code >= 500 and stale is not None:
            # The view failed (the database is away): the last good copy, as nginx would.
            stale["Cache-Control"] = "no-cache"
            if request.method == "HEAD" and not keep_head_body:
                stale.content = b""
            return stale
        if storable(response):
            self.store(
                request, key, tuple(seen[family] for family in families), response, near_used
            )
        return response

    @staticmethod
    def store(
        request: HttpRequest,
        key: str,
        versions: tuple[int, ...],
        response: HttpResponse,
        near_used: bool,
    ) -> None:
        # Stored under the versions read before rendering: a change made meanwhile
        # makes this copy stale at once.
        patch_cache_control(response, max_age=PUBLIC_PAGE_SECONDS)
        expires = time.time() + PUBLIC_PAGE_SECONDS
        # Searches and filters are countless: only plain addresses keep a last good copy.
        seconds = PUBLIC_PAGE_SECONDS if request.GET else STALE_SECONDS
        cache.set(key, (versions, response, expires), seconds)
        if near_used:
            near.pages.put(key, versions, expires, response)


def fill_tokens(
    request: HttpRequest, response: HttpResponse, tokens: dict[str, Callable[[HttpRequest], str]]
) -> HttpResponse:
    """The form page with this visitor's own values in its slots, compressed if asked.

    Below the page cache, the CSRF middleware never saw the page's token (the view
    rendered a slot): it reads the visitor's cookie here, and sets it as it would.
    """
    slots = getattr(response, "token_slots", None)
    if slots is None:  # not the form (a 404, the 503 page)
        return response
    csrf = CsrfViewMiddleware(lambda request: response)
    csrf.process_request(request)
    html = response.content.decode()
    for name, slot in slots.items():
        html = html.replace(slot, tokens[name](request))
    response.content = html.encode()
    response["Content-Length"] = str(len(response.content))
    del response.token_slots
    # Each visitor's own: no proxy or browser may keep it for another.
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    csrf.process_response(request, response)
    response = GZipMiddleware(lambda request: response).process_response(request, response)
    if request.method == "HEAD":
        response.content = b""
    return response


@functools.lru_cache(maxsize=4096)
def public_page_of(
    path: str,
) -> tuple[tuple[str, ...], tuple[str, ...], dict | None] | None:
    """The query parameters, families and fresh tokens of the public page at `path`; None
    if the page is not public."""
    try:
        func = resolve(path).func
    except Resolver404:
        return None
    params = getattr(func, "public_page_params", None)
    if params is None:
        return None
    return params, getattr(func, "public_page_families", ALL), func.public_page_tokens


def storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    cache_control = response.get("Cache-Control", "")
    return (
        vary <= {"accept-encoding"}
        and "private" not in cache_control
        and ("no-store" not in cache_control)
    )
