"""Playwright driving Debian's Chromium against pytest-django's live server."""

import datetime
import os
import shutil

import pytest

from press.images import make_missing_renditions
from press.models import PressItem
from tests.photos import attach_photo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
    if shutil.which(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise pytest.UsageError(f"CI must run the browser tests, but {CHROMIUM} is missing.")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run `make browsers` to install it")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="package", autouse=True)
def allow_orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread; the ORM calls here are
    # sync. Only for this package: elsewhere Django's guard stays on.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as a script, which our strict CSP would rightly refuse.
    return {**browser_context_args, "bypass_csp": True, "locale": "it-IT"}


@pytest.fixture
def seeded_server(live_server, demo_seeded):
    return live_server


@pytest.fixture
def photo_item(settings, make_press_item, big_photo):
    """A press item with a 2.5 MB camera photo, its renditions made as the worker does."""
    settings.ROOT_URLCONF = "tests.browser.media_urls"
    item = make_press_item(
        "Conferenza stampa: le foto",
        datetime.date(2016, 4, 13),
        kind=PressItem.Kind.RELEASE,
        summary="La presentazione della seconda fase a Cesano Maderno.",
    )
    attach_photo(item, big_photo, "La conferenza stampa a Cesano Maderno")
    make_missing_renditions()
    return item


@pytest.fixture(autouse=True)
def fail_fast(django_db_setup, page):
    # The test database first: created once Playwright's event loop runs, Django refuses.
    # Every page here answers in milliseconds; a missing element should fail quickly.
    page.set_default_timeout(5_000)
