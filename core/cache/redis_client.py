"""The Redis cache, shared by every thread of a process, that fails open.

With Redis away the site keeps serving: every call gives up within CACHE_TIMEOUT_SECONDS
and answers as a miss (a read) or does nothing (a write), and for CACHE_RETRY_SECONDS
after a failure the process does not try again, so a request costs at most one wait.
"""

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

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


class Outage:
    """When this process last found Redis away; calls are skipped until it is retried."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.until = 0.0

    def skipping(self) -> bool:
        return time.monotonic() < self.until

    def began(self, error: Exception) -> None:
        with self.lock:
            if not self.skipping():
                logger.warning("cache unavailable, serving without it: %s", type(error).__name__)
            self.until = time.monotonic() + settings.CACHE_RETRY_SECONDS


def fail_open(answer: Callable[..., Any]) -> Callable[[Callable], Callable]:
    """The method, or `answer(*args)` while Redis is away."""

    def wrap(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapped(self: "SharedRedisCache", *args, **kwargs) -> Any:
            if self.outage.skipping():
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                self.outage.began(error)
                return answer(*args, **kwargs)

        return wrapped

    return wrap


def _missing(key, *args, **kwargs):
    # What incr() says of a key that is not there: callers already handle it.
    raise ValueError(f"Key {key!r} not found (cache unavailable).")


class SharedRedisCache(RedisCache):
    """Django's Redis cache backend, with one client per process, that fails open."""

    def __init__(self, server, params) -> None:
        seconds = settings.CACHE_TIMEOUT_SECONDS
        options = {
            "socket_timeout": seconds,
            "socket_connect_timeout": seconds,
            # One attempt: a retry would double the wait of every call during an outage.
            "retry": Retry(NoBackoff(), 0),
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SingleClientRedisCacheClient
        self.outage = _outages.setdefault(str(server), Outage())

    def available(self) -> bool:
        """Whether Redis answers now (a PING, within the timeout)."""
        if self.outage.skipping():
            return False
        try:
            return bool(self._cache.get_client().ping())
        except (RedisError, OSError) as error:
            self.outage.began(error)
            return False

    get = fail_open(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = fail_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = fail_open(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = fail_open(lambda *args, **kwargs: False)(RedisCache.add)
    set = fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = fail_open(lambda *args, **kwargs: False)(RedisCache.clear)
    incr = fail_open(_missing)(RedisCache.incr)


_outages: dict[str, Outage] = {}


def cache_available() -> bool:
    """Whether the default cache answers; only Redis can be away."""
    from django.core.cache import cache

    return cache.available() if hasattr(cache, "available") else True
