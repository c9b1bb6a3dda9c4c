from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from amalav.models import MenuEntry
from core.cache import PAGES, family_versions


def menu_entries() -> list[tuple[str, str]]:
    """(url, label) of the text pages in the navigation, cached until content changes."""

    def entries() -> list[tuple[str, str]]:
        return [(entry.page.url, str(entry)) for entry in MenuEntry.objects.shown()]

    try:
        return cache.get_or_set(f"menu-v{family_versions([PAGES])[0]}", entries, 3600)
    except DatabaseError:
        # The error and outage pages still render, with the fixed navigation only.
        return []


def menu(request: HttpRequest | None) -> dict[str, object]:
    # Lazy: feeds and sitemaps, which show no navigation, cost no query.
    return {"menu_pages": SimpleLazyObject(menu_entries)}
