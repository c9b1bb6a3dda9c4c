"""Bytes a first visit costs: each page's HTML plus the stylesheets, icons and scripts it
loads, under the budget; its photos are counted beside it.

Fetches over HTTP as a browser with an empty cache does, asking for gzip, and counts what
the server sends: status line, headers and the (compressed) body of every response.
Only resources on the same host count; nothing on a page may come from another host.
Photos (an <img>'s src) are not in the budget: a page of press photos is as light as
the photos it shows, which are lazy below the fold and picked by size from srcset.

    python bench/page_weight.py http://127.0.0.1:8000 / /gruppi/ /aderisci/

prints one row per page and exits 1 when a page costs FIRST_VISIT_LIMIT bytes or more.
From the benchmark: `first_visit(base, path)` returns a PageWeight.
"""

import sys
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FIRST_VISIT_LIMIT = 20 * 1024
DEFAULT_PATHS = [
    "/",
    "/gruppi/",
    "/gruppi/cesano-maderno/",
    "/incontri/",
    "/aderisci/",
    "/aderisci/grazie/",
    "/rassegna-stampa/",
    "/documenti/",
    "/progetto/",
    "/come-funziona/",
    "/stampa/",
    "/contatti/",
    "/privacy/",
    "/accessibilita/",
]
# What Chromium asks for, less brotli and zstd, which the portal does not produce.
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "amalav-bench"}


class _Resources(HTMLParser):
    """The URLs a browser fetches to show the page: stylesheets, icons, images, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and ({"stylesheet", "icon", "preload"} & set(rel)) and a.get("href"):
            self.urls.append(a["href"])
        elif tag in ("img", "source") and a.get("src"):
            self.images.append(a["src"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])


@dataclass
class PageWeight:
    path: str
    html_bytes: int = 0
    resources: dict[str, int] = field(default_factory=dict)
    images: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.html_bytes + sum(self.resources.values())


def _fetch(url: str) -> tuple[int, bytes, str]:
    """Bytes on the wire (status line, headers, body as sent), the body, its encoding."""
    request = urllib.request.Request(url, headers=HEADERS)  # noqa: S310 (bench URLs only)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        body = response.read()
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
        head += sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items()) + 2
        return head + len(body), body, response.headers.get("Content-Encoding", "")


def first_visit(base: str, path: str) -> PageWeight:
    weight = PageWeight(path)
    url = urljoin(base, path)
    weight.html_bytes, body, encoding = _fetch(url)
    if encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    parser = _Resources()
    parser.feed(body.decode("utf-8", "replace"))
    host = urlsplit(url).netloc
    for found, urls in ((weight.resources, parser.urls), (weight.images, parser.images)):
        for src in dict.fromkeys(urls):
            resource = urljoin(url, src)
            if urlsplit(resource).netloc == host:
                found[urlsplit(resource).path], _, _ = _fetch(resource)
    return weight


def report(base: str, paths: list[str]) -> list[PageWeight]:
    weights = [first_visit(base, path) for path in paths]
    print(
        f"\n{'first visit, gzip':38} {'HTML KB':>8} {'other KB':>8} {'total KB':>8}"
        f" {'img src KB':>10}"
    )
    for w in weights:
        other = sum(w.resources.values())
        flag = "" if w.total < FIRST_VISIT_LIMIT else "   over the 20 KB target"
        print(
            f"{w.path[:38]:38} {w.html_bytes / 1024:8.1f} {other / 1024:8.1f} "
            f"{w.total / 1024:8.1f} {sum(w.images.values()) / 1024:10.1f}{flag}"
        )
    return weights


def main(argv: list[str]) -> int:
    base = argv[0] if argv else "http://127.0.0.1:8000"
    weights = report(base, argv[1:] or DEFAULT_PATHS)
    return 1 if any(w.total >= FIRST_VISIT_LIMIT for w in weights) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
