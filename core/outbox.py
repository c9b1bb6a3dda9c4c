"""The outbox: messages are written by requests and jobs, and sent by the worker alone.

Exactly once: the worker claims one message (a lease of OUTBOX_CLAIM_SECONDS), sends it and
marks it sent before it claims the next, so a worker killed mid-way leaves at most the
message in flight unknown, and a new worker takes it up again once its lease is over.
Its Message-ID stays the same, so a receiving server can drop the copy. A temporary
failure (4xx, a server that does not answer) is retried with growing waits; a permanent
one (5xx, a refused number) is final at once, with a word for coordinators.
"""

from __future__ import annotations

import base64
import datetime
import logging
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import sms
from core.models import Message

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(minutes=1)


def queue(
    *,
    channel: str,
    kind: str,
    to: str,
    body: str,
    subject: str = "",
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: dict[str, tuple[bytes, str]] | None = None,
    message_id: str = "",
    not_before: datetime.datetime | None = None,
) -> Message:
    """Writes one message to the outbox; the worker sends it (a call waits for a person)."""
    return Message.objects.create(
        channel=channel,
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        html=html,
        headers=headers or {},
        attachments=[
            {"name": name, "mimetype": mimetype, "content": base64.b64encode(content).decode()}
            for name, (content, mimetype) in (attachments or {}).items()
        ],
        message_id=message_id,
        next_attempt_at=not_before or timezone.now(),
    )


# Text messages arrive between these hours, Rome time: never at night.
SMS_HOURS = (datetime.time(9), datetime.time(20))


def sms_window(moment: datetime.datetime) -> datetime.datetime:
    """`moment`, or the next one within SMS_HOURS."""
    local = timezone.localtime(moment)
    opens, closes = SMS_HOURS
    if local.time() < opens:
        return local.replace(hour=opens.hour, minute=0, second=0, microsecond=0)
    if local.time() >= closes:
        tomorrow = local.date() + datetime.timedelta(days=1)
        return datetime.datetime.combine(tomorrow, opens, tzinfo=local.tzinfo)
    return moment


def queue_text(kind: str, to: str, body: str) -> Message:
    """Queues a text message to a mobile number in E.164, to leave in SMS_HOURS."""
    return queue(
        channel=Message.Channel.SMS,
        kind=kind,
        to=to,
        body=body,
        not_before=sms_window(timezone.now()),
    )


def requeue(message: Message, to: str | None = None) -> None:
    """Sends a message that failed again at the next round, to a corrected address if given."""
    message.to = to or message.to
    message.status = Message.Status.QUEUED
    message.next_attempt_at = timezone.now()
    if message.channel == Message.Channel.SMS:
        message.next_attempt_at = sms_window(message.next_attempt_at)
    message.attempts = 0
    message.error = message.explanation = ""
    message.claimed_until = None
    message.save()


@dataclass
class Failure:
    permanent: bool
    explanation: str


class Delivery:
    """One worker's round: its connections, opened when first needed and reused."""

    def __init__(self) -> None:
        self.smtp = None
        self.sms = None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            except Exception:  # a broken connection is dropped either way
                logger.debug("closing the mail connection failed", exc_info=True)
            self.smtp = None

    def send(self, message: Message) -> None:
        if message.channel == Message.Channel.EMAIL:
            self.send_email(message)
        elif message.channel == Message.Channel.SMS:
            self.send_text(message)
        else:
            raise ValueError(f"the worker does not send {message.channel}")

    def send_text(self, message: Message) -> None:
        if self.sms is None:
            self.sms = sms.get_backend()
        self.sms.send(
            sms.TextMessage(to=message.to, body=message.body, reference=f"amalav-{message.pk}")
        )

    def send_email(self, message: Message) -> None:
        if self.smtp is None:
            self.smtp = get_connection(fail_silently=False)
            self.smtp.open()
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={**message.headers, "Message-ID": message.message_id},
            connection=self.smtp,
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        for attachment in message.attachments:
            content = base64.b64decode(attachment["content"])
            email.attach(attachment["name"], content, attachment["mimetype"])
        try:
            email.send()
        except Exception:
            # The connection may be half-way through a conversation: start afresh.
            self.close()
            raise


def claim_next(now: datetime.datetime) -> Message | None:
    """Takes the next due message for this worker; one UPDATE decides between workers.

    A text message due before 20:00 and still waiting at night (the worker was down, the
    provider refused for an hour) waits for the morning: the window holds when sending,
    not only when queueing.
    """
    texts = sms_window(now) == now
    while True:
        candidate = (
            Message.objects.due(now, texts)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
        ).first()
        if candidate is None:
            return None
        claimed = (
            Message.objects.due(now, texts)
            .filter(pk=candidate)
            .update(
                claimed_until=now + datetime.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS),
                attempts=F("attempts") + 1,
            )
        )
        if claimed:
            return Message.objects.get(pk=candidate)


def classify(error: Exception) -> Failure:
    """Whether sending may succeed later, and what coordinators are told."""
    if isinstance(error, sms.SmsError):
        return Failure(isinstance(error, sms.PermanentSmsError), error.explanation)
    later = Failure(
        False, _("Il server di posta non ha accettato il messaggio per ora: nuovo tentativo.")
    )
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        if codes and min(codes) >= 500:
            return Failure(
                True,
                _("Indirizzo inesistente o rifiutato dal destinatario: correggilo e rinvia."),
            )
        return later
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError):
        # Our own account or sender is refused: every message would fail the same way.
        logger.error("the mail server refuses our sender: %s", error)
        return later
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        return Failure(
            True, _("Il server del destinatario ha rifiutato il messaggio: non verrà riprovato.")
        )
    return later


def retry_wait(attempts: int) -> datetime.timedelta:
    """1, 2, 4... minutes: a server down for an hour is not hammered, one down a minute
    costs a minute."""
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


def mark_failed(message: Message, error: Exception, now: datetime.datetime) -> str:
    failure = classify(error)
    technical = f"{type(error).__name__}: {error}"[:2000]
    if failure.permanent or message.attempts > settings.EMAIL_MAX_RETRIES:
        explanation = failure.explanation
        if not failure.permanent:
            explanation = _("Non è stato possibile inviarlo dopo tanti tentativi: rinvialo.")
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED,
            claimed_until=None,
            error=technical,
            explanation=explanation,
        )
        return "failed"
    next_attempt = now + retry_wait(message.attempts)
    if getattr(error, "maybe_sent", False):
        # The provider may have taken it: wait long enough for its report before trying
        # again, rather than risk a second text at once.
        next_attempt = max(next_attempt, now + datetime.timedelta(minutes=15))
    if message.channel == Message.Channel.SMS:
        next_attempt = sms_window(next_attempt)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.RETRYING,
        claimed_until=None,
        next_attempt_at=next_attempt,
        error=technical,
        explanation=failure.explanation,
    )
    return "retrying"


def deliver_due() -> str:
    """Sends the due messages one at a time until none is left or the round is over
    (OUTBOX_ROUND_SECONDS: then the worker's other jobs run, and it goes on)."""
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    started = time.monotonic()
    delivery = Delivery()
    try:
        while time.monotonic() - started < settings.OUTBOX_ROUND_SECONDS:
            message = claim_next(timezone.now())
            if message is None:
                break
            try:
                delivery.send(message)
            except Exception as error:  # each failure is classified below
                logger.warning("message %s not sent: %s", message.pk, error)
                counts[mark_failed(message, error, timezone.now())] += 1
                continue
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.SENT,
                sent_at=timezone.now(),
                claimed_until=None,
                error="",
                explanation="",
            )
            counts["sent"] += 1
    finally:
        delivery.close()
    if not any(counts.values()):
        return ""
    return "{sent} sent, {retrying} to retry, {failed} failed".format(**counts)
