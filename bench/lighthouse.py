"""Lighthouse on the public pages, as Maria's phone sees them: mobile, 360 px, Slow 4G.

Runs node_modules/.bin/lighthouse (`make node`) with Chromium (CHROME_PATH, default
/usr/bin/chromium) on each page, with Lighthouse's default mobile throttling (simulated
Slow 4G, a 4x slower CPU) and a 360 x 740 screen:

    python bench/lighthouse.py http://127.0.0.1:8000 / /gruppi/ /aderisci/

prints one row per page and exits 1 when a page misses performance 100 or has a
render-blocking estimate above RENDER_BLOCKING_LIMIT_MS. Chromium may resolve only the
page's own host, so nothing is fetched from the internet. From the benchmark:
`missing()` says why it cannot run, `audit(base, paths)` returns one PageScores a page.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_weight import DEFAULT_PATHS  # noqa: E402 (run as a script too)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.getenv("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RENDER_BLOCKING_LIMIT_MS = 100
RUNS = 3  # at most, for a page that misses a target
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Maria's cheap Android phone; the form factor and throttling stay Lighthouse's mobile ones.
SCREEN = [
    "--screenEmulation.width=360",
    "--screenEmulation.height=740",
    "--screenEmulation.deviceScaleFactor=2",
]


@dataclass
class PageScores:
    path: str
    scores: dict[str, float | None] = field(default_factory=dict)
    render_blocking_ms: float = 0
    lcp_ms: float = 0
    cls: float = 0
    tbt_ms: float = 0
    error: str = ""
    runs: int = 1

    def score(self, category: str) -> int | None:
        value = self.scores.get(category)
        return None if value is None else round(value * 100)

    def failures(self) -> list[str]:
        if self.error:
            return [f"{self.path}: Lighthouse failed: {self.error}"]
        failed = []
        if self.score("performance") != 100:
            failed.append(f"{self.path}: Lighthouse performance {self.score('performance')}")
        if self.render_blocking_ms > RENDER_BLOCKING_LIMIT_MS:
            failed.append(
                f"{self.path}: render-blocking estimate {self.render_blocking_ms:.0f} ms"
                f" (target at most {RENDER_BLOCKING_LIMIT_MS})"
            )
        return failed

    def below_target(self) -> list[str]:
        """The other categories under 100: printed, not failed (they are tested elsewhere)."""
        return [
            f"{category} {self.score(category)}"
            for category in CATEGORIES[1:]
            if not self.error and self.score(category) != 100
        ]


def missing() -> str:
    """Why Lighthouse cannot run here, or "" when it can."""
    if shutil.which("node") is None:
        return "node is missing"
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE.relative_to(ROOT)} is missing (make node)"
    if not os.access(CHROME_PATH, os.X_OK):
        return f"no Chromium at {CHROME_PATH} (make browsers, or set CHROME_PATH)"
    return ""


def _parse(path: str, result: dict) -> PageScores:
    page = PageScores(path)
    if result.get("runtimeError"):
        page.error = result["runtimeError"].get("message", "runtime error")
        return page
    audits = result["audits"]
    page.scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    # Lighthouse 12 has both; 13 keeps only the insight, with the same estimate.
    blocking = audits.get("render-blocking-resources", {}).get("details") or {}
    insight = audits.get("render-blocking-insight", {}).get("metricSavings") or {}
    page.render_blocking_ms = blocking.get("overallSavingsMs", insight.get("FCP", 0))
    page.lcp_ms = audits["largest-contentful-paint"].get("numericValue", 0)
    page.cls = audits["cumulative-layout-shift"].get("numericValue", 0)
    page.tbt_ms = audits["total-blocking-time"].get("numericValue", 0)
    return page


def run_page(base: str, path: str, folder: Path) -> PageScores:
    url = urljoin(base, path)
    host = urlsplit(url).hostname
    output = folder / "page.json"
    output.unlink(missing_ok=True)  # a failed run must not leave the last page's report
    # Any other host fails to resolve: neither the page nor Chromium reaches the internet.
    flags = [*CHROME_FLAGS, f'--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE {host}"']
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--no-enable-error-reporting",
        f"--chrome-flags={' '.join(flags)}",
        f"--only-categories={','.join(CATEGORIES)}",
        *SCREEN,
        "--disable-full-page-screenshot",
        "--output=json",
        f"--output-path={output}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return PageScores(path, error="no report within 180 s")
    if done.returncode or not output.exists():
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        return PageScores(path, error=lines[-1][:200])
    return _parse(path, json.loads(output.read_text()))


def _badness(page: PageScores) -> tuple[bool, int, float]:
    return bool(page.error), len(page.failures()), -(page.scores.get("performance") or 0)


def best_run(base: str, path: str, folder: Path) -> PageScores:
    """A page that misses a target runs again, up to RUNS times, and keeps its best run.

    A busy machine stretches the main-thread tasks Lighthouse multiplies by 4 (TBT), and
    now and then Chromium loses the trace (NO_NAVSTART): a bad run can be noise, RUNS are
    a finding.
    """
    best = run_page(base, path, folder)
    for runs in range(2, RUNS + 1):
        if not best.failures():
            break
        best = min(best, run_page(base, path, folder), key=_badness)
        best.runs = runs
    return best


def audit(base: str, paths: list[str]) -> list[PageScores]:
    with tempfile.TemporaryDirectory(prefix="amalav-lighthouse-") as folder:
        return [best_run(base, path, Path(folder)) for path in paths]


def report(pages: list[PageScores]) -> None:
    print(
        f"\n{'Lighthouse, mobile 360 px':38} {'perf':>4} {'a11y':>4} {'b.p.':>4} {'seo':>4}"
        f" {'block':>5} {'LCP':>5} {'CLS':>5} {'TBT':>4}"
    )
    print(f"{'':38} {'':>4} {'':>4} {'':>4} {'':>4} {'ms':>5} {'s':>5} {'':>5} {'ms':>4}")
    for page in pages:
        if page.error:
            print(f"{page.path[:38]:38} error: {page.error}")
            continue
        cells = " ".join(f"{page.score(category)!s:>4}" for category in CATEGORIES)
        print(
            f"{page.path[:38]:38} {cells} {page.render_blocking_ms:5.0f}"
            f" {page.lcp_ms / 1000:5.2f} {page.cls:5.3f} {page.tbt_ms:4.0f}"
        )
        below = page.below_target()
        if below:
            print("   below target: " + "; ".join(below))
    # The machine's load explains a TBT or a performance score that no code change does.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")


def main(argv: list[str]) -> int:
    reason = missing()
    if reason:
        print(f"Lighthouse cannot run: {reason}", file=sys.stderr)
        return 2
    base = argv[0] if argv else "http://127.0.0.1:8000"
    pages = audit(base, argv[1:] or DEFAULT_PATHS)
    report(pages)
    failed = [line for page in pages for line in page.failures()]
    if failed:
        print("\n".join(["", "== failures", *failed]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
