import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from groups.models import Group, Venue
from meetings.services import plan_cycle


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


@pytest.fixture
def venue(db) -> Venue:
    return Venue.objects.create(
        name="Palazzo Arese Borromeo",
        address="via Borromeo 41",
        town="Cesano Maderno",
        step_free=True,
    )


def make_group(**fields) -> Group:
    defaults = {
        "name": "AMALav Cesano Maderno",
        "slug": "cesano-maderno",
        "town": "Cesano Maderno",
        "phase": Group.Phase.AMALAV2,
        "status": Group.Status.OPEN,
        "start_date": timezone.localdate() - datetime.timedelta(weeks=6),
        "start_time": datetime.time(18, 0),
    }
    defaults.update(fields)
    return Group.objects.create(**defaults)


@pytest.fixture
def group(venue) -> Group:
    return make_group(venue=venue)


@pytest.fixture
def planned_group(group) -> Group:
    plan_cycle(group)
    return group


@pytest.fixture
def seeded(db) -> None:
    """The portal's original content, as `load_seed` loads it."""
    call_command("load_seed", stdout=StringIO())
