"""Issue 10: coordinators change only what belongs to their groups."""

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.urls import reverse

from groups.models import Venue
from signups.models import SignupRequest

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


def test_coordinator_edits_only_the_venues_of_their_groups(
    log_in, client, coordinator, group, other_group
):
    log_in(client, coordinator)
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


def test_coordinator_can_add_a_venue_and_give_it_to_their_group(log_in, client, coordinator, group):
    log_in(client, coordinator)
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
    log_in, client, coordinator, group, django_user_model
):
    django_user_model.objects.create_user("mario.staff", "m@example.org", "pw", is_staff=True)
    admin_user = django_user_model.objects.create_superuser("capo.super", "c@example.org", "pw")
    log_in(client, coordinator)
    page = client.get(reverse("admin:groups_group_change", args=[group.pk])).content.decode()
    assert 'name="coordinators"' not in page
    assert "mario.staff" not in page
    assert "capo.super" not in page
    admin_page = reverse("admin:groups_group_change", args=[group.pk])
    log_in(client, admin_user)
    assert 'name="coordinators"' in client.get(admin_page).content.decode()


def test_requests_without_a_group_reach_the_coordination(
    log_in, make_signup, client, django_user_model, group
):
    nobody = make_signup(None, first_name="Zefiro")
    user = django_user_model.objects.create_user("lucia", "l@example.org", "pw", is_staff=True)
    user.groups.add(PermissionGroup.objects.get(name="Coordinamento"))
    log_in(client, user)
    page = client.get(reverse("admin:signups_signuprequest_changelist")).content.decode()
    assert "Zefiro" in page
    assert (
        client.get(reverse("admin:signups_signuprequest_change", args=[nobody.pk])).status_code
        == 200
    )


def test_coordinator_cannot_make_a_request_invisible_by_clearing_its_group(
    log_in, make_signup, client, coordinator, group
):
    signup = make_signup(group, phone="+393401112233")
    log_in(client, coordinator)
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
    log_in, make_signup, client, django_user_model, group
):
    nobody = make_signup(None, first_name="Zefiro", phone="+393401112233")
    user = django_user_model.objects.create_user("lucia", "l@example.org", "pw", is_staff=True)
    user.groups.add(PermissionGroup.objects.get(name="Coordinamento"))
    log_in(client, user)
    url = reverse("admin:signups_signuprequest_change", args=[nobody.pk])
    assert f'<option value="{group.pk}"' in client.get(url).content.decode()
