"""Requests per second of every page at every layer (wrk), and the table of the results
with the targets; with BENCH_WRK off, every page once through every layer instead."""

import re
import statistics
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from bench.config import (
    CONNECTIONS,
    FRESH_TARGET_MS,
    NEVER_STORED_BY_NGINX,
    ROUNDS,
    SECONDS,
)
from bench.servers import Layers, wait_for_server

# One wrk measurement: req/s, p50 ms, p99 ms, error responses.
Sample = tuple[float, float, float, int]


def parse_ms(value: str) -> float:
    number = float(re.match(r"[\d.]+", value).group())
    if value.endswith("us"):
        return number / 1000
    if value.endswith("ms"):
        return number
    if value.endswith("s"):
        return number * 1000
    return number


def run_wrk(url: str, seconds: int = SECONDS) -> Sample:
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


PER_SECOND_SCRIPT = Path(__file__).with_name("per_second.lua")


def responses_per_second(url: str, seconds: int) -> dict[int, int]:
    """One wrk run: the responses of each wall-clock second (time.time() // 1)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", PER_SECOND_SCRIPT, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    return {int(t): int(n) for t, n in re.findall(r"^second (\d+) (\d+)$", out, re.M)}


def pages_and_layers(layers: Layers, urls: list[str]):
    """Every (url, layer, base) measured: /healthz too, except on the cold layer."""
    for url in ["/healthz", *urls]:
        for layer, base in layers.bases.items():
            if not (layer == "cold" and url == "/healthz"):
                yield url, layer, base


def wrk_rounds(layers: Layers, urls: list[str]) -> tuple[dict[tuple[str, str], list], list]:
    """BENCH_ROUNDS rounds over every page and layer in turn, so that a change in the
    machine's load touches all of them alike; the samples, and the failures."""
    results: dict[tuple[str, str], list[Sample]] = {}
    failed = []
    for round_number in range(ROUNDS):
        print(f"== round {round_number + 1} of {ROUNDS}", flush=True)
        results.setdefault(("ceiling", ""), []).append(run_wrk(layers.ceiling))
        for url, layer, base in pages_and_layers(layers, urls):
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
    return results, failed


def once_through_every_layer(layers: Layers, urls: list[str]) -> list[str]:
    """Without wrk: each page once at each layer; what the rounds would count as errors."""
    print("== every page once through every layer (BENCH_WRK=off: no throughput)", flush=True)
    failed = []
    for url, layer, base in [*pages_and_layers(layers, urls), ("", "ceiling", layers.ceiling)]:
        try:
            with urllib.request.urlopen(base + url, timeout=120) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            failed.append(f"{url} ({layer}): status {error.code}")
        except OSError as error:
            failed.append(f"{url} ({layer}): {error}")
    return failed


def page_table(urls, facts, fresh, changed, results, layers: Layers) -> list[str]:
    """Prints a row per page with its targets; the failures (errors, queries, bytes).

    `results` is None without wrk: the table then has the in-process columns only.
    """

    def rps(layer: str, url: str) -> float:
        return statistics.median(r[0] for r in results[(layer, url)])

    def ratio(part: float, whole: float) -> float:
        return part / whole if whole else 0.0

    failed = []
    if results is not None:
        static_rps = rps("ceiling", "")
        health = rps("local", "/healthz")
        print(
            f"\nnginx serving the home page as a static file (the ceiling): {static_rps:.0f} req/s"
        )
        print(f"/healthz through gunicorn: {health:.0f} req/s")
        print(
            f"\n{'url':38} {'fresh':>6} {'change':>6} {'cold':>6} {'local':>6} {'redis':>6}"
            f" {'nginx':>6} {'loc/hz':>6} {'red/loc':>7} {'ngx/st':>6} {'p99':>5} {'KB':>5} SQL"
        )
        print(f"{'':38} {'ms':>6} {'ms':>6} {'req/s':>6} {'req/s':>6} {'req/s':>6} {'req/s':>6}")
    else:
        print(f"\n{'url':38} {'fresh':>6} {'change':>6} {'KB':>5} SQL")
        print(f"{'':38} {'ms':>6} {'ms':>6}")
    has_redis = "redis" in layers.bases
    for url in urls:
        size, queries = facts[url]
        below = []
        if results is None:
            sizes = f"{size / 1024:5.1f} {queries:3}"
            print(f"{url[:38]:38} {fresh[url]:6.2f} {changed[url]:6.1f} {sizes}")
        else:
            local = rps("local", url)
            redis_rps = rps("redis", url) if has_redis else 0
            nginx = rps("nginx", url)
            p99 = max(r[2] for r in results[("local", url)])
            print(
                f"{url[:38]:38} {fresh[url]:6.2f} {changed[url]:6.1f} {rps('cold', url):6.0f}"
                f" {local:6.0f} {redis_rps:6.0f} {nginx:6.0f} {ratio(local, health):6.2f}"
                f" {ratio(redis_rps, local):7.2f} {ratio(nginx, static_rps):6.2f}"
                f" {p99:5.1f} {size / 1024:5.1f} {queries:3}"
            )
            for layer in layers.bases:
                errors = sum(r[3] for r in results[(layer, url)])
                if errors:
                    failed.append(f"{url} ({layer}): {errors} error responses")
            if has_redis and redis_rps < 0.8 * local:
                below.append(f"redis {ratio(redis_rps, local):.2f} of local (>= 0.80)")
            if nginx < 0.5 * static_rps and url not in NEVER_STORED_BY_NGINX:
                below.append(f"nginx {ratio(nginx, static_rps):.2f} of the static file (>= 0.50)")
            if local < 0.5 * health:
                below.append(f"local {ratio(local, health):.2f} of /healthz (>= 0.50)")
        if queries > 6:
            failed.append(f"{url}: {queries} SQL queries (target at most 6)")
        if size > 40 * 1024 and url.endswith("/"):
            failed.append(f"{url}: {size / 1024:.1f} KB of HTML (target under 40 KB)")
        if fresh[url] >= FRESH_TARGET_MS:
            below.insert(0, f"fresh {fresh[url]:.1f} ms (< {FRESH_TARGET_MS})")
        if below:
            print("   below target: " + "; ".join(below))
    return failed
