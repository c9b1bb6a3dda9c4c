"""The archive and the search at 1k, 10k and 100k press items (BENCH_SCALE=1): time and rows
read must not grow with the archive."""

from bench.config import SCALE_STEPS
from bench.data import grow_press_items
from bench.render import render_ms


def rows_read(sql: str) -> int:
    """Rows of press_pressitem a query reads, from EXPLAIN ANALYZE on PostgreSQL."""
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node: dict) -> int:
        own = 0
        if node.get("Relation Name") == "press_pressitem":
            loops = node.get("Actual Loops", 1)
            own = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
            own += node.get("Rows Removed by Index Recheck", 0)
        return own + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


SCALE_URLS = [
    "/rassegna-stampa/",
    "/rassegna-stampa/?q=lavoro",
    "/rassegna-stampa/?q=gruppi&pagina=2",
    "/rassegna-stampa/?anno=2016",
    "/rassegna-stampa/?q=introvabile",
    # A selective phrase: its words are everywhere, the three in a row in few items.
    '/rassegna-stampa/?q="mutuo famiglia giovani"',
]


def scale_step(total: int) -> dict[str, tuple[float, int]]:
    """At `total` press items: each archive URL's fresh median ms and its rows read."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    grow_press_items(total)
    timings = render_ms(SCALE_URLS, repeat=11)
    results = {}
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for url in SCALE_URLS:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # The logged SQL has its parameters inlined already.
            read = sum(
                rows_read(query["sql"])
                for query in queries.captured_queries
                if "press_pressitem" in query["sql"] and query["sql"].startswith("SELECT")
            )
            results[url] = (timings[url], read)
    return results


def print_scale(steps: dict[int, dict[str, tuple[float, int]]]) -> list[str]:
    first, last = SCALE_STEPS[0], SCALE_STEPS[-1]
    header = "".join(f"{f'{n // 1000}k ms':>9}{'rows':>7}" for n in SCALE_STEPS)
    print("\n== archive and search, fresh render by press items (in-process, median)")
    print(f"{'url':38}{header}{'ratio':>7}")
    flagged = []
    for url in SCALE_URLS:
        cells = "".join(f"{steps[n][url][0]:9.2f}{steps[n][url][1]:7}" for n in SCALE_STEPS)
        ratio = steps[last][url][0] / steps[first][url][0]
        print(f"{url:38}{cells}{ratio:7.2f}")
        if ratio > 1.5:
            flagged.append(f"{url}: {ratio:.2f}x slower at {last} items than at {first}")
    return flagged
