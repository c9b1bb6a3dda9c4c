"""Every Event in the group pages' JSON-LD is complete for Google's event rich results."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from groups.models import Group, Venue
from meetings.services import plan_cycle

pytestmark = pytest.mark.django_db


def events(client, group: Group) -> list[dict]:
    page = client.get(group.get_absolute_url()).content.decode()
    script = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    return json.loads(script)


def assert_complete(event: dict, group: Group) -> None:
    for key in ("name", "description", "startDate", "endDate", "eventStatus", "url"):
        assert event[key], key
    assert event["endDate"] > event["startDate"]
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = event["location"]
    assert location["@type"] == "Place" and location["name"]
    address = location["address"]
    assert address["@type"] == "PostalAddress"
    assert address["addressLocality"] and address["addressCountry"] == "IT"
    assert address.get("streetAddress", "x") != ""
    organizer = event["organizer"]
    assert organizer["name"] and organizer["url"] == "http://testserver/"
    offers = event["offers"]
    assert offers["price"] == 0 and offers["priceCurrency"] == "EUR"
    assert offers["availability"].startswith("https://schema.org/")
    assert offers["url"] == "http://testserver" + reverse("signups:signup-group", args=[group.slug])
    for image in event["image"]:
        assert image.startswith("http://testserver/static/")
        assert finders.find(image.removeprefix("http://testserver/static/"))


def test_every_event_of_every_seeded_group_is_complete(client, demo_seeded):
    checked = 0
    for group in Group.objects.all():
        if not group.meetings.upcoming().exists():
            continue
        for event in events(client, group):
            assert_complete(event, group)
            checked += 1
    assert checked > 0


def test_group_without_a_venue_gives_its_town_as_the_place(make_group, client, db):
    group = make_group(venue=None, town="Seveso", slug="seveso", name="AMALav Seveso")
    plan_cycle(group)
    for event in events(client, group):
        assert_complete(event, group)
        assert event["location"]["name"] == "Seveso"
        assert event["location"]["address"]["addressLocality"] == "Seveso"
        assert "streetAddress" not in event["location"]["address"]


def test_venue_with_no_street_leaves_the_street_out(make_group, client, db):
    venue = Venue.objects.create(name="Sala civica", address="", town="Verano Brianza")
    group = make_group(venue=venue, town="Verano Brianza", slug="verano", name="AMALav Verano")
    plan_cycle(group)
    for event in events(client, group):
        assert_complete(event, group)
        assert event["location"]["name"] == "Sala civica"
        assert "streetAddress" not in event["location"]["address"]


def test_group_not_taking_requests_offers_no_places(client, planned_group):
    planned_group.status = Group.Status.CLOSED
    planned_group.save()
    for event in events(client, planned_group):
        assert event["offers"]["availability"] == "https://schema.org/SoldOut"
