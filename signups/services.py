"""Sign-up requests and participants: storing a request exactly once, then every message
the person gets (confirmation, welcome, reminders, change notices), queued in the outbox."""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core import emails
from core.cache import count_attempt
from core.clients import client_address
from groups.models import Group
from meetings.feeds import build_calendar
from meetings.models import Meeting
from signups.models import (
    Attendance,
    ReminderSent,
    SentEmail,
    SignupRequest,
    is_full,
    person_key,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = datetime.timedelta(hours=24)


def rate_limited(request: HttpRequest) -> bool:
    """Counts one submission for this client; True once it is over the limit."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    count = count_attempt(f"signup-rate:{digest}", settings.SIGNUP_RATE_WINDOW)
    return count > settings.SIGNUP_RATE_LIMIT


class SubmissionTokenReused(Exception):
    """The form's token already stored someone else's request: the form must be reloaded."""


def lock_person(signup: SignupRequest) -> None:
    """Serialises, until the transaction ends, every submission of this person for this group.

    The duplicate rule (same name, same email or phone, same group, within 24 hours) is
    not a plain unique key: contacts match by "or" and the window slides. So PostgreSQL
    holds it with a transaction-scoped advisory lock on the group and the normalised
    name: concurrent identical submissions queue here, and each one checks for a
    duplicate only after the previous one committed (READ COMMITTED sees it). Different
    people never wait for each other. SQLite serialises every write by itself.
    """
    if connection.vendor != "postgresql":
        return
    key = f"signup:{signup.group_id or 0}:{person_key(signup.first_name, signup.last_name)}"
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [digest])


def same_submission(stored: SignupRequest, signup: SignupRequest) -> bool:
    """Whether a stored request is this very form posted again (a double click)."""
    return (
        stored.group_id == signup.group_id
        and stored.person_key == person_key(signup.first_name, signup.last_name)
        and (stored.email, stored.phone) == (signup.email, signup.phone)
    )


def submit_signup(fields: dict, submission_token: uuid.UUID) -> tuple[SignupRequest, bool]:
    """Stores a request made on the public form unless it repeats one, then sends the emails.

    `fields` are the request's model fields. Returns the request and whether it is new;
    raises SubmissionTokenReused when the token already stored a different request. The
    request is committed before any mail is sent, so a broken mail server never loses it.
    """
    signup = SignupRequest(**fields, submission_token=submission_token)
    try:
        with transaction.atomic():
            lock_person(signup)
            stored = SignupRequest.objects.filter(submission_token=submission_token).first()
            if stored is not None:
                if not same_submission(stored, signup):
                    raise SubmissionTokenReused
                return stored, False
            duplicate = SignupRequest.objects.duplicates_of(signup, DUPLICATE_WINDOW).first()
            if duplicate is not None:
                return duplicate, False
            signup.record_consent(gettext("sul modulo del sito"))
            if signup.group is not None and is_full(signup.group):
                signup.status = SignupRequest.Status.WAITING
            signup.save()
    except IntegrityError:
        # The same token posted by someone else at the very same moment.
        stored = SignupRequest.objects.get(submission_token=submission_token)
        if not same_submission(stored, signup):
            raise SubmissionTokenReused from None
        return stored, False
    notify(signup)
    return signup, True


def reply_to(group: Group | None) -> list[str]:
    """Answers go to the people who run the group, never to a no-reply address."""
    if group is not None:
        coordinators = list(
            group.coordinators.exclude(email="").order_by("pk").values_list("email", flat=True)
        )
        if coordinators:
            return coordinators
    return [settings.COORDINATION_EMAIL]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def next_meeting(group: Group | None) -> Meeting | None:
    if group is None:
        return None
    return (
        group.meetings.upcoming()
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group", "group__venue", "venue")
        .first()
    )


def email_person(
    signup: SignupRequest,
    name: str,
    context: dict,
    attachments: dict[str, tuple[bytes, str]] | None = None,
) -> None:
    """Queues a message to the person of a request; their request lists it in the admin."""
    email = emails.queue(
        name,
        signup.email,
        {"signup": signup, "group": signup.group, **context},
        reply_to=reply_to(signup.group),
        attachments=attachments,
    )
    SentEmail.objects.create(signup=signup, email=email, kind=name)


def notify(signup: SignupRequest) -> None:
    """Queues the confirmation to the person and a notice to each coordinator."""
    group = signup.group
    meeting = next_meeting(group)
    context = {
        "signup": signup,
        "group": group,
        "meeting": meeting,
        "place": meeting.place if meeting else None,
        "phone": group.phone if group else settings.COORDINATION_PHONE,
        "admin_url": absolute(reverse("admin:signups_signuprequest_change", args=[signup.pk])),
        "privacy_url": absolute(reverse("privacy")),
    }
    if signup.email:
        email_person(signup, "signup-confirmation", context)
    coordinators = []
    if group is not None:
        coordinators = [user.email for user in group.coordinators.all() if user.email]
    # One message each: coordinators do not see one another's addresses.
    for recipient in coordinators or [settings.COORDINATION_EMAIL]:
        emails.queue("signup-notice", recipient, context)


def how_it_works_url() -> str:
    """The page on what happens at a meeting: who leads it, confidentiality, what to bring."""
    return absolute(reverse("how-it-works"))


def welcome(signup: SignupRequest) -> None:
    """Queues the welcome for a newly accepted participant: first meeting, place, calendar."""
    if not signup.email:
        return
    group = signup.group
    meeting = next_meeting(group)
    attachments = {}
    context = {
        "meeting": meeting,
        "place": meeting.place if meeting else (group.venue if group else None),
        "coordinator": next(
            (user for user in group.coordinators.all() if user.get_full_name()), None
        )
        if group
        else None,
        "phone": group.phone if group else settings.COORDINATION_PHONE,
        "how_it_works_url": how_it_works_url(),
        "group_url": absolute(group.get_absolute_url()) if group else None,
    }
    if meeting is not None:
        context["google_calendar_url"] = meeting.google_calendar_url
    if group is not None:
        meetings = group.meetings.select_related("venue", "group", "group__venue")
        cycle = build_calendar(absolute, group.name, meetings.order_by("starts_at"))
        attachments[f"amalav-{group.slug}.ics"] = (cycle.to_ical(), "text/calendar")
    email_person(signup, "welcome", context, attachments=attachments)


def accept(signups: Iterable[SignupRequest], user: AbstractUser) -> None:
    """Marks requests accepted; a person accepted for the first time gets the welcome."""
    for signup in signups:
        was_participant = signup.is_participant
        signup.mark(SignupRequest.Status.ACCEPTED, user)
        if not was_participant:
            welcome(signup)


APOLOGY_SALT = "signups.apology"
STOP_REMINDERS_SALT = "signups.stop-reminders"
# A link older than this is refused even if its meeting is still ahead.
LINK_MAX_AGE = datetime.timedelta(days=60)


def apology_token(meeting: Meeting, participant: SignupRequest) -> str:
    return signing.dumps([meeting.pk, participant.pk], salt=APOLOGY_SALT, compress=True)


def read_apology_token(token: str) -> tuple[Meeting, SignupRequest]:
    """The meeting and person a "non posso venire" link names.

    Raises BadSignature when the link was altered, SignatureExpired once the meeting is over.
    """
    meeting_pk, participant_pk = signing.loads(token, salt=APOLOGY_SALT, max_age=LINK_MAX_AGE)
    meeting = Meeting.objects.with_places().filter(pk=meeting_pk).first()
    participant = SignupRequest.objects.filter(pk=participant_pk).first()
    if meeting is None or participant is None or participant.anonymised_at:
        raise signing.BadSignature("no such meeting or participant")
    if meeting.is_past:
        raise signing.SignatureExpired("meeting is over")
    return meeting, participant


def stop_reminders_token(participant: SignupRequest) -> str:
    return signing.dumps(participant.pk, salt=STOP_REMINDERS_SALT)


def read_stop_reminders_token(token: str) -> SignupRequest:
    """Raises BadSignature when the link was altered or its person is gone."""
    participant = SignupRequest.objects.filter(
        pk=signing.loads(token, salt=STOP_REMINDERS_SALT), anonymised_at__isnull=True
    ).first()
    if participant is None:
        raise signing.BadSignature("no such participant")
    return participant


def record_apology(meeting: Meeting, participant: SignupRequest) -> None:
    """The person said they cannot come: the coordinator sees it beside the meeting."""
    Attendance.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={"status": Attendance.Status.APOLOGISED, "recorded_by": None},
    )


def send_reminders(now: datetime.datetime | None = None) -> str:
    """Queues a reminder for each meeting starting within REMINDER_DAYS_BEFORE days.

    Once per person and meeting however often it runs: the ReminderSent row and the message
    are written in one transaction, and its unique constraint stops a second one.
    """
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .with_places()
    )
    queued = 0
    for meeting in meetings:
        people = (
            SignupRequest.objects.reachable_participants()
            .filter(group=meeting.group_id, wants_reminders=True)
            .exclude(pk__in=ReminderSent.objects.filter(meeting=meeting).values("participant"))
            .exclude(pk__in=meeting.attendances.values("participant"))
            .select_related("group")
        )
        for person in people:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(meeting=meeting, participant=person)
                    email_person(person, "reminder", reminder_context(meeting, person))
            except IntegrityError:
                continue  # another worker queued it first
            queued += 1
    return f"{queued} reminder(s) queued" if queued else ""


def reminder_context(meeting: Meeting, person: SignupRequest) -> dict:
    return {
        "meeting": meeting,
        "place": meeting.place,
        "phone": meeting.group.phone,
        "apology_url": absolute(reverse("signups:apology", args=[apology_token(meeting, person)])),
        "stop_url": absolute(
            reverse("signups:stop-reminders", args=[stop_reminders_token(person)])
        ),
    }


def notify_meeting_change(meeting: Meeting, previous_start: datetime.datetime | None = None) -> int:
    """Queues a notice of a move (from `previous_start`) or a cancellation to every participant.

    Returns how many were queued. A meeting already over needs no notice.
    """
    if meeting.is_past and (previous_start is None or previous_start < timezone.now()):
        return 0
    name = "meeting-cancelled" if meeting.is_cancelled else "meeting-moved"
    context = {
        "meeting": meeting,
        "previous_start": previous_start,
        "place": meeting.place,
        "phone": meeting.group.phone,
        "group_url": absolute(meeting.group.get_absolute_url()),
    }
    people = (
        SignupRequest.objects.reachable_participants()
        .filter(group=meeting.group_id)
        .select_related("group")
    )
    count = 0
    for person in people:
        email_person(person, name, context)
        count += 1
    return count
