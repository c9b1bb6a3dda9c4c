"""The portal's benchmark: a realistic data set on PostgreSQL, served as in production.

Seeds 5 groups with full cycles, press items and sign-up requests into a database of its
own, serves it with gunicorn (DEBUG off, hashed static files), drives every public page
and /healthz with wrk at 32 connections, and prints requests/s, p50 and p99 latency, the
ratio to /healthz, the HTML size and the SQL queries per page. Then it times the press
search on PostgreSQL with 10,000 items.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/amalav_bench),
BENCH_SECONDS (wrk duration per URL, default 10), BENCH_PRESS_ITEMS (default 2000),
BENCH_SEARCH_ITEMS (default 10000), BENCH_SIGNUPS (default 10000), BENCH_CONNECTIONS (32).
"""

import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/amalav_bench")
SECONDS = int(os.getenv("BENCH_SECONDS", "10"))
PRESS_ITEMS = int(os.getenv("BENCH_PRESS_ITEMS", "2000"))
SEARCH_ITEMS = int(os.getenv("BENCH_SEARCH_ITEMS", "10000"))
SIGNUPS = int(os.getenv("BENCH_SIGNUPS", "10000"))
CONNECTIONS = int(os.getenv("BENCH_CONNECTIONS", "32"))
PORT = int(os.getenv("BENCH_PORT", "8765"))

# The production configuration, on a port of its own so a running `make run` is untouched.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
    "DJANGO_SETTINGS_MODULE": "amalav.settings",
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

WORDS = [
    "gruppo",
    "gruppi",
    "lavoro",
    "disoccupati",
    "incontro",
    "incontri",
    "auto",
    "mutuo",
    "aiuto",
    "provincia",
    "monza",
    "brianza",
    "comune",
    "sindacato",
    "cassa",
    "integrazione",
    "mobilità",
    "persone",
    "fiducia",
    "ripartire",
    "crisi",
    "occupazione",
    "formazione",
    "orientamento",
    "servizi",
    "cooperativa",
    "progetto",
    "sostegno",
    "famiglia",
    "reddito",
    "imprese",
    "giovani",
    "donne",
    "esperienza",
    "relazioni",
    "ascolto",
    "competenze",
    "territorio",
]


def recreate_database() -> None:
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def populate() -> None:
    import django

    django.setup()
    from django.utils import timezone

    from groups.models import Group
    from press.models import Outlet, PressItem
    from signups.models import SignupRequest

    rng = random.Random(2016)
    outlets = [Outlet.objects.create(name=f"Testata locale {n}") for n in range(40)]
    add_press_items(rng, outlets, PRESS_ITEMS, PressItem)
    groups = list(Group.objects.all())
    now = timezone.now()
    SignupRequest.objects.bulk_create(
        SignupRequest(
            first_name=f"Nome{n}",
            last_name=f"Cognome{n}",
            email=f"persona{n}@example.org",
            town=rng.choice(["Seregno", "Desio", "Lissone", "Meda", "Monza"]),
            group=rng.choice(groups),
            work_situation=rng.choice(SignupRequest.WorkSituation.values),
            status=rng.choice(SignupRequest.Status.values),
            privacy_version="2026-11",
            privacy_accepted_at=now,
            created_at=now - timedelta(minutes=n),
            submission_token=uuid.UUID(int=rng.getrandbits(128)),
        )
        for n in range(SIGNUPS)
    )


def add_press_items(rng: random.Random, outlets, count: int, model, start: int = 0) -> None:
    model.objects.bulk_create(
        [
            model(
                title=sentence(rng, 7),
                slug=f"articolo-{n}",
                kind=rng.choice(model.Kind.values),
                outlet=rng.choice(outlets),
                published_on=date(2013, 1, 1) + timedelta(days=n % 4700),
                summary=sentence(rng, 30),
                body="\n\n".join(sentence(rng, 60) for _ in range(3)),
                featured=n % 500 == 0,
            )
            for n in range(start, start + count)
        ],
        batch_size=1000,
    )


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
        facts[url] = (len(response.content), len(queries))
    return facts


def wait_for_server(url: str, deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def parse_ms(value: str) -> float:
    number = float(re.match(r"[\d.]+", value).group())
    if value.endswith("us"):
        return number / 1000
    if value.endswith("ms"):
        return number
    if value.endswith("s"):
        return number * 1000
    return number


def run_wrk(url: str, seconds: int = SECONDS) -> tuple[float, float, float, int]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = parse_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def time_search(extra_items: int) -> list[tuple[str, float, int]]:
    from django.db import connection

    from press.models import Outlet, PressItem

    if extra_items > 0:
        add_press_items(
            random.Random(5), list(Outlet.objects.all()), extra_items, PressItem, start=PRESS_ITEMS
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE press_pressitem")
    results = []
    for terms in ("gruppi", "cassa integrazione", "incontri lavoro", "formazione giovani"):
        timings = []
        for _ in range(25):
            started = time.perf_counter()
            page = list(PressItem.objects.published().search(terms).select_related("outlet")[:20])
            count = PressItem.objects.published().search(terms).count()
            timings.append((time.perf_counter() - started) * 1000)
        results.append((terms, statistics.median(timings), count))
        assert page or count == 0
    return results


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    print(f"== database {DATABASE_URL}")
    recreate_database()
    manage("migrate", "--no-input", "--verbosity", "0")
    # --demo moves cycles to today, which the command allows only in development.
    subprocess.run(
        [sys.executable, "manage.py", "load_seed", "--demo"],
        cwd=ROOT,
        env={**ENV, "DEBUG": "true"},
        check=True,
    )
    manage("collectstatic", "--no-input", "--verbosity", "0")
    populate()

    from meetings.models import Meeting
    from press.models import PressItem

    item = PressItem.objects.published().order_by("-published_on").first()
    urls = [
        "/",
        "/gruppi/",
        "/gruppi/cesano-maderno/",
        "/incontri/",
        "/aderisci/",
        "/rassegna-stampa/",
        "/rassegna-stampa/?q=gruppi&pagina=2",
        item.get_absolute_url(),
        "/documenti/",
        "/progetto/",
        "/contatti/",
        "/privacy/",
        "/incontri.ics",
        "/rassegna-stampa/feed/",
        "/sitemap.xml",
    ]
    print(
        f"== data: {Meeting.objects.count()} meetings, {PressItem.objects.count()} press items, "
        f"{SIGNUPS} sign-up requests"
    )
    facts = page_facts(urls)

    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "amalav.wsgi"],
        cwd=ROOT,
        env=ENV,
    )
    failed = []
    try:
        base = f"http://127.0.0.1:{PORT}"
        wait_for_server(base + "/healthz")
        run_wrk(base + "/healthz", seconds=1)
        health_rps, health_p50, health_p99, _ = run_wrk(base + "/healthz")
        print(f"\n{'url':38} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>5} {'KB':>5} SQL")
        print(f"{'/healthz':38} {health_rps:7.0f} {health_p50:7.2f} {health_p99:7.2f} {1:5.2f}")
        for url in urls:
            run_wrk(base + url, seconds=1)  # every worker renders and caches the page once
            rps, p50, p99, errors = run_wrk(base + url)
            size, queries = facts[url]
            ratio = rps / health_rps
            row = f"{url[:38]:38} {rps:7.0f} {p50:7.2f} {p99:7.2f} {ratio:5.2f}"
            print(f"{row} {size / 1024:5.1f} {queries:3}")
            if errors:
                failed.append(f"{url}: {errors} error responses")
            if queries > 6:
                failed.append(f"{url}: {queries} SQL queries (target at most 6)")
            if size > 40 * 1024 and url.endswith("/"):
                failed.append(f"{url}: {size / 1024:.1f} KB of HTML (target under 40 KB)")
            if ratio < 0.5 or p99 > 50:
                print(f"   below target: ratio {ratio:.2f} (>= 0.50), p99 {p99:.1f} ms (< 50)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    searches = time_search(SEARCH_ITEMS - PRESS_ITEMS)
    print(f"\n== press search on PostgreSQL, {PressItem.objects.count()} items")
    for terms, median, count in searches:
        flag = "" if median < 50 else "   below target (< 50 ms)"
        print(f"   {terms!r:24} median {median:6.2f} ms  ({count} results){flag}")
    if failed:
        print("\n".join(["", "== failures", *failed]))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
