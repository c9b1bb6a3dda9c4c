"""Every calendar we serve or attach reads the same in three independent iCalendar
parsers (icalendar, vobject, ics-py): the right day and hour, summer and winter, with
moves and cancellations that update the event people already have."""

import datetime
from dataclasses import dataclass

import icalendar
import ics
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import plan_cycle
from tests.meetings.test_admin import change_form_data

pytestmark = pytest.mark.django_db

SUMMER = datetime.timedelta(hours=2)
WINTER = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Reading:
    """One event as a library reads it."""

    start: datetime.datetime
    end: datetime.datetime
    sequence: int
    status: str


def read_icalendar(content: bytes) -> dict[str, Reading]:
    return {
        str(event["UID"]): Reading(
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
            int(event.get("SEQUENCE", 0)),
            str(event.get("STATUS", "")),
        )
        for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
    }


def read_vobject(content: bytes) -> dict[str, Reading]:
    calendar = vobject.readOne(content.decode())
    return {
        event.uid.value: Reading(
            event.dtstart.value,
            event.dtend.value,
            int(event.sequence.value) if hasattr(event, "sequence") else 0,
            event.status.value if hasattr(event, "status") else "",
        )
        for event in calendar.vevent_list
    }


def read_ics(content: bytes) -> dict[str, Reading]:
    def sequence(event: ics.Event) -> int:
        found = [line.value for line in event.extra if line.name == "SEQUENCE"]
        return int(found[0]) if found else 0

    return {
        event.uid: Reading(
            event.begin.datetime, event.end.datetime, sequence(event), event.status or ""
        )
        for event in ics.Calendar(content.decode()).events
    }


LIBRARIES = {"icalendar": read_icalendar, "vobject": read_vobject, "ics": read_ics}


def readings(content: bytes | str) -> dict[str, dict[str, Reading]]:
    """Every event as each library reads it: {library: {uid: reading}}."""
    raw = content.encode() if isinstance(content, str) else content
    return {name: read(raw) for name, read in LIBRARIES.items()}


def uid(meeting: Meeting) -> str:
    return f"incontro-{meeting.pk}@amalav"


def reads_as(reading: Reading, start: datetime.datetime, end: datetime.datetime) -> bool:
    """Same instant and same wall-clock offset, as a person's calendar would show it."""
    local = timezone.localtime(start)
    return (
        reading.start == start
        and reading.start.utcoffset() == local.utcoffset()
        and reading.start.replace(tzinfo=None) == local.replace(tzinfo=None)
        and reading.end == end
    )


def offset(meeting: Meeting) -> datetime.timedelta:
    return timezone.localtime(meeting.starts_at).utcoffset()


def summer_and_winter(group) -> tuple[Meeting, Meeting]:
    """A meeting in summer time and one in winter time: a cycle spans eight months."""
    meetings = list(group.meetings.order_by("number"))
    return (
        next(m for m in meetings if offset(m) == SUMMER),
        next(m for m in meetings if offset(m) == WINTER),
    )


def feed(client, group) -> bytes:
    response = client.get(reverse("meetings:group-feed", args=[group.slug]))
    assert response.status_code == 200
    return response.content


def test_a_summer_meeting_reads_plus_two_and_a_winter_one_plus_one(client, planned_group):
    summer, winter = summer_and_winter(planned_group)
    for library, found in readings(feed(client, planned_group)).items():
        assert found[uid(summer)].start.utcoffset() == SUMMER, library
        assert found[uid(winter)].start.utcoffset() == WINTER, library
        for meeting in (summer, winter):
            reading = found[uid(meeting)]
            assert reading.start.strftime("%H:%M") == "18:00", (library, reading)
            assert reads_as(reading, meeting.starts_at, meeting.ends_at), (library, reading)


@pytest.mark.parametrize("served", ["group feed", "all meetings", "one meeting"])
def test_every_calendar_we_serve_reads_the_same_in_every_library(
    client, planned_group, make_group, venue, served
):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    plan_cycle(other)
    summer, _ = summer_and_winter(planned_group)
    url, meetings = {
        "group feed": (
            reverse("meetings:group-feed", args=[planned_group.slug]),
            planned_group.meetings.all(),
        ),
        "all meetings": (reverse("meetings:feed"), Meeting.objects.all()),
        "one meeting": (
            reverse("meetings:meeting-ics", args=[planned_group.slug, summer.number]),
            [summer],
        ),
    }[served]
    response = client.get(url)
    assert response.status_code == 200
    for library, found in readings(response.content).items():
        assert set(found) == {uid(m) for m in meetings}, library
        for meeting in meetings:
            assert reads_as(found[uid(meeting)], meeting.starts_at, meeting.ends_at), (
                library,
                meeting.number,
                found[uid(meeting)],
            )


def test_a_meeting_moved_into_summer_time_keeps_its_uid_with_a_higher_sequence(
    admin_client, client, planned_group
):
    summer, winter = summer_and_winter(planned_group)
    before = readings(feed(client, planned_group))
    # The winter meeting moves to the day after the summer one, half an hour later.
    new_start = summer.starts_at + datetime.timedelta(days=1, minutes=30)
    response = admin_client.post(
        reverse("admin:meetings_meeting_change", args=[winter.pk]),
        change_form_data(winter, new_start, winter.status),
    )
    assert response.status_code == 302
    winter.refresh_from_db()
    assert winter.starts_at == new_start
    after = readings(feed(client, planned_group))
    for library in LIBRARIES:
        moved = after[library][uid(winter)]
        assert moved.sequence > before[library][uid(winter)].sequence, library
        assert moved.start.utcoffset() == SUMMER, library
        assert reads_as(moved, new_start, winter.ends_at), (library, moved)


def test_a_cancelled_meeting_is_cancelled_in_every_library_on_its_own_day(
    admin_client, client, planned_group
):
    summer, _ = summer_and_winter(planned_group)
    admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {
            "action": "cancel_meetings",
            "_selected_action": [summer.pk],
            "confirm": "1",
            "reason": "Sciopero dei trasporti.",
        },
    )
    summer.refresh_from_db()
    assert summer.is_cancelled
    url = reverse("meetings:meeting-ics", args=[planned_group.slug, summer.number])
    for library, found in readings(client.get(url).content).items():
        cancelled = found[uid(summer)]
        assert cancelled.status == "CANCELLED", library
        assert cancelled.sequence == 1, library
        # Matched to the event people have: the same UID on the same day and hour.
        assert reads_as(cancelled, summer.starts_at, summer.ends_at), (library, cancelled)


def test_the_welcome_calendar_reads_right_in_every_library(
    admin_client, make_signup, planned_group, delivered
):
    signup = make_signup(planned_group)
    admin_client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "mark_accepted", "_selected_action": [signup.pk]},
    )
    ((_, content, _),) = delivered()[0].attachments
    meetings = list(planned_group.meetings.all())
    for library, found in readings(content).items():
        for meeting in meetings:
            assert reads_as(found[uid(meeting)], meeting.starts_at, meeting.ends_at), (
                library,
                meeting.number,
            )


def test_the_time_zone_is_the_conventional_yearly_rule(client, planned_group):
    calendar = icalendar.Calendar.from_ical(feed(client, planned_group))
    (rome,) = calendar.walk("VTIMEZONE")
    assert str(rome["TZID"]) == "Europe/Rome"
    (daylight,) = rome.walk("DAYLIGHT")
    (standard,) = rome.walk("STANDARD")
    for part, month, hour, before, after in (
        (daylight, 3, 2, WINTER, SUMMER),
        (standard, 10, 3, SUMMER, WINTER),
    ):
        assert "RDATE" not in part
        rule = part["RRULE"]
        assert rule["FREQ"] == ["YEARLY"]
        assert rule["BYMONTH"] == [month]
        assert [str(day) for day in rule["BYDAY"]] == ["-1SU"]
        start = part.decoded("DTSTART")
        assert (start.month, start.weekday()) == (month, 6)
        assert start.time() == datetime.time(hour)
        assert part.decoded("TZOFFSETFROM") == before
        assert part.decoded("TZOFFSETTO") == after
