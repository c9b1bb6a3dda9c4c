"""Pages rendered in-process through Django's test client: size, queries and time."""

import statistics
import time


def page_facts(urls: list[str]) -> dict[str, tuple[int, int]]:
    """HTML size and SQL queries of each URL, through Django's test client.

    Measured with an empty cache: the queries a page costs when it is rendered.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    facts = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        facts[url] = (len(response.content), len(queries))
    return facts


def render_ms(urls: list[str], repeat: int, before_each=None) -> dict[str, float]:
    """Median in-process time of each page with the page cache off; `before_each` runs
    before every sample, outside the timing."""
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    timings = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for url in urls:
            client.get(url)  # templates compiled, connection open
            samples = []
            for _ in range(repeat):
                if before_each is not None:
                    before_each()
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            timings[url] = statistics.median(samples)
    return timings


def fresh_ms(urls: list[str]) -> dict[str, float]:
    """Each page on a page-cache miss: its pieces kept per content version are there."""
    return render_ms(urls, repeat=15)


def after_change_ms(urls: list[str]) -> dict[str, float]:
    """Each page right after coordinators change content: every piece is rebuilt."""
    from core.cache import ALL, content_changed

    return render_ms(urls, repeat=7, before_each=lambda: [content_changed(f) for f in ALL])
