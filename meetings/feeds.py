"""iCalendar (RFC 5545) feeds of the meetings, for calendar apps to subscribe to."""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

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
    cal.add_missing_timezones()
    return cal


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
    meetings = Meeting.objects.with_places().order_by("starts_at")
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
