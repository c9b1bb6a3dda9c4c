"""Content families: each kind of public content has a version of its own.

A page or a piece names the families it shows; a change to one family leaves every page
that does not show it a cache hit. A sign-up request touches nothing until it changes
what a page shows (the "al completo" state or the count of participants: `CAPACITY`).

- Each app names the models of each family in its own AppConfig.ready(), with
  `watch_public_models()`. Saving or deleting one gives the family a new version.
- `QuerySet.update()`, `bulk_create()`, `bulk_update()` and raw SQL send no signals: code
  that changes public content through them calls `content_changed()` itself.
"""

import contextlib
import contextvars
import functools
import hashlib
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

from core.cache import near

GROUPS = "groups"  # groups, venues and meetings
PRESS = "press"  # press items, outlets, documents
PAGES = "pages"  # the text pages and the menu that lists them
CAPACITY = "capacity"  # accepted people: "al completo", the count of participants
ALL = (GROUPS, PRESS, PAGES, CAPACITY)
VERSION_PREFIX = "family-version:"

# The families of the public page being rendered: pieces inside it show the same ones.
_shown: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "families_shown", default=ALL
)


def version_key(family: str) -> str:
    return VERSION_PREFIX + family


def version_keys(families: Iterable[str] = ALL) -> list[str]:
    return [version_key(family) for family in families]


def versions_from(found: dict, families: Iterable[str]) -> tuple[int, ...] | None:
    """The versions of `families` among keys read with `version_keys`; None if one is missing."""
    values = tuple(found.get(version_key(family)) for family in families)
    return None if None in values else values


def family_versions(families: Iterable[str] = ALL) -> tuple[int, ...]:
    """The current versions of `families`, starting any that the cache lost."""
    families = tuple(families)
    found = cache.get_many(version_keys(families))
    missing = [family for family in families if found.get(version_key(family)) is None]
    for family in missing:
        # A version made from the clock: one lost to eviction is never reused.
        found[version_key(family)] = _new_version(family)
    return tuple(found[version_key(family)] for family in families)


def versions_and_entry(key: str) -> tuple[dict[str, int], object | None]:
    """Every family's version and the cache entry at `key`, in one round trip; versions the
    cache lost are started. This process remembers the versions (`near`): what it serves
    within PAGE_CACHE_NEAR_SECONDS reads none."""
    found = cache.get_many([*version_keys(ALL), key])
    seen = {family: found.get(version_key(family)) for family in ALL}
    if None in seen.values():  # a new cache, or versions it dropped: start them
        seen = dict(zip(ALL, family_versions(ALL), strict=True))
    if near.used():
        near.recent_versions.saw(seen)
    return seen, found.get(key)


def _new_version(family: str) -> int:
    version = time.time_ns()
    cache.set(version_key(family), version, timeout=None)
    return version


def content_changed(family: str, using: str | None = None) -> None:
    """The family's content changed: every page and piece that shows it is stale.

    Saves send their signal before their transaction commits: a page rendered in between
    reads the old rows under the new version. So the version moves on again once the
    transaction commits (at once outside a transaction).
    """
    near.forget_versions()
    _new_version(family)
    transaction.on_commit(functools.partial(_changed_after_commit, family), using=using)


def _changed_after_commit(family: str) -> None:
    _new_version(family)
    near.forget_versions()


def watch_public_models(*models_shown: type[models.Model], family: str) -> None:
    """Called by each app's AppConfig.ready() for the models of one family."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def changed(sender: type, using: str | None = None, **kwargs) -> None:
        content_changed(family, using=using)

    for model in models_shown:
        label = model._meta.label
        uid = f"cache-{family}-{label}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-m2m-{field.name}",
                weak=False,
            )


@contextlib.contextmanager
def showing(families: Iterable[str]) -> Iterator[None]:
    """Pieces built inside the block show `families` unless they name their own."""
    token = _shown.set(tuple(families))
    try:
        yield
    finally:
        _shown.reset(token)


def families_shown() -> tuple[str, ...]:
    return _shown.get()


def release_sources() -> list[Path]:
    """What a release is made of: the code, its templates and its translations."""
    return [settings.BASE_DIR, *map(Path, settings.LOCALE_PATHS)]


RELEASE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".mo")
# Folders no release is made of: the tools, the tests, what a run leaves behind.
NOT_RELEASED = {".venv", "node_modules", "tests", "bench", "staticfiles", "media", ".git"}


@functools.cache
def release() -> str:
    """The commit deployed (RELEASE_ID), else a digest of the code, templates, translations.

    Pieces are kept for a day in a cache that outlives a deployment: a release that
    changes the Python that builds them (a feed, a view), their markup or their wording
    must not serve the old body under the same key.
    """
    if settings.RELEASE_ID:
        return settings.RELEASE_ID
    return code_digest(release_sources())


def code_digest(folders: Iterable[Path]) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    seen: set[Path] = set()
    for folder in folders:
        for path in sorted(_released_files(Path(folder))):
            if path not in seen:
                seen.add(path)
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _released_files(folder: Path) -> Iterator[Path]:
    for path in folder.iterdir():
        if path.is_dir() and path.name not in NOT_RELEASED and not path.name.startswith("."):
            yield from _released_files(path)
        elif path.suffix in RELEASE_SUFFIXES and path.is_file():
            yield path
