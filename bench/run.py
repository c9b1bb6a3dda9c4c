"""The portal's benchmark: a realistic data set on PostgreSQL, served as in production.

Seeds 5 groups with full cycles, press items and sign-up requests into a database of its
own and measures every public page at every layer, in one interleaved run:

- fresh: the page rendered in-process with the page cache off, as on a page-cache miss
  (median ms, target < 10); pieces kept per content version (core.cache) are warm;
- change: the same right after a content change, every piece rebuilt (median ms, shown);
- cold: gunicorn with the page cache off (PAGE_CACHE_ENABLED=false), req/s;
- local / redis: gunicorn serving cached pages from local memory / from Redis, req/s;
- nginx: deploy/nginx.conf in front of the local-memory gunicorn, req/s;
- the ceiling: the same nginx serving the home page as a static file.

Each wrk measurement is `wrk -t2 -c32` for BENCH_SECONDS; the rounds go over every page
and every layer in turn, so a change in the machine's load touches all of them alike.
With BENCH_SCALE=1 it also renders the archive and the search at 1k, 10k and 100k press
items and reads their query plans (EXPLAIN ANALYZE): rows read must not grow with the data.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/amalav_bench),
BENCH_SECONDS (wrk duration, default 5), BENCH_ROUNDS (default 2), BENCH_PRESS_ITEMS
(default 10000), BENCH_SIGNUPS (default 10000), BENCH_CONNECTIONS (32), BENCH_PORT (first
of five ports, default 8765), BENCH_REDIS_URL (default redis://127.0.0.1:6379/1; the
redis column is left out when nothing answers there), BENCH_SCALE (0), BENCH_LIGHTHOUSE
(all, short or off: Lighthouse on every HTML page, on a few, or none).
"""

import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/amalav_bench")
SECONDS = int(os.getenv("BENCH_SECONDS", "5"))
ROUNDS = int(os.getenv("BENCH_ROUNDS", "2"))
PRESS_ITEMS = int(os.getenv("BENCH_PRESS_ITEMS", "10000"))
SIGNUPS = int(os.getenv("BENCH_SIGNUPS", "10000"))
CONNECTIONS = int(os.getenv("BENCH_CONNECTIONS", "32"))
PORT = int(os.getenv("BENCH_PORT", "8765"))
REDIS_URL = os.getenv("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
SCALE = os.getenv("BENCH_SCALE", "0").strip().lower() in ("1", "true", "yes")
SCALE_STEPS = (1_000, 10_000, 100_000)
FRESH_TARGET_MS = 10
# The sign-up form carries each visitor's CSRF token: nginx passes it to the app every
# time (deploy/nginx.conf), so the static file's throughput is no target for it.
NEVER_STORED_BY_NGINX = {"/aderisci/"}

# The production configuration, on a port of its own so a running `make run` is untouched.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
    "DJANGO_SETTINGS_MODULE": "amalav.settings",
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
    # A slow page on a busy machine is measured, not killed.
    "GUNICORN_TIMEOUT": "120",
}
# Uploads (the photo item) in a folder of the run's own, served by the nginx layer.
MEDIA = Path(tempfile.mkdtemp(prefix="amalav-bench-media-"))
ENV["MEDIA_ROOT"] = str(MEDIA)
os.environ.update(ENV)
os.environ.pop("REDIS_URL", None)
ENV.pop("REDIS_URL", None)

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


def populate(press_items: int) -> None:
    import django

    django.setup()
    from django.utils import timezone

    from groups.models import Group
    from press.models import Outlet, PressItem
    from signups.models import SignupRequest

    rng = random.Random(2016)
    outlets = [Outlet.objects.create(name=f"Testata locale {n}") for n in range(40)]
    add_press_items(rng, outlets, press_items, PressItem)
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


def add_photo_item() -> str:
    """A press release with a 2.5 MB camera photo, its renditions made as the worker does."""
    from press.images import make_missing_renditions
    from press.models import PressItem
    from tests.photos import attach_photo, camera_jpeg

    item = PressItem.objects.create(
        title="Conferenza stampa: le foto",
        slug="conferenza-stampa-le-foto",
        kind=PressItem.Kind.RELEASE,
        published_on=date(2016, 4, 13),
        summary="La presentazione della seconda fase del progetto a Cesano Maderno.",
        is_published=True,
    )
    attach_photo(item, camera_jpeg(), "La conferenza stampa a Cesano Maderno")
    make_missing_renditions()
    return item.get_absolute_url()


def add_press_items(rng: random.Random, outlets, count: int, model, start: int = 0) -> None:
    # bulk_create sends no signal: the benchmark loads data before any page is cached.
    for first in range(start, start + count, 5000):
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
                    is_published=True,
                )
                for n in range(first, min(first + 5000, start + count))
            ],
            batch_size=1000,
        )


def grow_press_items(total: int) -> None:
    from django.db import connection

    from press.models import Outlet, PressItem

    have = PressItem.objects.count()
    if total > have:
        outlets = list(Outlet.objects.all())
        add_press_items(random.Random(total), outlets, total - have, PressItem, start=have)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE press_pressitem")


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
    from core.cache import content_changed

    return render_ms(urls, repeat=7, before_each=content_changed)


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


def redis_available(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
        return True
    except redis.RedisError:
        return False


def start_gunicorn(port: int, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "amalav.wsgi"],
        cwd=ROOT,
        env={**ENV, "GUNICORN_BIND": f"127.0.0.1:{port}", **env},
    )


def start_nginx(folder: Path, app_port: int, port: int, static_port: int) -> subprocess.Popen:
    """deploy/nginx.conf in front of app_port, and a plain static server as the ceiling."""
    from deploy.loopback import loopback_conf, main_conf

    site = folder / "amalav.conf"
    site.write_text(loopback_conf(app_port, port, port + 10, folder, ROOT / "staticfiles"))
    ceiling = f"""
  server {{
    listen 127.0.0.1:{static_port};
    root {folder / "static-site"};
  }}"""
    (folder / "nginx.conf").write_text(main_conf(folder, site, extra=ceiling))
    return subprocess.Popen(
        ["nginx", "-p", folder, "-e", folder / "error.log", "-c", folder / "nginx.conf"]
    )


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


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
]


def scale_step(total: int) -> dict[str, tuple[float, int]]:
    """At `total` press items: each archive URL's fresh median ms and its rows read."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    grow_press_items(total)
    timings = fresh_ms(SCALE_URLS, repeat=11)
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


def first_visit_checks(base: str, urls: list[str]) -> list[str]:
    """Bytes of a first visit and Lighthouse on every HTML page of `base`; the failures
    (a page of 20 KB or more, Lighthouse missing under CI).

    Feeds, .ics and the sitemap are left out: no browser shows them as a page.
    BENCH_LIGHTHOUSE: all (default), short (a few pages, for CI), off.
    """
    from bench import lighthouse, page_weight

    pages = [url for url in urls if not url.endswith((".ics", ".xml", "/feed/"))]
    print("\n== first visit and Lighthouse, through nginx and its gunicorn", flush=True)
    weights = page_weight.report(base, pages)
    failed = [
        f"{w.path}: first visit {w.total / 1024:.1f} KB (target under "
        f"{page_weight.FIRST_VISIT_LIMIT // 1024} KB)"
        for w in weights
        if w.total >= page_weight.FIRST_VISIT_LIMIT
    ]
    mode = os.getenv("BENCH_LIGHTHOUSE", "all").strip().lower()
    if mode in ("off", "0", "false", "no"):
        print("\n== Lighthouse skipped: BENCH_LIGHTHOUSE=off")
        return failed
    reason = lighthouse.missing()
    if reason and os.getenv("CI", "").lower() == "true":
        return [*failed, f"Lighthouse did not run under CI: {reason}"]
    if reason:
        print(f"\n== Lighthouse skipped: {reason}")
        return failed
    # short: one page of each kind (home, group, calendar, form, archive), about 15 s each.
    short = ["/", "/gruppi/cesano-maderno/", "/incontri/", "/aderisci/", "/rassegna-stampa/"]
    short += [url for url in pages if url.endswith("/conferenza-stampa-le-foto/")]
    started = time.monotonic()
    scores = lighthouse.audit(base, short if mode == "short" else pages)
    lighthouse.report(scores)
    runs = sum(page.runs for page in scores)
    print(f"({len(scores)} pages, {runs} Lighthouse runs, {time.monotonic() - started:.0f} s)")
    # Like every speed figure here, printed rather than failed: the score and the
    # render-blocking estimate move with the machine's load from one run to the next.
    for line in (line for page in scores for line in page.failures()):
        print(f"   below target: {line}")
    return failed


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is missing: apt-get install nginx")
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
    populate(SCALE_STEPS[0] if SCALE else PRESS_ITEMS)
    photo_item = add_photo_item()

    from meetings.models import Meeting
    from press.models import PressItem

    scale_steps = {}
    if SCALE:
        scale_steps[SCALE_STEPS[0]] = scale_step(SCALE_STEPS[0])
        grow_press_items(PRESS_ITEMS)
    grow_press_items(PRESS_ITEMS)  # ANALYZE, as a database in service would have

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
        photo_item,
        "/documenti/",
        "/progetto/",
        "/come-funziona/",
        "/stampa/",
        "/contatti/",
        "/privacy/",
        "/incontri.ics",
        "/rassegna-stampa/feed/",
        "/sitemap.xml",
        "/sitemap-press.xml",
    ]
    urls = list(dict.fromkeys(urls))  # with few items, the newest is the photo item
    print(
        f"== data: {Meeting.objects.count()} meetings, {PressItem.objects.count()} press items, "
        f"{SIGNUPS} sign-up requests"
    )
    facts = page_facts(urls)
    fresh = fresh_ms(urls)
    changed = after_change_ms(urls)

    folder = Path(tempfile.mkdtemp(prefix="amalav-bench-"))
    (folder / "static-site").mkdir()
    (folder / "media").symlink_to(MEDIA)
    from django.test import Client

    home = Client(HTTP_HOST="127.0.0.1").get("/").content
    (folder / "static-site" / "index.html").write_bytes(home)

    local_port, redis_port, cold_port, nginx_port, static_port = (PORT + n for n in range(5))
    layers = {"local": f"http://127.0.0.1:{local_port}"}
    servers = [start_gunicorn(local_port)]
    if redis_available(REDIS_URL):
        servers.append(start_gunicorn(redis_port, REDIS_URL=REDIS_URL))
        layers["redis"] = f"http://127.0.0.1:{redis_port}"
    else:
        print(f"== no Redis at {REDIS_URL}: the redis column is left out")
    servers.append(start_gunicorn(cold_port, PAGE_CACHE_ENABLED="false"))
    layers["cold"] = f"http://127.0.0.1:{cold_port}"
    servers.append(start_nginx(folder, local_port, nginx_port, static_port))
    layers["nginx"] = f"http://127.0.0.1:{nginx_port}"
    ceiling = f"http://127.0.0.1:{static_port}/index.html"

    results: dict[tuple[str, str], list[tuple[float, float, float, int]]] = {}
    failed = []
    try:
        for base in layers.values():
            wait_for_server(base + "/healthz")
        wait_for_server(ceiling)
        for round_number in range(ROUNDS):
            print(f"== round {round_number + 1} of {ROUNDS}", flush=True)
            results.setdefault(("ceiling", ""), []).append(run_wrk(ceiling))
            for url in ["/healthz", *urls]:
                for layer, base in layers.items():
                    if layer == "cold" and url == "/healthz":
                        continue
                    if round_number == 0 and layer in ("local", "nginx"):
                        # Every worker caches the page once; nginx keeps a copy per
                        # Accept-Encoding, so it is warmed by wrk's own requests.
                        run_wrk(base + url, seconds=1)
                    elif round_number == 0 and layer != "cold":
                        try:
                            wait_for_server(base + url, deadline=120)  # one fills a shared cache
                        except SystemExit as error:
                            failed.append(f"{url} ({layer}): {error}")
                    results.setdefault((layer, url), []).append(run_wrk(base + url))
        # Through nginx, which serves the photos' files as production does.
        failed += first_visit_checks(layers["nginx"], urls)
    finally:
        stop(servers)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(MEDIA, ignore_errors=True)

    def rps(layer: str, url: str) -> float:
        return statistics.median(r[0] for r in results[(layer, url)])

    def p99(layer: str, url: str) -> float:
        return max(r[2] for r in results[(layer, url)])

    def ratio(part: float, whole: float) -> float:
        return part / whole if whole else 0.0

    static_rps = rps("ceiling", "")
    health = rps("local", "/healthz")
    has_redis = "redis" in layers
    print(f"\nnginx serving the home page as a static file (the ceiling): {static_rps:.0f} req/s")
    print(f"/healthz through gunicorn: {health:.0f} req/s")
    print(
        f"\n{'url':38} {'fresh':>6} {'change':>6} {'cold':>6} {'local':>6} {'redis':>6}"
        f" {'nginx':>6} {'loc/hz':>6} {'red/loc':>7} {'ngx/st':>6} {'p99':>5} {'KB':>5} SQL"
    )
    print(f"{'':38} {'ms':>6} {'ms':>6} {'req/s':>6} {'req/s':>6} {'req/s':>6} {'req/s':>6}")
    for url in urls:
        size, queries = facts[url]
        local = rps("local", url)
        redis_rps = rps("redis", url) if has_redis else 0
        nginx = rps("nginx", url)
        print(
            f"{url[:38]:38} {fresh[url]:6.2f} {changed[url]:6.1f} {rps('cold', url):6.0f}"
            f" {local:6.0f} {redis_rps:6.0f} {nginx:6.0f} {ratio(local, health):6.2f}"
            f" {ratio(redis_rps, local):7.2f} {ratio(nginx, static_rps):6.2f}"
            f" {p99('local', url):5.1f} {size / 1024:5.1f} {queries:3}"
        )
        for layer in layers:
            errors = sum(r[3] for r in results[(layer, url)])
            if errors:
                failed.append(f"{url} ({layer}): {errors} error responses")
        if queries > 6:
            failed.append(f"{url}: {queries} SQL queries (target at most 6)")
        if size > 40 * 1024 and url.endswith("/"):
            failed.append(f"{url}: {size / 1024:.1f} KB of HTML (target under 40 KB)")
        below = []
        if fresh[url] >= FRESH_TARGET_MS:
            below.append(f"fresh {fresh[url]:.1f} ms (< {FRESH_TARGET_MS})")
        if has_redis and redis_rps < 0.8 * local:
            below.append(f"redis {ratio(redis_rps, local):.2f} of local (>= 0.80)")
        if nginx < 0.5 * static_rps and url not in NEVER_STORED_BY_NGINX:
            below.append(f"nginx {ratio(nginx, static_rps):.2f} of the static file (>= 0.50)")
        if local < 0.5 * health:
            below.append(f"local {ratio(local, health):.2f} of /healthz (>= 0.50)")
        if below:
            print("   below target: " + "; ".join(below))

    if SCALE:
        scale_steps[SCALE_STEPS[1]] = scale_step(SCALE_STEPS[1])
        scale_steps[SCALE_STEPS[2]] = scale_step(SCALE_STEPS[2])
        for line in print_scale(scale_steps):
            print("   below target: " + line)
    if failed:
        print("\n".join(["", "== failures", *failed]))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
