"""Where a text page (a flat page) may live: the one rule for page addresses.

A page's address is also its menu entry's link, so it must be a path of this site: never
`//elsewhere.example/`, never an address the site answers itself (the admin, the sign-up
form, static files...), and the pages the site links to (privacy, contacts...) stay put.
"""

import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _

# Lower-case words joined by hyphens, between slashes: /chi-siamo/, /progetto/terza-fase/.
PAGE_PATH = re.compile(r"/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+")
# Answered before any URL pattern: by the web server, WhiteNoise, or other hosts' tools.
OUTSIDE_URLCONF = (settings.STATIC_URL, settings.MEDIA_URL, "/.well-known/")


def is_text_page(pattern: URLPattern) -> bool:
    from amalav.views import flat_page

    return pattern.callback is flat_page


@functools.cache
def site_page_urls() -> frozenset[str]:
    """The text pages with an address of their own in the URLconf, which the site links to."""
    return frozenset(
        pattern.default_args["url"]
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLPattern) and is_text_page(pattern) and pattern.default_args
    )


@functools.cache
def reserved_first_segments() -> tuple[re.Pattern, ...]:
    """The first segment of every address the site answers other than its text pages.

    Read from the URLconf, so a new app's prefix is reserved as soon as it is routed.
    """
    routes = [url.strip("/") for url in OUTSIDE_URLCONF]

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver) and route == "":
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLResolver) or not is_text_page(pattern):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    segments = {route.lstrip("^").split("/")[0] for route in routes}
    # "sitemap-<section>.xml": a converter stands for any text.
    return tuple(
        re.compile(".+".join(re.escape(part) for part in re.split(r"<[^>]+>", segment)))
        for segment in segments
        if segment and not segment.startswith("(")
    )


def validate_page_url(url: str, current: str | None = None) -> None:
    """Refuses an address a page may not take; `current` is the page's address so far."""
    first = url.strip("/").split("/")[0].lower()
    if any(segment.fullmatch(first) for segment in reserved_first_segments()):
        raise ValidationError(
            _("«/%(segment)s/» è riservato al sito: scegli un altro indirizzo."),
            params={"segment": first},
            code="reserved",
        )
    if not PAGE_PATH.fullmatch(url):
        raise ValidationError(
            _(
                "Scrivi un indirizzo di questo sito che inizia e finisce con una barra, con "
                "solo lettere minuscole, numeri e trattini: per esempio /chi-siamo/."
            ),
            code="invalid",
        )
    if current in site_page_urls() and url != current:
        raise ValidationError(
            _(
                "Il sito rimanda a questa pagina da altre pagine: il suo indirizzo non si può "
                "cambiare."
            ),
            code="fixed",
        )
