"""Periodic work run by `manage.py jobs`, each job at most once at a time on any machine."""

import dataclasses
import datetime
import logging
import uuid
from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from core.models import JobRun

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]
    every: datetime.timedelta
    # A worker that dies holding a job frees it when this runs out.
    lease: datetime.timedelta = datetime.timedelta(minutes=10)
    # False for a job every worker may run at once, each round (it claims its own items,
    # like the outbox its messages): no worker ever waits for a dead one's lease.
    exclusive: bool = True


def claim(job: Job, holder: str) -> bool:
    """Takes the job if it is due and no live worker holds it: one UPDATE decides."""
    now = timezone.now()
    JobRun.objects.get_or_create(name=job.name)
    due = Q(last_finished_at__isnull=True) | Q(last_finished_at__lte=now - job.every)
    free = Q(held_until__isnull=True) | Q(held_until__lt=now)
    taken = JobRun.objects.filter(due, free, name=job.name).update(
        held_until=now + job.lease, holder=holder
    )
    return taken == 1


def release(job: Job, holder: str, finished: bool) -> None:
    done = {"last_finished_at": timezone.now()} if finished else {}
    JobRun.objects.filter(name=job.name, holder=holder).update(held_until=None, holder="", **done)


def run_due(jobs: list[Job]) -> dict[str, str]:
    """Runs every job that is due and free; returns what each one reported."""
    holder = uuid.uuid4().hex
    results = {}
    for job in jobs:
        if job.exclusive and not claim(job, holder):
            continue
        try:
            results[job.name] = job.run()
        except Exception:
            # One broken job must not stop the others; it is retried next round.
            logger.exception("job %s failed", job.name)
            if job.exclusive:
                release(job, holder, finished=False)
        else:
            if job.exclusive:
                release(job, holder, finished=True)
    return results
