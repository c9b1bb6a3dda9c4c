"""Whole-page caching of the public pages, emptied whenever coordinators change content.

The contract, in one place:

- A view is public when it is decorated with `public_page` where it is defined; the
  decorator names the query parameters the page reads. Only those take part in the
  cache key, and the others are dropped before the view runs, so `?x=<random>` neither
  misses nor fills the cache.
- Each app names the models its public pages show, in its own AppConfig.ready(), with
  `watch_public_models()`. Saving or deleting one bumps the content version, and every
  cached page of an older version is a miss.
- `QuerySet.update()`, `bulk_create()`, `bulk_update()` and raw SQL send no signals: code
  that changes public content through them calls `content_changed()` itself.
- Pages that depend on the clock (the next meeting) are kept at most PUBLIC_PAGE_SECONDS,
  here and in a front proxy (the `Cache-Control` max-age of every public page).
- Pieces of a page that are costly to build and the same for everybody (the filters'
  choices, a calendar, an iCalendar feed) are kept per content version with
  `per_content_version()` or the `{% fragment %}` tag, so a page-cache miss (a new
  query, a page past its 60 s) rebuilds only the page around them. They vary on what else
  they show: the clock, for pages of meetings (`meetings.services.schedule_epoch`).
- `PageCacheMiddleware` answers a hit before the rest of the middleware stack, with the
  headers (security headers included) the page was first sent with, in one cache round
  trip. With a shared cache (Redis) each process also keeps the pages it served last
  and reads the content version at most every PAGE_CACHE_NEAR_SECONDS (1 s), so most
  hits make no round trip: a change shows at once in the process that made it, and in
  the others within that second. A response that sets a cookie, or varies on anything
  but Accept-Encoding, is never stored.
"""

import functools
import hashlib
import math
import pickle  # nosec B403
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_cache_control

T = TypeVar("T")

PUBLIC_PAGE_SECONDS = 60
# A piece is stale once the content version moves on; this only bounds the memory of
# pieces nobody asks for any more.
PIECE_SECONDS = 24 * 60 * 60
VERSION_KEY = "public-content-version"
PAGE_KEY_PREFIX = "page:"
PIECE_KEY_PREFIX = "piece:"


def content_version() -> int:
    # A version made from the clock: one lost to eviction is never reused.
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def content_changed(using: str | None = None, **kwargs) -> None:
    """Signal receiver: any change to public content makes every cached page stale.

    Saves send their signal before their transaction commits: a page rendered in between
    reads the old rows under the new version. So the version moves on again once the
    transaction commits (at once outside a transaction).
    """
    _new_version()
    transaction.on_commit(_new_version, using=using)


def _new_version() -> None:
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # no version stored: a new one is fresh
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    _near.saw_version(version)


def watch_public_models(*models_shown: type[models.Model]) -> None:
    """Called by each app's AppConfig.ready() for the models its public pages show."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models_shown:
        label = model._meta.label
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"cache-m2m-{label}-{field.name}",
            )


def public_page(
    view: Callable[..., HttpResponse] | None = None, *, params: Iterable[str] = ()
) -> Callable:
    """Marks a GET page as the same for everybody, cached by PageCacheMiddleware.

    `params` are the query parameters the page reads; never use it on a page with a form.
    """

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return view(request, *args, **kwargs)

        wrapped.public_page_params = tuple(params)
        return wrapped

    return mark(view) if view is not None else mark


@functools.cache
def release() -> str:
    """A digest of the templates and translations this process renders with.

    Pieces are kept for a day in a cache that outlives a deployment (Redis): a release
    that changes their markup or wording must not serve the old one under the same key.
    """
    digest = hashlib.md5(usedforsecurity=False)
    folders = [settings.BASE_DIR / "templates", *map(Path, settings.LOCALE_PATHS)]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".txt", ".xml", ".mo") and path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def per_content_version(
    name: str, build: Callable[[], T], *vary_on: object, seconds: int = PIECE_SECONDS
) -> T:
    """`build()`, built once per content version and `vary_on` values, in one round trip.

    Kept whatever PAGE_CACHE_ENABLED says, since a page-cache miss is what it makes
    cheap; rebuilt every time with DEBUG on, so a developer sees a template change at once.
    """
    if settings.DEBUG:
        return build()
    parts = repr((release(), name, *vary_on)).encode()
    key = PIECE_KEY_PREFIX + hashlib.md5(parts, usedforsecurity=False).hexdigest()
    found = cache.get_many([VERSION_KEY, key])
    version, entry = found.get(VERSION_KEY), found.get(key)
    if entry is not None and version is not None and entry[0] == version:
        return entry[1]
    value = build()
    cache.set(key, (version if version is not None else content_version(), value), seconds)
    return value


def kept_per_content_version(
    view: Callable[..., HttpResponse], params: Iterable[str] = ()
) -> Callable[..., HttpResponse]:
    """A public view whose whole response follows from the content, its address and host,
    and the query parameters named in `params` (each read as the view reads it).

    For feeds and sitemaps, which show no clock: their body is built once per content
    version, so a page-cache miss costs a cache read. Other query parameters take no
    part: they can neither change the answer nor add an entry.
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
        )
        return HttpResponse(body, status=status, headers=headers)

    return wrapped


def page_cache_enabled() -> bool:
    # A developer editing a template sees the change at once; the benchmark measures misses.
    return not settings.DEBUG and settings.PAGE_CACHE_ENABLED


class NearPages:
    """This process's copy of the pages it served last and of the content version.

    Pages are kept pickled, so each hit unpickles a response of its own, as from the
    shared cache (only this process's own responses are pickled and read back); at most
    NEAR_PAGES of them, the least recently served dropped first.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, tuple[int, float, bytes]] = OrderedDict()
        self.version: int | None = None
        self.read_at = -math.inf

    def saw_version(self, version: int | None) -> None:
        with self.lock:
            self.version, self.read_at = version, time.monotonic()

    def fresh_version(self) -> int | None:
        """The content version read less than PAGE_CACHE_NEAR_SECONDS ago, if any."""
        if time.monotonic() - self.read_at < settings.PAGE_CACHE_NEAR_SECONDS:
            return self.version
        return None

    def get(self, key: str, version: int) -> HttpResponse | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry[0] != version or entry[1] < time.time():
                return None
            self.pages.move_to_end(key)
        return pickle.loads(entry[2])  # noqa: S301  # nosec B301

    def put(self, key: str, version: int, expires: float, response: HttpResponse) -> None:
        with self.lock:
            self.pages[key] = (version, expires, pickle.dumps(response))
            self.pages.move_to_end(key)
            while len(self.pages) > NEAR_PAGES:
                self.pages.popitem(last=False)


_near = NearPages()
NEAR_PAGES = 256


def near_pages_used() -> bool:
    # With the cache in this process's memory already, a second copy would gain nothing.
    return settings.PAGE_CACHE_NEAR_SECONDS > 0 and not isinstance(
        caches[DEFAULT_CACHE_ALIAS], LocMemCache
    )


class PageCacheMiddleware:
    """Serves public pages from the cache; first in MIDDLEWARE, so a hit costs little."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not page_cache_enabled():
            return self.get_response(request)
        params = public_page_params(request.path_info)
        if params is None:
            return self.get_response(request)
        if request.GET:
            # The page sees only the parameters it reads, so its HTML matches its key.
            query = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                if name in params:
                    query.setlist(name, values)
            request.GET = query
            request.META["QUERY_STRING"] = query.urlencode()
        used = "&".join(f"{name}={request.GET.getlist(name)}" for name in params)
        gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        page = (
            f"{request.scheme}:{request.META.get('HTTP_HOST', '')}{request.path}?{used}"
            f":{'gz' if gzip else 'id'}"
        )
        # Hashed: search terms may hold spaces or be long, which cache keys must not.
        key = PAGE_KEY_PREFIX + hashlib.md5(page.encode(), usedforsecurity=False).hexdigest()
        near = near_pages_used()
        version = _near.fresh_version() if near else None
        response = _near.get(key, version) if version is not None else None
        if response is None:
            found = cache.get_many([VERSION_KEY, key])
            version, entry = found.get(VERSION_KEY), found.get(key)
            if near:
                _near.saw_version(version)
            if entry is not None and version is not None and entry[0] == version:
                response = entry[1]  # unpickled from the cache: a response of its own
                if near:
                    expires = entry[2] if len(entry) > 2 else 0.0  # stored by older code
                    _near.put(key, version, expires, response)
        if response is not None:
            if request.method == "HEAD":
                response.content = b""  # Content-Length still tells the page's size
            return response
        response = self.get_response(request)
        if storable(response):
            patch_cache_control(response, max_age=PUBLIC_PAGE_SECONDS)
            version = version if version is not None else content_version()
            expires = time.time() + PUBLIC_PAGE_SECONDS
            cache.set(key, (version, response, expires), PUBLIC_PAGE_SECONDS)
            if near:
                _near.put(key, version, expires, response)
        return response


@functools.lru_cache(maxsize=4096)
def public_page_params(path: str) -> tuple[str, ...] | None:
    """The query parameters of the public page at `path`; None when it is not public."""
    try:
        return getattr(resolve(path).func, "public_page_params", None)
    except Resolver404:
        return None


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


def page_with_fresh_tokens(
    request: HttpRequest,
    name: str,
    render: Callable[[dict[str, str]], HttpResponse],
    fresh: dict[str, Callable[[], str]],
) -> HttpResponse:
    """A page the same for everybody but for a few per-visitor tokens (a form's CSRF token).

    `render` gets a placeholder for each token and renders the page once per content
    version; each visitor gets it with the placeholders replaced by `fresh` values.
    """

    def with_slots() -> tuple[dict[str, str], str]:
        slots = {token: f"page-slot-{token}-{uuid.uuid4().hex}" for token in fresh}
        return slots, render(slots).content.decode()

    slots, html = per_content_version(
        f"form-with-tokens:{name}", with_slots, seconds=PUBLIC_PAGE_SECONDS
    )
    for token, slot in slots.items():
        html = html.replace(slot, fresh[token]())
    return HttpResponse(html)


# Server URL -> its Redis client, shared by every thread of the process.
_redis_clients: dict[str, object] = {}


class SingleClientRedisCacheClient(RedisCacheClient):
    """One Redis client (and connection pool) per server and process, not one per call."""

    def get_client(self, key=None, *, write=False):
        server = self._servers[self._get_connection_pool_index(write)]
        client = _redis_clients.get(server)
        if client is None:
            client = _redis_clients.setdefault(
                server,
                self._client(
                    connection_pool=self._pool_class.from_url(server, **self._pool_options)
                ),
            )
        return client


class SharedRedisCache(RedisCache):
    """Django's Redis cache backend, with SingleClientRedisCacheClient."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SingleClientRedisCacheClient
