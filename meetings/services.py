"""Planning a group's cycle of fortnightly meetings."""

import datetime
from collections.abc import Iterator

import holidays
from dateutil.rrule import WEEKLY, rrule
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group
from meetings.models import ClosurePeriod, Meeting


class PlanningError(ValueError):
    pass


def is_holiday(group: Group, day: datetime.date, national: holidays.HolidayBase) -> bool:
    patron = group.patron_saint_day
    if patron and (patron.month, patron.day) == (day.month, day.day):
        return True
    return day in national


def meeting_days(group: Group) -> Iterator[datetime.date]:
    """Every other week from the start date, skipping holidays and closures, without end."""
    if group.start_date is None:
        raise PlanningError("start date missing")
    national = holidays.country_holidays("IT")
    closures = list(ClosurePeriod.objects.for_group(group))
    for occurrence in rrule(WEEKLY, interval=2, dtstart=group.start_date):
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
def plan_cycle(group: Group) -> list[Meeting]:
    """Creates the meetings the group's cycle is missing and returns them.

    Existing meetings, held or not, moved or cancelled, are never changed: a
    number already taken keeps its meeting, so planning twice creates nothing.
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
    return created
