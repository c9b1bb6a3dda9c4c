import datetime
import io
import logging
import signal
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from amalav.accounts import send_password_resets
from core import outbox
from core.jobs import Job, run_due
from press.images import make_missing_renditions
from signups import services

logger = logging.getLogger(__name__)


def command(name: str, *args: str) -> str:
    """Runs another management command and returns what it printed."""
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().strip()


# The jobs that write messages come first, so their messages leave in the same round; a
# worker that dies holding one of them frees it within a minute. Every worker sends the
# outbox at once: each message is claimed on its own (core.outbox).
EVERY_ROUND = datetime.timedelta(0)
SHORT_LEASE = datetime.timedelta(minutes=1)
JOBS = [
    Job("requests", services.notify_new_requests, every=EVERY_ROUND, lease=SHORT_LEASE),
    Job("passwords", send_password_resets, every=EVERY_ROUND, lease=SHORT_LEASE),
    Job("announce", services.announce_schedule_changes, every=EVERY_ROUND, lease=SHORT_LEASE),
    Job("outbox", outbox.deliver_due, every=EVERY_ROUND, exclusive=False),
    Job("reminders", services.send_reminders, every=datetime.timedelta(minutes=1)),
    Job("surveys", services.send_surveys, every=datetime.timedelta(minutes=10)),
    # An offer of a free place nobody answered in time goes to the next person waiting.
    Job("offers", services.lapse_offers, every=datetime.timedelta(minutes=1)),
    # Also deletes expired sessions, admin login records past ACCESS_LOG_RETENTION_DAYS and
    # the record of access to personal data past ACCESS_RECORD_RETENTION_MONTHS.
    Job("purge_signups", lambda: command("purge_signups"), every=datetime.timedelta(days=1)),
    # Smaller copies of new photos, made here rather than in the request that uploads them.
    Job("renditions", make_missing_renditions, every=datetime.timedelta(0)),
]


class Command(BaseCommand):
    help = (
        "Runs the periodic work: confirms new requests, announces calendar changes, sends "
        "the outbox's email and SMS, queues reminders and the cycle's surveys, passes "
        "waiting-list offers nobody answered in time to the next person, makes smaller "
        "copies of new photos, purges old sign-up requests, expired sessions and old login "
        "records. Runs forever, a round every JOBS_INTERVAL_SECONDS; with --once, runs every "
        "due job once and exits. Safe to run on several machines at once: each job runs in "
        "one worker at a time."
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
            try:
                for name, result in run_due(JOBS).items():
                    if result or once:
                        self.stdout.write(f"{name}: {result or 'nothing to do'}")
            except Exception:
                # The database away or frozen, a bug: the worker keeps going and tries
                # again next round, on fresh connections.
                logger.exception("jobs: round failed, retrying next round")
                connections.close_all()
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
