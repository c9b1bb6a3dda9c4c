"""The funders' report at its limits: ten years of groups, registers and requests.

Seeds, into the benchmark's own database, a group a year in each of five towns (each with
its 18 meetings, 12 participants and their registers) and BENCH_SIGNUPS requests over the
years, then renders the report in-process as the superuser (every group, a column each):

- the longest period the form takes (ten years): page, CSV and XLSX;
- the period that took 15.7 s and 66.9 MB before it was bounded
  (dal=0001-01-01&al=9999-12-30): now a 400.

Median ms of BENCH_REPORT_RUNS renders, and the peak of Python's memory (tracemalloc)
during one more. Exits 1 when a figure misses its target.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/amalav_<you> python bench/report.py

Environment: BENCH_DATABASE_URL (dropped and created again), BENCH_SIGNUPS (10000),
BENCH_REPORT_RUNS (5).
"""

import datetime
import os
import random
import statistics
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

from dateutil.relativedelta import relativedelta

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The production configuration and the database helpers of the main benchmark.
from bench.run import DATABASE_URL, SIGNUPS, manage, recreate_database

RUNS = int(os.getenv("BENCH_REPORT_RUNS", "5"))
YEARS = 10
TOWNS = ["Seregno", "Desio", "Lissone", "Meda", "Seveso"]
PARTICIPANTS = 12
# (ms, MB): the longest period with every group (a staff page, asked for a few times a
# year), and the refusal of a period out of bounds.
TARGETS = {"page": (3000, 40), "csv": (3000, 40), "xlsx": (3000, 40), "refused": (250, 5)}


def add_groups(today: datetime.date) -> list:
    """A group a year in each town, each with its cycle of meetings planned."""
    from django.db import transaction

    from groups.models import Group, Phase, Venue
    from meetings.services import plan_cycle

    groups = []
    with transaction.atomic():  # plan_cycle locks each group
        for years_ago in range(YEARS):
            phase = Phase.objects.create(name=f"Fase {years_ago}", slug=f"fase-{years_ago}")
            for town in TOWNS:
                group = Group.objects.create(
                    name=f"AMALav {town} {today.year - years_ago}",
                    slug=f"{town.lower()}-{years_ago}",
                    town=town,
                    phase=phase,
                    venue=Venue.objects.create(name=f"Sala civica di {town}", town=town),
                    start_date=today - datetime.timedelta(days=365 * years_ago + 300),
                )
                plan_cycle(group)
                groups.append(group)
    return groups


def populate() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.utils import timezone

    from signups.models import Attendance, SignupRequest

    rng = random.Random(2016)
    now = timezone.now()
    consent = {"privacy_version": "2026-11", "privacy_accepted_at": now}
    groups = add_groups(timezone.localdate())
    statuses = ["presente"] * 6 + ["assente"] * 2 + ["giustificato"]
    for group in groups:
        accepted_at = timezone.make_aware(
            datetime.datetime.combine(group.start_date, datetime.time(9))
        )
        people = SignupRequest.objects.bulk_create(
            SignupRequest(
                first_name=f"Nome{n}",
                last_name=f"Cognome{n}",
                email=f"{group.slug}-{n}@example.org",
                town=group.town,
                group=group,
                work_situation=rng.choice(SignupRequest.WorkSituation.values),
                status=SignupRequest.Status.ACCEPTED,
                created_at=accepted_at - datetime.timedelta(days=14),
                accepted_at=accepted_at,
                submission_token=uuid.UUID(int=rng.getrandbits(128)),
                **consent,
            )
            for n in range(PARTICIPANTS)
        )
        held = group.meetings.filter(ends_at__lte=now)
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, participant=person, status=rng.choice(statuses))
            for meeting in held
            for person in people
        )
    SignupRequest.objects.bulk_create(
        [
            SignupRequest(
                first_name=f"Nome{n}",
                last_name=f"Cognome{n}",
                email=f"persona{n}@example.org",
                town=rng.choice(TOWNS),
                group=rng.choice([*groups, None]),
                work_situation=rng.choice(SignupRequest.WorkSituation.values),
                heard_from=rng.choice(["", *SignupRequest.HeardFrom.values]),
                status=rng.choice(SignupRequest.Status.values),
                created_at=now - datetime.timedelta(minutes=rng.randrange(YEARS * 525_600)),
                submission_token=uuid.UUID(int=rng.getrandbits(128)),
                **consent,
            )
            for n in range(SIGNUPS)
        ],
        batch_size=2000,
    )
    User.objects.create_superuser("capo", "capo@example.org", "bench-only-password")


def measure(url: str, status: int) -> tuple[float, float]:
    """Median ms of RUNS renders and the peak MB of Python's memory during one more."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="capo"))
    assert client.get(url).status_code == status, url  # templates compiled, connection open
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    client.get(url)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(samples), peak / 1024 / 1024


def main() -> None:
    print(f"== database {DATABASE_URL}")
    recreate_database()
    manage("migrate", "--no-input", "--verbosity", "0")
    manage("collectstatic", "--no-input", "--verbosity", "0")  # the admin's hashed files
    populate()
    from django.urls import reverse
    from django.utils import timezone

    from meetings.models import Meeting
    from signups.models import Attendance, SignupRequest
    from signups.report.forms import last_day_allowed

    print(
        f"== data: {Meeting.objects.count()} meetings, {Attendance.objects.count()} register "
        f"lines, {SignupRequest.objects.count()} requests over {YEARS} years"
    )
    # The longest period the form takes, ending yesterday.
    start = timezone.localdate() - relativedelta(years=YEARS, days=1)
    end = last_day_allowed(start)
    longest = f"{reverse('admin:report')}?dal={start}&al={end}"
    cases = {
        "page": (longest, 200),
        "csv": (longest + "&formato=csv", 200),
        "xlsx": (longest + "&formato=xlsx", 200),
        "refused": (f"{reverse('admin:report')}?dal=0001-01-01&al=9999-12-30", 400),
    }
    missed = []
    print(f"{'report, ' + str(start) + ' to ' + str(end):<40} {'ms':>8} {'MB':>8}   target")
    for name, (url, status) in cases.items():
        ms, mb = measure(url, status)
        ms_target, mb_target = TARGETS[name]
        verdict = "ok" if ms < ms_target and mb < mb_target else "MISSED"
        if verdict != "ok":
            missed.append(name)
        print(f"{name:<40} {ms:>8.1f} {mb:>8.1f}   < {ms_target} ms, < {mb_target} MB {verdict}")
    if missed:
        raise SystemExit(f"below target: {', '.join(missed)}")


if __name__ == "__main__":
    main()
