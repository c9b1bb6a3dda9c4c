"""Issue 10: coordinators change only what belongs to their groups."""

import pytest
from django.urls import reverse

from groups.models import Venue
from signups.models import SignupRequest
from tests.logins import log_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_group(make_group):
    venue = Venue.objects.create(name="Villa Dho", address="via Roma 1", town="Seveso")
    return make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")


def venue_form(venue: Venue, **changes) -> dict:
    data = {
        "name": venue.name,
        "address": venue.address,
        "town": venue.town,
        "directions": "",
        "accessibility_notes": "",
    }
    return {**data, **changes}


def test_coordinator_edits_only_the_venues_of_their_groups(client, coordinator, group, other_group):
    log_in_verified(client, coordinator)
    theirs = other_group.venue
    page = client.get(reverse("admin:groups_venue_changelist")).content.decode()
    assert group.venue.name in page and theirs.name not in page
    response = client.post(
        reverse("admin:groups_venue_change", args=[theirs.pk]),
        venue_form(theirs, address="via Falsa 13"),
    )
    assert response.status_code == 302  # back to the list: not theirs to see
    theirs.refresh_from_db()
    assert theirs.address == "via Roma 1"
    mine = group.venue
    client.post(
        reverse("admin:groups_venue_change", args=[mine.pk]),
        venue_form(mine, address="via Nuova 2"),
    )
    mine.refresh_from_db()
    assert mine.address == "via Nuova 2"


def test_coordinator_can_add_a_venue_and_give_it_to_their_group(client, coordinator, group):
    log_in_verified(client, coordinator)
    client.post(
        reverse("admin:groups_venue_add"),
        {
            "name": "Sala civica",
            "address": "",
            "town": "Meda",
            "directions": "",
            "accessibility_notes": "",
        },
    )
    added = Venue.objects.get(name="Sala civica")
    page = client.get(reverse("admin:groups_group_change", args=[group.pk])).content.decode()
    assert f'<option value="{added.pk}"' in page


def test_only_superusers_decide_who_coordinates(
    client, coordinator, group, capo, django_user_model
):
    django_user_model.objects.create_user("mario.staff", "m@example.org", "pw", is_staff=True)
    log_in_verified(client, coordinator)
    page = client.get(reverse("admin:groups_group_change", args=[group.pk])).content.decode()
    assert 'name="coordinators"' not in page
    assert "mario.staff" not in page
    assert "capo@example.org" not in page
    admin_page = reverse("admin:groups_group_change", args=[group.pk])
    log_in_verified(client, capo)
    assert 'name="coordinators"' in client.get(admin_page).content.decode()


def test_requests_without_a_group_reach_the_coordination(make_signup, client, coordination, group):
    nobody = make_signup(None, first_name="Zefiro")
    log_in_verified(client, coordination)
    page = client.get(reverse("admin:signups_signuprequest_changelist")).content.decode()
    assert "Zefiro" in page
    assert (
        client.get(reverse("admin:signups_signuprequest_change", args=[nobody.pk])).status_code
        == 200
    )


def test_coordinator_cannot_make_a_request_invisible_by_clearing_its_group(
    make_signup, client, coordinator, group
):
    signup = make_signup(group, phone="+393401112233")
    log_in_verified(client, coordinator)
    response = client.post(
        reverse("admin:signups_signuprequest_change", args=[signup.pk]),
        {
            "first_name": signup.first_name,
            "last_name": signup.last_name,
            "email": signup.email,
            "phone": signup.phone,
            "town": signup.town,
            "work_situation": signup.work_situation,
            "group": "",
            "status": SignupRequest.Status.NEW,
        },
    )
    assert response.status_code == 200
    assert "obbligatorio" in response.content.decode()
    signup.refresh_from_db()
    assert signup.group == group


def test_coordination_hands_a_request_without_a_group_to_any_group(
    make_signup, client, coordination, group
):
    nobody = make_signup(None, first_name="Zefiro", phone="+393401112233")
    log_in_verified(client, coordination)
    url = reverse("admin:signups_signuprequest_change", args=[nobody.pk])
    assert f'<option value="{group.pk}"' in client.get(url).content.decode()


@pytest.fixture
def other_coordinator(make_coordinator, other_group):
    return make_coordinator(other_group, username="bruno", first_name="Bruno")


def test_a_venue_used_for_one_meeting_of_a_group_is_edited_only_by_its_coordinators(
    client, coordinator, planned_group, other_coordinator
):
    hall = Venue.objects.create(name="Sala consiliare", address="piazza Roma 1", town="Meda")
    meeting = planned_group.meetings.order_by("number").last()
    meeting.venue = hall
    meeting.save()

    log_in_verified(client, other_coordinator)
    page = client.get(reverse("admin:groups_venue_changelist")).content.decode()
    assert "Sala consiliare" not in page
    client.post(
        reverse("admin:groups_venue_change", args=[hall.pk]),
        venue_form(hall, address="Via CAMBIATA 666"),
    )
    hall.refresh_from_db()
    assert hall.address == "piazza Roma 1"

    log_in_verified(client, coordinator)
    assert (
        "Sala consiliare" in client.get(reverse("admin:groups_venue_changelist")).content.decode()
    )
    client.post(
        reverse("admin:groups_venue_change", args=[hall.pk]),
        venue_form(hall, address="piazza Roma 2"),
    )
    hall.refresh_from_db()
    assert hall.address == "piazza Roma 2"


def test_a_meeting_is_moved_only_to_a_venue_its_coordinator_may_edit(
    coordinator_client, planned_group, other_group
):
    meeting = planned_group.meetings.order_by("number").last()
    page = coordinator_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    venue_picker = page[page.index('name="venue"') :].split("</select>")[0]
    assert planned_group.venue.name in venue_picker
    assert other_group.venue.name not in venue_picker
