"""The benchmark's data: its own database, the seed content, press items and requests."""

import random
import subprocess
import sys
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

from bench.config import DATABASE_URL, ENV, ROOT, SIGNUPS

WORDS = [
    "gruppo",
    "gruppi",
    "lavoro",
    "disoccupati",
    "incontro",
    "incontri",
    "auto",
    "mutuo",
    "aiuto",
    "provincia",
    "monza",
    "brianza",
    "comune",
    "sindacato",
    "cassa",
    "integrazione",
    "mobilità",
    "persone",
    "fiducia",
    "ripartire",
    "crisi",
    "occupazione",
    "formazione",
    "orientamento",
    "servizi",
    "cooperativa",
    "progetto",
    "sostegno",
    "famiglia",
    "reddito",
    "imprese",
    "giovani",
    "donne",
    "esperienza",
    "relazioni",
    "ascolto",
    "competenze",
    "territorio",
]


def recreate_database() -> None:
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def populate(press_items: int) -> None:
    import django

    django.setup()
    from django.utils import timezone

    from groups.models import Group
    from press.models import Outlet, PressItem
    from signups.models import SignupRequest

    rng = random.Random(2016)
    outlets = [Outlet.objects.create(name=f"Testata locale {n}") for n in range(40)]
    add_press_items(rng, outlets, press_items, PressItem)
    groups = list(Group.objects.all())
    now = timezone.now()
    SignupRequest.objects.bulk_create(
        fake_signup(SignupRequest, rng, n, groups, now, last_name=f"Cognome{n}")
        for n in range(SIGNUPS)
    )


def fake_signup(model, rng: random.Random, n: int, groups: list, now, last_name: str):
    """The n-th made-up request: every benchmark that fills the requests' table uses it."""
    return model(
        first_name=f"Nome{n}",
        last_name=last_name,
        email=f"persona{n}@example.org",
        town=rng.choice(["Seregno", "Desio", "Lissone", "Meda", "Monza"]),
        group=rng.choice(groups),
        work_situation=rng.choice(model.WorkSituation.values),
        status=rng.choice(model.Status.values),
        privacy_version="2026-11",
        privacy_accepted_at=now,
        created_at=now - timedelta(minutes=n),
        submission_token=uuid.UUID(int=rng.getrandbits(128)),
    )


def add_press_items(rng: random.Random, outlets, count: int, model, start: int = 0) -> None:
    # bulk_create sends no signal: the benchmark loads data before any page is cached.
    for first in range(start, start + count, 5000):
        model.objects.bulk_create(
            [
                model(
                    title=sentence(rng, 7),
                    slug=f"articolo-{n}",
                    kind=rng.choice(model.Kind.values),
                    outlet=rng.choice(outlets),
                    published_on=date(2013, 1, 1) + timedelta(days=n % 4700),
                    summary=sentence(rng, 30),
                    body="\n\n".join(sentence(rng, 60) for _ in range(3)),
                    featured=n % 500 == 0,
                    is_published=True,
                )
                for n in range(first, min(first + 5000, start + count))
            ],
            batch_size=1000,
        )


def grow_press_items(total: int) -> None:
    from django.db import connection

    from press.models import Outlet, PressItem

    have = PressItem.objects.count()
    if total > have:
        outlets = list(Outlet.objects.all())
        add_press_items(random.Random(total), outlets, total - have, PressItem, start=have)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE press_pressitem")


def build(press_items: int) -> None:
    """A fresh database with the seed content, `press_items` press items and the requests;
    the static files collected, as production serves them."""
    print(f"== database {DATABASE_URL}")
    recreate_database()
    manage("migrate", "--no-input", "--verbosity", "0")
    # --demo moves cycles to today, which the command allows only in development.
    subprocess.run(
        [sys.executable, "manage.py", "load_seed", "--demo"],
        cwd=ROOT,
        env={**ENV, "DEBUG": "true"},
        check=True,
    )
    manage("collectstatic", "--no-input", "--verbosity", "0")
    populate(press_items)


def add_photo_item() -> str:
    """A press release with a 2.5 MB camera photo, its renditions made as the worker does."""
    from press.images import make_missing_renditions
    from press.models import PressItem
    from tests.photos import attach_photo, camera_jpeg

    item = PressItem.objects.create(
        title="Conferenza stampa: le foto",
        slug="conferenza-stampa-le-foto",
        kind=PressItem.Kind.RELEASE,
        published_on=date(2016, 4, 13),
        summary="La presentazione della seconda fase del progetto a Cesano Maderno.",
        is_published=True,
    )
    attach_photo(item, camera_jpeg(), "La conferenza stampa a Cesano Maderno")
    make_missing_renditions()
    return item.get_absolute_url()
