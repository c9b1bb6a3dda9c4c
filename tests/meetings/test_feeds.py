import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.services import plan_cycle

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_group_feed_is_a_valid_calendar_with_every_meeting(client, planned_group):
    calendar = parse(client.get(reverse("meetings:group-feed", args=[planned_group.slug])))
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    found = events(calendar)
    assert len(found) == 18
    meeting = planned_group.meetings.get(number=5)
    event = found[f"incontro-{meeting.pk}@amalav"]
    assert event.decoded("DTSTART") == timezone.localtime(meeting.starts_at)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert event["DTSTAMP"]
    assert "via Borromeo 41" in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "incontro 5 di 18" in str(event["SUMMARY"])
    # Raw RFC 5545 details a strict calendar client checks.
    raw = client.get(reverse("meetings:group-feed", args=[planned_group.slug])).content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_uids_stay_the_same_and_sequence_grows_when_a_meeting_moves(client, planned_group):
    meeting = planned_group.meetings.get(number=6)
    url = reverse("meetings:group-feed", args=[planned_group.slug])
    before = events(parse(client.get(url)))[f"incontro-{meeting.pk}@amalav"]
    meeting.move_to(meeting.starts_at + datetime.timedelta(days=2))
    meeting.save()
    after = events(parse(client.get(url)))[f"incontro-{meeting.pk}@amalav"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + datetime.timedelta(days=2)


def test_cancelled_meeting_is_cancelled_in_the_feed(client, planned_group):
    meeting = planned_group.meetings.get(number=9)
    meeting.cancel()
    meeting.save()
    calendar = parse(client.get(reverse("meetings:feed")))
    event = events(calendar)[f"incontro-{meeting.pk}@amalav"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_all_meetings_feed_has_every_group(make_group, client, planned_group, venue):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    plan_cycle(other)
    assert len(events(parse(client.get(reverse("meetings:feed"))))) == 36


def test_add_to_calendar_link_downloads_one_meeting(client, planned_group):
    meeting = planned_group.meetings.upcoming().first()
    url = reverse("meetings:meeting-ics", args=[planned_group.slug, meeting.number])
    assert url in client.get(planned_group.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert list(events(parse(response))) == [f"incontro-{meeting.pk}@amalav"]


def test_group_page_offers_a_webcal_subscription_with_an_explanation(client, planned_group):
    page = client.get(planned_group.get_absolute_url()).content.decode()
    assert f"webcal://testserver/gruppi/{planned_group.slug}/incontri.ics" in page
    assert "si aggiornano da soli" in page


def test_feed_of_unknown_group_is_not_found(client, db):
    assert client.get("/gruppi/nessuno/incontri.ics").status_code == 404
