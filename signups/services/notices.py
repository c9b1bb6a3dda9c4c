"""Every message a person gets (confirmation, welcome, reminders, calendar changes) and
the coordinators' notice of a new request, each queued by `channels.tell`.

Requests and admin pages only record what happened; the worker's jobs here turn it into
messages (a new request, a calendar change), each in the transaction that stamps it
done, so none is lost if a worker dies and none is queued twice.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from meetings.feeds import build_calendar
from meetings.models import ClosurePeriod, Meeting, ScheduleChange
from signups.models import ReminderSent, SignupRequest
from signups.services.channels import tell, tell_coordinators
from signups.services.links import apology_url, stop_reminders_url

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def next_meeting(group: Group | None) -> Meeting | None:
    if group is None:
        return None
    # One already under way is not the one a confirmation or a welcome should name.
    return group.meetings.ahead().taking_place().with_places().first()


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
    tell(signup, "signup-confirmation", context)
    tell_coordinators(signup, "signup-notice", context)


def notify_new_requests() -> str:
    """Sends what each request stored on the site causes, once (a job)."""
    done = 0
    while True:
        with transaction.atomic():
            signup = (
                SignupRequest.objects.filter(notified_at__isnull=True)
                .order_by("created_at", "pk")
                # Only this row: PostgreSQL refuses FOR UPDATE on the nullable side of the
                # outer join to the group, and nothing else needs locking.
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("group")
                .first()
            )
            if signup is None:
                break
            notify(signup)
            signup.notified_at = timezone.now()
            signup.save(update_fields=["notified_at"])
        done += 1
    return f"{done} new request(s) confirmed" if done else ""


def how_it_works_url() -> str:
    """The page on what happens at a meeting: who leads it, confidentiality, what to bring."""
    return absolute(reverse("how-it-works"))


def welcome_coordinator(group: Group | None, by: AbstractUser | None) -> AbstractUser | None:
    """Whom the welcome names: the coordinator who accepted, if they run the group."""
    if group is None:
        return None
    coordinators = [user for user in group.coordinators.order_by("pk") if user.get_full_name()]
    return next((user for user in coordinators if user == by), None) or next(
        iter(coordinators), None
    )


def subscription_urls(group: Group) -> dict[str, str]:
    """The group's calendar to subscribe to: it follows every later change by itself."""
    feed = absolute(reverse("meetings:group-feed", args=[group.slug]))
    return {"feed_url": feed, "webcal_url": "webcal://" + feed.split("://", 1)[1]}


def welcome(signup: SignupRequest, by: AbstractUser | None = None) -> list[str]:
    """Queues the welcome for a newly accepted participant: first meeting, place, calendar.

    Returns the channels it went by.
    """
    group = signup.group
    meeting = next_meeting(group)
    attachments = {}
    context = {
        "meeting": meeting,
        "place": meeting.place if meeting else (group.venue if group else None),
        "coordinator": welcome_coordinator(group, by),
        "phone": group.phone if group else settings.COORDINATION_PHONE,
        "how_it_works_url": how_it_works_url(),
        "group_url": absolute(group.get_absolute_url()) if group else None,
    }
    if meeting is not None:
        context["google_calendar_url"] = meeting.google_calendar_url
    if group is not None:
        context.update(subscription_urls(group))
        meetings = group.meetings.select_related("venue", "group", "group__venue")
        cycle = build_calendar(absolute, group.name, meetings.order_by("starts_at"))
        attachments[f"amalav-{group.slug}.ics"] = (cycle.to_ical(), "text/calendar")
    return tell(signup, "welcome", context, attachments=attachments)


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
        .taking_place()
        .with_places()
    )
    queued = 0
    for meeting in meetings:
        closures = ClosurePeriod.objects.for_group(meeting.group)
        if closures.covering(timezone.localdate(meeting.starts_at)).exists():
            continue  # left inside a closure: no reminder until a coordinator moves it
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
                    tell(
                        person,
                        "reminder",
                        reminder_context(meeting, person),
                        unsubscribe=True,
                    )
            except IntegrityError:
                continue  # another worker queued it first
            queued += 1
    return f"{queued} reminder(s) queued" if queued else ""


def reminder_context(meeting: Meeting, person: SignupRequest) -> dict:
    return {
        "meeting": meeting,
        "place": meeting.place,
        "phone": meeting.group.phone,
        "apology_url": apology_url(meeting, person),
        "stop_url": stop_reminders_url(person),
    }


def announce_schedule_changes() -> str:
    """Tells every participant of each recorded calendar change, once (a job).

    Each change is claimed, announced and stamped in one transaction: two workers never
    announce the same change, and a worker that dies mid-way leaves it to be announced.
    """
    announced = 0
    while True:
        with transaction.atomic():
            change = (
                ScheduleChange.objects.to_announce()
                # Only this row: PostgreSQL refuses FOR UPDATE on the nullable side of the
                # outer join to the group, and nothing else needs locking.
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("group")
                .first()
            )
            if change is None:
                break
            change.notified = announce(change)
            change.announced_at = timezone.now()
            change.save(update_fields=["notified", "announced_at"])
        announced += 1
    return f"{announced} calendar change(s) announced" if announced else ""


def announce(change: ScheduleChange) -> dict[str, int]:
    """Queues the notice of one change to each participant; returns how many, by channel."""
    items = list(
        change.changed_meetings.select_related(
            "meeting", "meeting__group", "meeting__group__venue", "meeting__venue"
        )
    )
    group = change.group
    context = {
        "change": change,
        "items": items,
        "group": group,
        "phone": group.phone,
        "group_url": absolute(group.get_absolute_url()),
        **subscription_urls(group),
    }
    updated = build_calendar(absolute, group.name, [item.meeting for item in items])
    attachments = {f"amalav-{group.slug}-aggiornamento.ics": (updated.to_ical(), "text/calendar")}
    counts: Counter[str] = Counter()
    for person in SignupRequest.objects.reachable_participants().filter(group=group):
        counts.update(
            tell(person, "schedule-change", context, attachments=attachments, unsubscribe=True)
        )
    return dict(counts)
