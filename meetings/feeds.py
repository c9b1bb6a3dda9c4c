"""iCalendar (RFC 5545) feeds of the meetings, for calendar apps to subscribe to."""

import calendar
import datetime
import functools
from collections.abc import Callable, Iterable
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from core.cache import GROUPS, per_content_version, public_page
from groups.models import Group
from meetings.models import Meeting

ICAL_STATUS = {
    Meeting.Status.SCHEDULED: "CONFIRMED",
    Meeting.Status.MOVED: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def meeting_event(absolute: Callable[[str], str], meeting: Meeting) -> Event:
    """One meeting as an event; `absolute` turns a path into a full URL."""
    event = Event()
    # Stable across moves, so a moved meeting updates the event people already have.
    event.add("uid", f"incontro-{meeting.pk}@amalav")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("status", ICAL_STATUS[meeting.status])
    url = absolute(meeting.get_absolute_url())
    event.add("url", url)
    notes = [meeting.topic, meeting.public_note, url]
    event.add("description", "\n".join(note for note in notes if note))
    if meeting.place is not None:
        event.add("location", meeting.place.full_address)
    return event


def build_calendar(
    absolute: Callable[[str], str], name: str, meetings: Iterable[Meeting]
) -> Calendar:
    """A calendar of the meetings, for a feed or an email's attachment."""
    cal = Calendar()
    cal.add("prodid", "-//Cooperativa Sociale Aeris//AMALav//IT")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(timezone.get_default_timezone()))
    for meeting in meetings:
        cal.add_component(meeting_event(absolute, meeting))
    add_timezones(cal)
    return cal


class Change(NamedTuple):
    """A yearly change of a zone's offset, as an RRULE names it."""

    month: int
    byday: str
    wall_time: datetime.time  # local time just before the change (RFC 5545's DTSTART)
    before: datetime.timedelta
    after: datetime.timedelta
    name: str
    summer: bool


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def changes_in(zone: ZoneInfo, year: int) -> list[tuple[datetime.datetime, set[Change]]]:
    """The zone's offset changes in `year`: when (local, before), and the rules it fits."""
    found = []
    day = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    while day.year == year:
        following = day + datetime.timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            # Narrow the day down to the second the offset changes.
            low, high = 0, 86_400
            while high - low > 1:
                middle = (low + high) // 2
                moment = day + datetime.timedelta(seconds=middle)
                if moment.astimezone(zone).utcoffset() == day.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            high = day + datetime.timedelta(seconds=high)
            before, after = day.astimezone(zone), high.astimezone(zone)
            wall = (high + before.utcoffset()).replace(tzinfo=None)
            weekday = WEEKDAYS[wall.weekday()]
            # "The 4th Sunday" and "the last Sunday" can both be true: keep both readings.
            bydays = {f"{(wall.day - 1) // 7 + 1}{weekday}"}
            if wall.day + 7 > calendar.monthrange(year, wall.month)[1]:
                bydays.add(f"-1{weekday}")
            rules = {
                Change(
                    wall.month,
                    byday,
                    wall.time(),
                    before.utcoffset(),
                    after.utcoffset(),
                    after.tzname(),
                    bool(after.dst()),
                )
                for byday in bydays
            }
            found.append((wall, rules))
        day = following
    return found


@functools.lru_cache(maxsize=32)
def yearly_rules(
    tzid: str, first_year: int, last_year: int
) -> tuple[tuple[Change, datetime.datetime], ...] | None:
    """The changes that repeat every year from `first_year` to `last_year`, each with the
    first time it happens; None when the zone's rules changed within those years."""
    zone = ZoneInfo(tzid)
    years = [changes_in(zone, year) for year in range(first_year, last_year + 1)]
    if len({len(changes) for changes in years}) != 1:
        return None
    rules = []
    for position, (first, _fitting) in enumerate(years[0]):
        fitting = set.intersection(*(changes[position][1] for changes in years))
        if not fitting:
            return None
        # The conventional reading when both fit every year: "the last Sunday".
        rule = min(fitting, key=lambda rule: (not rule.byday.startswith("-"), rule))
        rules.append((rule, first))
    return tuple(rules)


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone as every calendar app reads it right, for events in those years.

    icalendar's own VTIMEZONE lists every change of the zone's history (RDATE), and
    vobject then reads each summer-time event an hour late; a STANDARD and a DAYLIGHT
    part with yearly rules, the form calendar apps publish themselves, read right in all.
    The rules come from zoneinfo, checked against every year from the one before the
    first event; a zone whose rules changed within those years keeps icalendar's list.
    """
    start = first_year - 1
    rules = yearly_rules(tzid, start, last_year)
    if rules is None:
        return Timezone.from_tzid(
            tzid,
            first_date=datetime.date(start, 1, 1),
            last_date=datetime.date(last_year + 1, 1, 1),
        )
    zone = Timezone()
    zone.add("tzid", tzid)
    if not rules:
        # No summer time: one part, whatever the date.
        offset = datetime.datetime(start, 1, 1, tzinfo=ZoneInfo(tzid))
        part = TimezoneStandard()
        part.add("tzname", offset.tzname())
        part.add("tzoffsetfrom", offset.utcoffset())
        part.add("tzoffsetto", offset.utcoffset())
        part.add("dtstart", datetime.datetime(start, 1, 1))
        zone.add_component(part)
        return zone
    for rule, first in rules:
        part = TimezoneDaylight() if rule.summer else TimezoneStandard()
        part.add("tzname", rule.name)
        part.add("tzoffsetfrom", rule.before)
        part.add("tzoffsetto", rule.after)
        part.add("dtstart", first)
        part.add("rrule", {"freq": "yearly", "bymonth": rule.month, "byday": rule.byday})
        zone.add_component(part)
    return zone


def add_timezones(cal: Calendar) -> None:
    """A VTIMEZONE for each zone the events name, before the events (RFC 5545 3.6.5)."""
    missing = cal.get_missing_tzids()
    years = [
        event.decoded(name).year
        for event in cal.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if name in event
    ]
    for position, tzid in enumerate(sorted(missing)):
        try:
            zone = vtimezone(tzid, min(years), max(years))
        except (ZoneInfoNotFoundError, ValueError):
            continue  # as icalendar does: a zone it cannot describe stays undescribed
        cal.subcomponents.insert(position, zone)


def calendar_response(
    request: HttpRequest,
    name: str,
    meetings: Iterable[Meeting],
    filename: str,
    disposition: str = "inline",
) -> HttpResponse:
    # Built once per content version: a feed shows no clock, and building ninety events
    # costs more than the rest of the request. Kept under its own address, host included,
    # as its links are absolute ("seveso-2"'s feed and Seveso's meeting 2 differ).
    body = per_content_version(
        "ics",
        lambda: build_calendar(request.build_absolute_uri, name, meetings).to_ical(),
        request.build_absolute_uri(request.path),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
@public_page(families=[GROUPS])
def all_meetings(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.with_places().order_by("starts_at", "pk")
    return calendar_response(request, _("AMALav: tutti gli incontri"), meetings, "amalav.ics")


@require_safe
@public_page(families=[GROUPS])
def group_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("venue"), slug=slug)
    meetings = group.meetings.select_related("venue").order_by("starts_at")
    return calendar_response(request, group.name, meetings, f"amalav-{slug}.ics")


@require_safe
@public_page(families=[GROUPS])
def one_meeting(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.with_places(), group__slug=slug, number=number)
    return calendar_response(
        request,
        meeting.group.name,
        [meeting],
        f"amalav-{slug}-{number}.ics",
        disposition="attachment",
    )
