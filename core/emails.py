"""Email built from templates (emails/<name>-subject.txt, -body.txt, -body.html), queued in
the database outbox and delivered later by `manage.py jobs`, never during a request."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from post_office import mail
from post_office.models import STATUS, Email
from post_office.settings import get_retry_timedelta

from core.context_processors import site

# Batches sent in one round: the rest waits for the next round, so the job's lease holds.
MAX_BATCHES = 10


def queue(
    name: str,
    to: str,
    context: dict,
    reply_to: list[str] | None = None,
    attachments: dict[str, tuple[bytes, str]] | None = None,
) -> Email:
    """Queues one message for one recipient; `attachments` maps file names to (content, type)."""
    context = {**site(None), **context}
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    # A newline in a subject is a header injection; templates end with one.
    subject = " ".join(subject.split())
    reply_to = reply_to or [settings.COORDINATION_EMAIL]
    return mail.send(
        recipients=[to],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=render_to_string(f"emails/{name}-body.txt", context),
        html_message=render_to_string(f"emails/{name}-body.html", context),
        headers={"Reply-To": ", ".join(reply_to)},
        attachments={
            filename: {"file": ContentFile(content), "mimetype": mimetype}
            for filename, (content, mimetype) in (attachments or {}).items()
        },
        priority="medium",
    )


def requeue(email: Email) -> None:
    """Sends a failed message again at the next round, with a fresh count of retries."""
    email.status = STATUS.queued
    email.scheduled_time = None
    email.number_of_retries = 0
    email.save(update_fields=["status", "scheduled_time", "number_of_retries", "last_updated"])


def deliver_queued() -> str:
    """Sends the queued messages that are due through EMAIL_BACKEND; a failure is retried."""
    sent = failed = requeued = 0
    for _batch in range(MAX_BATCHES):
        started = timezone.now()
        batch_sent, batch_failed, batch_requeued = mail.send_queued()
        sent, failed, requeued = sent + batch_sent, failed + batch_failed, requeued + batch_requeued
        back_off(since=started)
        if not mail.get_queued().exists():
            break
    if not (sent or failed or requeued):
        return ""
    return f"{sent} sent, {requeued} to retry, {failed} failed"


def back_off(since: datetime.datetime) -> None:
    """Doubles the wait after each failed attempt (1, 2, 4... minutes): a server that is down
    for an hour is not hammered, one down for a minute costs a minute."""
    just_failed = Email.objects.filter(status=STATUS.requeued, last_updated__gte=since)
    for email in just_failed:
        wait = get_retry_timedelta() * 2 ** (email.number_of_retries - 1)
        Email.objects.filter(pk=email.pk).update(scheduled_time=email.last_updated + wait)
