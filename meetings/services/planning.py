"""Planning a group's cycle of fortnightly meetings."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

import holidays
from dateutil.rrule import WEEKLY, rrule
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import GROUPS, family_versions, version_keys, versions_from
from core.templatetags.dates_it import day as day_name
from groups.models import Group
from meetings.models import ClosurePeriod, Meeting, ScheduleChange
from meetings.services.records import record_change

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


class PlanningError(ValueError):
    pass


def is_holiday(group: Group, day: datetime.date, national: holidays.HolidayBase) -> bool:
    patron = group.patron_saint_day
    if patron and (patron.month, patron.day) == (day.month, day.day):
        return True
    return day in national


def meeting_days(group: Group, since: datetime.date | None = None) -> Iterator[datetime.date]:
    """Every other week from `since` (the start date if not given), skipping holidays and
    closures, without end."""
    since = since or group.start_date
    if since is None:
        raise PlanningError("start date missing")
    national = holidays.country_holidays("IT")
    closures = list(ClosurePeriod.objects.for_group(group))
    for occurrence in rrule(WEEKLY, interval=2, dtstart=since):
        day = occurrence.date()
        if is_holiday(group, day, national) or any(c.covers(day) for c in closures):
            continue
        yield day


def day_off_reason(group: Group, day: datetime.date) -> str:
    """Why no meeting should fall on this day (a holiday or a closure), or ""."""
    national = holidays.country_holidays("IT", language="it_IT")
    if day in national:
        return str(national.get(day))
    if is_holiday(group, day, national):
        return _("festa patronale")
    closure = ClosurePeriod.objects.for_group(group).covering(day).first()
    return closure.reason if closure else ""


@transaction.atomic
def plan_cycle(group: Group, by: AbstractUser | None = None) -> list[Meeting]:
    """Creates the meetings the group's cycle is missing and returns them.

    Existing meetings, held or not, moved or cancelled, are never changed: a
    number already taken keeps its meeting, so planning twice creates nothing. Meetings
    added to a cycle already planned (a longer cycle, one deleted) are announced.
    """
    group = Group.objects.select_for_update().get(pk=group.pk)
    existing = {m.number: m.starts_at for m in group.meetings.all()}
    taken = set(existing.values())
    tz = timezone.get_default_timezone()
    days = meeting_days(group)
    created = []
    for number in range(1, group.cycle_length + 1):
        day = next(days)
        if number in existing:
            continue
        starts_at = datetime.datetime.combine(day, group.start_time, tzinfo=tz)
        # A meeting moved onto this slot keeps it; this one takes the next free one.
        while starts_at in taken:
            starts_at = datetime.datetime.combine(next(days), group.start_time, tzinfo=tz)
        meeting = Meeting(
            group=group, number=number, starts_at=starts_at, duration=group.meeting_duration
        )
        meeting.save()
        taken.add(starts_at)
        created.append(meeting)
    if existing and created:
        # No status before: the meeting is new to the people of the group.
        added = [(m, Meeting(starts_at=m.starts_at, ends_at=m.ends_at, status="")) for m in created]
        record_change(group, ScheduleChange.Kind.REPLAN, added, by)
    return created


def start_date_warnings(group: Group) -> list[str]:
    """What a coordinator should know about the start date against the planned calendar."""
    if group.start_date is None:
        return []
    warnings = []
    first = group.meetings.filter(number=1).first()
    first_day = timezone.localdate(first.starts_at) if first else None
    if is_holiday(group, group.start_date, holidays.country_holidays("IT")):
        warnings.append(
            _("%(group)s: la data del primo incontro, %(day)s, è un giorno festivo.")
            % {"group": group, "day": day_name(group.start_date)}
        )
    if first_day is not None and first_day != group.start_date:
        warnings.append(
            _(
                "%(group)s: l'incontro 1 è in calendario il %(first)s, non il %(day)s "
                "indicato come data del primo incontro. Il sito mostra le date del calendario; "
                "per spostare il ciclo usa l'azione «Sposta gli incontri futuri»."
            )
            % {"group": group, "first": day_name(first_day), "day": day_name(group.start_date)}
        )
    return warnings


@transaction.atomic
def delete_meeting(meeting: Meeting) -> None:
    """Removes a meeting from its cycle for good (superusers only, see the admin).

    The cycle becomes one meeting shorter and the later meetings move up one number, so
    that pages never say "di 18" with 17 listed; their SEQUENCE grows because the title
    subscribers see ("incontro 5 di 17") changed.
    """
    group = Group.objects.select_for_update().get(pk=meeting.group_id)
    number = meeting.number
    meeting.delete()
    group.cycle_length = max(group.cycle_length - 1, 1)
    group.save(update_fields=["cycle_length"])
    for other in group.meetings.order_by("number"):
        if other.number > number:
            other.number -= 1
        other.sequence += 1
        other.save(update_fields=["number", "sequence"])


SCHEDULE_KEY = "meetings-schedule-epoch"


def schedule_epoch() -> str:
    """A value that changes when a meeting ends, at midnight, and when the calendar changes.

    Pages of meetings show which are over ("già svolto") and which come next, and mark
    today: rendered pieces of them vary on this value. It is worked out again (one query)
    only once the meeting that ends first is over or coordinators change something.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    found = cache.get_many([*version_keys([GROUPS]), SCHEDULE_KEY])
    version = versions_from(found, [GROUPS]) or family_versions([GROUPS])
    entry = found.get(SCHEDULE_KEY)
    if entry is not None:
        seen_version, since, until, epoch = entry
        if seen_version == version and since <= now <= until:
            return epoch
    midnight = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    next_end = Meeting.objects.filter(ends_at__gte=now).aggregate(end=Min("ends_at"))["end"]
    # Until a meeting's end it is still coming (ends_at >= now), a moment later it is over.
    until = min(next_end, midnight - datetime.timedelta(microseconds=1)) if next_end else midnight
    epoch = f"{version}:{today.isoformat()}:{until.isoformat()}"
    cache.set(SCHEDULE_KEY, (version, now, until, epoch), timeout=None)
    return epoch
