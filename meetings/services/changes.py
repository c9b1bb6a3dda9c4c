"""Changes to a group's calendar that its participants must hear of.

Each function here is the one way to make its change, whoever asks (an admin action,
the change form, a job): it changes the meetings, records who did it and, in the same
transaction, the ScheduleChange from which the worker announces it to every
participant by their channel (signups.services.notices).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.dates_it import day as day_name
from groups.models import Group
from meetings.models import ClosurePeriod, Meeting, MeetingQuerySet, ScheduleChange
from meetings.services.planning import PlanningError, meeting_days
from meetings.services.records import record_change, snapshot

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Kind = ScheduleChange.Kind
# What a participant must hear of: when, whether, where and for how long it takes place.
NOTICE_FIELDS = ("starts_at", "status", "venue_id", "duration")


@transaction.atomic
def move_meeting(
    meeting: Meeting, new_start: datetime.datetime, by: AbstractUser | None
) -> ScheduleChange | None:
    """Moves one meeting; its participants are told the old and the new date."""
    before = snapshot(meeting)
    meeting.move_to(new_start)
    meeting.save()
    return record_change(meeting.group, Kind.MOVE, [(meeting, before)], by)


@transaction.atomic
def cancel_meeting(meeting: Meeting, reason: str, by: AbstractUser | None) -> ScheduleChange | None:
    """Calls a meeting off; the reason is shown on the site, in calendars and in the notice."""
    before = snapshot(meeting)
    if before.is_cancelled:
        return None
    meeting.cancel(reason)
    meeting.save()
    return record_change(meeting.group, Kind.CANCEL, [(meeting, before)], by, reason)


@transaction.atomic
def save_meeting(meeting: Meeting, by: AbstractUser | None) -> ScheduleChange | None:
    """Saves a coordinator's edit of a meeting (the change form).

    Calendars follow every visible change (see Meeting.revise); participants are told
    when it moves, is called off or back on, changes place or length.
    """
    before = snapshot(meeting)
    meeting.revise(before)
    meeting.save()
    if not any(getattr(meeting, name) != getattr(before, name) for name in NOTICE_FIELDS):
        return None
    if meeting.is_cancelled and not before.is_cancelled:
        kind = Kind.CANCEL
    elif meeting.starts_at != before.starts_at:
        kind = Kind.MOVE
    else:
        kind = Kind.EDIT
    reason = meeting.public_note if kind == Kind.CANCEL else ""
    return record_change(meeting.group, kind, [(meeting, before)], by, reason)


@transaction.atomic
def shift_cycle(
    group: Group, weeks: int, by: AbstractUser | None, now: datetime.datetime | None = None
) -> list[Meeting]:
    """Moves every future meeting of the cycle still taking place by `weeks` weeks.

    Meetings already moved (one by one, or postponed after a closure) slide with the rest
    from where they are now: the whole cycle moves, or a shift after a postponing closure
    would move nothing. Past and cancelled meetings stay; each moved meeting keeps its
    wall-clock time (across daylight saving changes) and its SEQUENCE grows, so
    subscribed calendars follow; participants get one notice listing every new date.
    Raises PlanningError if a new date is already taken.
    """
    group = Group.objects.select_for_update().get(pk=group.pk)
    meetings = list(
        group.meetings.taking_place()
        .filter(starts_at__gt=now or timezone.now())
        .order_by("starts_at" if weeks < 0 else "-starts_at")
    )
    tz = timezone.get_default_timezone()
    changed = []
    for meeting in meetings:
        before = snapshot(meeting)
        local = timezone.localtime(meeting.starts_at)
        day = local.date() + datetime.timedelta(weeks=weeks)
        meeting.move_to(datetime.datetime.combine(day, local.time(), tzinfo=tz))
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:
            raise PlanningError(
                _("%(group)s: il %(day)s c'è già un altro incontro, nessun incontro spostato.")
                % {"group": group, "day": day_name(day)}
            ) from None
        changed.append((meeting, before))
        if meeting.number == 1:
            group.start_date = day
            group.save(update_fields=["start_date"])
    record_change(group, Kind.SHIFT, reversed(changed), by)
    return meetings


class ClosureHandling(models.TextChoices):
    """What becomes of the meetings already planned inside a new closure period."""

    CANCEL = "annulla", gettext_lazy("Annullali")
    POSTPONE = "rimanda", gettext_lazy("Rimandali: loro e i successivi slittano dopo la chiusura")


def meetings_inside(closure: ClosurePeriod) -> MeetingQuerySet:
    """The meetings still to come that a closure period covers, for the groups it holds for."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(closure.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        closure.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    meetings = Meeting.objects.taking_place().filter(
        starts_at__gte=max(start, timezone.now()), starts_at__lt=end
    )
    if closure.group_id is not None:
        meetings = meetings.filter(group=closure.group_id)
    return meetings.select_related("group").order_by(
        "group__town", "group__name", "group__slug", "starts_at"
    )


@transaction.atomic
def save_closure(
    closure: ClosurePeriod, handling: str | None, by: AbstractUser | None
) -> list[ScheduleChange]:
    """Saves a closure period and calls off or postpones the meetings already inside it.

    Postponed, each meeting inside and every later one of its group take the next
    fortnightly days after the closure (holidays and closures skipped, the time kept),
    so the cycle keeps its length. Each group's participants get one notice.
    """
    closure.save()
    by_group: dict[Group, list[Meeting]] = {}
    for meeting in meetings_inside(closure):
        by_group.setdefault(meeting.group, []).append(meeting)
    changes = []
    for group, inside in by_group.items():
        if handling == ClosureHandling.POSTPONE:
            changed = postpone(group, inside[0])
        else:
            changed = []
            for meeting in inside:
                before = snapshot(meeting)
                meeting.cancel(closure.reason)
                meeting.save()
                changed.append((meeting, before))
        change = record_change(group, Kind.CLOSURE, changed, by, closure.reason)
        if change is not None:
            changes.append(change)
    return changes


def postpone(group: Group, first: Meeting) -> list[tuple[Meeting, Meeting]]:
    """Moves `first` and every later meeting taking place onto the next free fortnights."""
    later = list(
        group.meetings.taking_place().filter(starts_at__gte=first.starts_at).order_by("starts_at")
    )
    others = group.meetings.exclude(pk__in=[m.pk for m in later])
    kept = {timezone.localdate(start) for start in others.values_list("starts_at", flat=True)}
    since = timezone.localdate(first.starts_at)
    days = (day for day in meeting_days(group, since=since) if day not in kept)
    tz = timezone.get_default_timezone()
    plan = []
    for meeting in later:
        clock = timezone.localtime(meeting.starts_at).time()
        plan.append((meeting, datetime.datetime.combine(next(days), clock, tzinfo=tz)))
    changed = []
    # Latest first: each meeting moves later, onto a slot a later one may still hold.
    for meeting, new_start in reversed(plan):
        if new_start == meeting.starts_at:
            continue
        before = snapshot(meeting)
        meeting.move_to(new_start)
        meeting.save()
        changed.append((meeting, before))
    return list(reversed(changed))
