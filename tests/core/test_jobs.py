import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core import emails
from core.jobs import Job, claim, release, run_due
from core.models import JobRun, Message

pytestmark = pytest.mark.django_db


def jobs_once() -> str:
    out = io.StringIO()
    call_command("jobs", "--once", stdout=out)
    return out.getvalue()


def queue(count: int) -> None:
    for index in range(count):
        emails.queue("coordinator-invitation", f"persona{index}@example.org", {"link": "x"})


def test_jobs_once_sends_queued_mail_and_runs_every_daily_job(delivered):
    queue(2)
    printed = jobs_once()
    assert "outbox: 2 sent, 0 to retry, 0 failed" in printed
    for name in ("reminders", "purge_signups"):
        assert f"{name}:" in printed
    assert "expired session(s) deleted" in printed
    assert len(delivered()) == 2


def test_daily_jobs_wait_a_day_but_mail_goes_every_round():
    jobs_once()
    queue(1)
    printed = jobs_once()
    assert "outbox: 1 sent" in printed
    assert "purge_signups" not in printed and "session(s) deleted" not in printed


def test_job_held_by_a_live_worker_is_not_run_by_another():
    job = Job("example", lambda: "done", every=datetime.timedelta(0))
    assert claim(job, "worker-a")
    assert not claim(job, "worker-b")
    assert run_due([job]) == {}
    release(job, "worker-a", finished=True)
    assert run_due([job]) == {"example": "done"}


def test_job_of_a_worker_that_died_is_taken_over_when_its_lease_runs_out():
    job = Job("example", lambda: "done", every=datetime.timedelta(0))
    assert claim(job, "worker-a")
    JobRun.objects.filter(name="example").update(
        held_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert run_due([job]) == {"example": "done"}


def test_a_failing_job_does_not_stop_the_others():
    def broken() -> str:
        raise RuntimeError("boom")

    jobs = [
        Job("broken", broken, every=datetime.timedelta(days=1)),
        Job("fine", lambda: "ok", every=datetime.timedelta(days=1)),
    ]
    assert run_due(jobs) == {"fine": "ok"}
    # Not marked as done: it is tried again at the next round.
    assert run_due(jobs) == {}
    assert JobRun.objects.get(name="broken").last_finished_at is None


@pytest.mark.subprocess
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes share PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_started_together_send_each_queued_email_once(tmp_path):
    queue(40)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    workers = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(manage), "jobs", "--once"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _worker in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    recipients = [
        line
        for path in tmp_path.glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]
    assert sorted(recipients) == sorted(f"To: persona{index}@example.org" for index in range(40))
    assert Message.objects.filter(status=Message.Status.SENT).count() == 40
