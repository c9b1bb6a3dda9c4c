"""What a first visit costs: bytes (page_weight.py) and Lighthouse (lighthouse.py)."""

import os
import time

from bench import lighthouse, page_weight


def first_visit_checks(base: str, urls: list[str]) -> list[str]:
    """Bytes of a first visit and Lighthouse on every HTML page of `base`; the failures
    (a page of 20 KB or more, Lighthouse missing under CI).

    Feeds, .ics and the sitemap are left out: no browser shows them as a page.
    BENCH_LIGHTHOUSE: all (default), short (a few pages, for CI), off.
    """
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
