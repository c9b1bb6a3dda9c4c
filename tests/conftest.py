"""Fixtures shared by the whole suite: one factory per model, built in code."""

import datetime
import importlib
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify
from hypothesis import settings as hypothesis_settings

from core import sms
from core.cache import clear as clear_page_cache
from core.outbox import deliver_due
from groups.models import Group, Phase, Venue
from meetings.services import plan_cycle
from press.models import PressItem
from signups.models import SignupRequest
from signups.services import announce_schedule_changes, notify_new_requests
from tests.forms import STAFF_PASSWORD
from tests.logins import log_in_verified
from tests.photos import camera_jpeg

# Property tests run the same examples on every run (CI must be repeatable) and without a
# deadline, which a busy shared machine would miss now and then.
hypothesis_settings.register_profile("amalav", derandomize=True, deadline=None, database=None)
hypothesis_settings.load_profile("amalav")


def pytest_configure(config: pytest.Config) -> None:
    # Production hashes a password with PBKDF2 at a million rounds (0.35 s on CI's machine),
    # and the suite makes a coordinator with a password in hundreds of tests: they check who
    # may log in, not what a hash costs, so they hash with MD5, as Django's testing docs
    # advise. Servers the tests start in processes of their own keep the production hasher.
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    # The suite's PostgreSQL need not wait for the disk at each commit: a test database
    # that a crash loses costs nothing. Every other behaviour of a commit stays the same
    # (the fault suite's own server keeps the default).
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The hashed-name manifest exists only after collectstatic, which production runs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    # The cache, and the copy of pages each process keeps beside it.
    clear_page_cache()
    yield
    clear_page_cache()


@pytest.fixture(autouse=True)
def sms_outbox() -> list[sms.TextMessage]:
    """The SMS the locmem backend sent during this test, and only those."""
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Email attachments (the .ics of a welcome) are files in MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delivered(db) -> Callable[[], list[mail.EmailMessage]]:
    """Runs the outbox jobs as the worker would; returns every message delivered so far."""

    def deliver() -> list[mail.EmailMessage]:
        notify_new_requests()
        announce_schedule_changes()
        deliver_due()
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


def restore_migration_data() -> None:
    """What the migrations put in the database, as they put it: the site, the content
    types and permissions, the coordinators' permission groups (rights removed included)
    and the project's three original phases. A transactional test (a live server, two
    processes) flushes all of it, and may do so without Django's post-migrate signal."""
    if (
        Site.objects.filter(pk=django_settings.SITE_ID).exists()
        and Phase.objects.filter(slug="amalav1").exists()
        and PermissionGroup.objects.filter(name="Coordinatori").exists()
    ):
        return
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    Site.objects.get_or_create(pk=django_settings.SITE_ID, defaults={"domain": "example.com"})
    original = importlib.import_module("groups.migrations.0002_phase_as_data").PHASES
    for slug, name in original.items():
        Phase.objects.get_or_create(slug=slug, defaults={"name": name})
    if PermissionGroup.objects.filter(name="Coordinatori").exists():
        return
    # The migrations' own historical registry, as `migrate` gives them: `grant` marks each
    # app of the registry it is given, and Django's own would then skip our apps' next
    # post-migrate signals (English permission names, permissions never created again).
    state_apps = MigrationLoader(connection).project_state().apps
    folder = Path(importlib.import_module("amalav.migrations").__file__).parent
    for path in sorted(folder.glob("0*.py")):
        migration = importlib.import_module(f"amalav.migrations.{path.stem}").Migration
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(state_apps, None)


@pytest.fixture(autouse=True)
def permission_groups(request) -> None:
    uses_database = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_database or request.node.get_closest_marker("django_db"):
        request.getfixturevalue(
            "db" if "transactional_db" not in uses_database else "transactional_db"
        )
        restore_migration_data()


def coordinators_permission_group() -> PermissionGroup:
    restore_migration_data()
    return PermissionGroup.objects.get(name="Coordinatori")


@pytest.fixture
def make_coordinator(db, django_user_model) -> Callable[..., AbstractUser]:
    """A staff user in the Coordinatori permission group, coordinating the groups given."""

    def make(*groups: Group, username: str = "anna", **fields) -> AbstractUser:
        defaults = {
            "email": f"{username}@example.org",
            "first_name": "Anna",
            "last_name": "Colombo",
            "is_staff": True,
        }
        user = django_user_model.objects.create_user(
            username, password=STAFF_PASSWORD, **{**defaults, **fields}
        )
        user.groups.add(coordinators_permission_group())
        for group in groups:
            group.coordinators.add(user)
        return user

    return make


@pytest.fixture
def coordinator(make_coordinator, group) -> AbstractUser:
    """Anna Colombo, a coordinator of `group` only."""
    return make_coordinator(group)


@pytest.fixture
def coordination(db, django_user_model) -> AbstractUser:
    """Lucia, of the Coordinamento permission group: hands requests made for any group."""
    user = django_user_model.objects.create_user(
        "lucia", "lucia@example.org", STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(PermissionGroup.objects.get(name="Coordinamento"))
    return user


@pytest.fixture
def capo(db, django_user_model) -> AbstractUser:
    """The office's superuser: sees every group and decides who coordinates what."""
    return django_user_model.objects.create_superuser("capo", "capo@example.org", STAFF_PASSWORD)


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
            # Already confirmed: the worker sends nothing for it unless a test asks.
            "notified_at": timezone.now(),
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


@pytest.fixture(scope="session")
def big_photo() -> bytes:
    """A 4000 x 3000 camera-like JPEG of about 2.5 MB (made once per run)."""
    return camera_jpeg()


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
    # pytest-xdist hands out the files in this order: the few that take minutes go first,
    # so that no worker is left with one of them while the others have finished.
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
