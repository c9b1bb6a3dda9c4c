"""Fixtures shared by the whole suite: one factory per model, built in code."""

import datetime
from collections.abc import Callable
from io import StringIO

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.emails import deliver_queued
from groups.models import Group, Phase, Venue
from meetings.services import plan_cycle
from press.models import PressItem
from signups.models import SignupRequest


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The hashed-name manifest exists only after collectstatic, which production runs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Email attachments (the .ics of a welcome) are files in MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delivered(db) -> Callable[[], list[mail.EmailMessage]]:
    """Runs the outbox job as the worker would; returns every message delivered so far."""

    def deliver() -> list[mail.EmailMessage]:
        deliver_queued()
        return mail.outbox

    return deliver


@pytest.fixture
def venue(db) -> Venue:
    return Venue.objects.create(
        name="Palazzo Arese Borromeo",
        address="via Borromeo 41",
        town="Cesano Maderno",
        step_free=True,
    )


@pytest.fixture
def make_group(db) -> Callable[..., Group]:
    def make(**fields) -> Group:
        defaults = {
            "name": "AMALav Cesano Maderno",
            "slug": "cesano-maderno",
            "town": "Cesano Maderno",
            "phase": Phase.objects.get_or_create(
                slug="amalav2", defaults={"name": "AMALav 2 (2016)"}
            )[0],
            "status": Group.Status.OPEN,
            "start_date": timezone.localdate() - datetime.timedelta(weeks=6),
            "start_time": datetime.time(18, 0),
        }
        return Group.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def group(make_group, venue) -> Group:
    return make_group(venue=venue)


@pytest.fixture
def other_group(make_group, venue) -> Group:
    return make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")


@pytest.fixture
def coordinator(django_user_model, group):
    """A coordinator of `group` only, with the rights the Coordinatori migration gives."""
    user = django_user_model.objects.create_user("anna", "anna@example.org", "pw", is_staff=True)
    user.groups.add(PermissionGroup.objects.get(name="Coordinatori"))
    group.coordinators.add(user)
    return user


def log_in_verified(client, user) -> None:
    """A session past both steps of the admin login: the password and the second factor.

    The suite's one way in for staff; only tests of the login itself go through its forms.
    """
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="app", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def log_in(db) -> Callable[..., None]:
    """log_in(client, user): the staff member is in the admin, second factor passed."""
    return log_in_verified


@pytest.fixture
def admin_client(admin_user, log_in) -> Client:
    # A client of its own, as pytest-django's: a test may use `client` beside it as a visitor.
    client = Client()
    log_in(client, admin_user)
    return client


@pytest.fixture
def coordinator_client(client, coordinator, log_in):
    log_in(client, coordinator)
    return client


@pytest.fixture
def planned_group(group) -> Group:
    plan_cycle(group)
    return group


@pytest.fixture
def make_signup(db) -> Callable[..., SignupRequest]:
    """A request as a coordinator finds it in the admin; each one with its own email."""

    def make(group: Group | None = None, created_days_ago: int = 0, **fields) -> SignupRequest:
        number = SignupRequest.objects.count()
        defaults = {
            "first_name": "Niccolò",
            "last_name": "Università",
            "email": f"niccolo{number or ''}@example.org",
            "town": "Desio",
            "group": group,
            "work_situation": SignupRequest.WorkSituation.REDUNDANCY_FUND,
            "privacy_version": "2026-11",
            "privacy_accepted_at": timezone.now(),
            "created_at": timezone.now() - datetime.timedelta(days=created_days_ago),
        }
        return SignupRequest.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_press_item(db) -> Callable[..., PressItem]:
    def make(title: str, published_on: datetime.date, **fields) -> PressItem:
        slug = fields.pop("slug", None) or f"{slugify(title)[:100]}-{published_on.isoformat()}"
        fields.setdefault("is_published", True)
        return PressItem.objects.create(title=title, slug=slug, published_on=published_on, **fields)

    return make


@pytest.fixture
def demo_seeded(db, settings) -> None:
    """The portal's content with every cycle running today, as `make run` shows it."""
    settings.DEBUG = True  # load_seed --demo runs only in development
    call_command("load_seed", "--demo", stdout=StringIO())
    settings.DEBUG = False


@pytest.fixture
def seeded(db) -> None:
    """The portal's original content, as `load_seed` loads it."""
    call_command("load_seed", stdout=StringIO())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Playwright's sync API leaves an event loop in the test thread, where Django then
    # refuses ORM calls: the browser tests run after every other test.
    items.sort(key=lambda item: "browser" in item.path.parts)
