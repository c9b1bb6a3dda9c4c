import datetime
import io
import signal
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core import emails
from core.jobs import Job, run_due
from signups import services


def command(name: str, *args: str) -> str:
    """Runs another management command and returns what it printed."""
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().strip()


JOBS = [
    Job("mail", emails.deliver_queued, every=datetime.timedelta(0)),
    Job("reminders", services.send_reminders, every=datetime.timedelta(minutes=1)),
    # Also deletes expired sessions, admin login records past ACCESS_LOG_RETENTION_DAYS and
    # the record of access to personal data past ACCESS_RECORD_RETENTION_MONTHS.
    Job("purge_signups", lambda: command("purge_signups"), every=datetime.timedelta(days=1)),
]


class Command(BaseCommand):
    help = (
        "Runs the periodic work: sends queued email, queues reminders, purges old sign-up "
        "requests, expired sessions and old login records. Runs forever, a round every "
        "JOBS_INTERVAL_SECONDS; with --once, runs every due job once and exits. Safe to run "
        "on several machines at once: each job runs in one worker at a time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run every due job once, then exit."
        )

    def handle(self, *args, once: bool, **options) -> None:
        self.stopping = False
        if not once:
            # systemd and Procfile runners stop with SIGTERM: finish the round, then leave.
            signal.signal(signal.SIGTERM, self.stop)
            self.stdout.write(f"jobs: running every {settings.JOBS_INTERVAL_SECONDS} s")
        while not self.stopping:
            for name, result in run_due(JOBS).items():
                if result or once:
                    self.stdout.write(f"{name}: {result or 'nothing to do'}")
            if once:
                break
            for _second in range(settings.JOBS_INTERVAL_SECONDS):
                if self.stopping:
                    break
                time.sleep(1)
            # As after a request: drop a connection that is too old or was broken meanwhile.
            close_old_connections()

    def stop(self, signum: int, frame: object) -> None:
        self.stopping = True
