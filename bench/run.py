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
BENCH_SECONDS (wrk duration, default 5), BENCH_ROUNDS (default 2), BENCH_WRK (on; off:
each page once through each layer, for its status, and no throughput: CI's run),
BENCH_PRESS_ITEMS (default 10000), BENCH_SIGNUPS (default 10000), BENCH_CONNECTIONS (32),
BENCH_PORT (first of six ports; default: ports the system picks), BENCH_REDIS_URL (default
redis://127.0.0.1:6379/1; the redis column is left out when nothing answers there),
BENCH_SCALE (0), BENCH_LIGHTHOUSE (all, short or off: Lighthouse on every HTML page, on a
few, or none).

The modules beside this one: config (the variables), data (the database), render (pages
in-process), servers (the layers), throughput (wrk and the table), scale, first_visit
(bytes and Lighthouse, through page_weight and lighthouse).
"""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cache_figures, config, data, render, scale, throughput
from bench.first_visit import first_visit_checks
from bench.servers import Layers


def public_urls(photo_item: str) -> list[str]:
    """Every kind of public page, a press item, one with a photo and a search's second page."""
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
    return list(dict.fromkeys(urls))  # with few items, the newest is the photo item


def main() -> None:
    if config.WRK and shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (or BENCH_WRK=off)")
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is missing: apt-get install nginx")
    config.use_production_environment()
    steps = config.SCALE_STEPS
    data.build(steps[0] if config.SCALE else config.PRESS_ITEMS)

    from django.test import Client

    from meetings.models import Meeting
    from press.models import PressItem

    scale_steps = {}
    if config.SCALE:
        scale_steps[steps[0]] = scale.scale_step(steps[0])
        data.grow_press_items(config.PRESS_ITEMS)
    data.grow_press_items(config.PRESS_ITEMS)  # ANALYZE, as a database in service would have
    photo_item = data.add_photo_item()

    urls = public_urls(photo_item)
    print(
        f"== data: {Meeting.objects.count()} meetings, {PressItem.objects.count()} press items, "
        f"{config.SIGNUPS} sign-up requests"
    )
    facts = render.page_facts(urls)
    fresh = render.fresh_ms(urls)
    changed = render.after_change_ms(urls)

    layers = Layers()
    results = None
    try:
        layers.start(home=Client(HTTP_HOST="127.0.0.1").get("/").content)
        if config.WRK:
            results, failed = throughput.wrk_rounds(layers, urls)
        else:
            failed = throughput.once_through_every_layer(layers, urls)
        # Through nginx, which serves the photos' files as production does.
        failed += first_visit_checks(layers.bases["nginx"], urls)
        below_cache = cache_figures.signup_path(layers.bases["local"])
        if config.WRK:
            below_cache += cache_figures.pages_under_signups(
                layers.bases["local"], throughput.responses_per_second, config.SECONDS
            )
    finally:
        layers.stop()
        shutil.rmtree(config.CACHE_ROOT, ignore_errors=True)
        shutil.rmtree(config.MEDIA, ignore_errors=True)
    failed += throughput.page_table(urls, facts, fresh, changed, results, layers)

    if config.SCALE:
        scale_steps[steps[1]] = scale.scale_step(steps[1])
        scale_steps[steps[2]] = scale.scale_step(steps[2])
        for line in scale.print_scale(scale_steps):
            print("   below target: " + line)
        below_cache += cache_figures.admin_at_scale()
    for line in below_cache:
        print("   below target: " + line)
    if failed:
        print("\n".join(["", "== failures", *failed]))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
