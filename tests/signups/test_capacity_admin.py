"""Issue 10: the admin shows free places and warns before a group is over capacity."""

import pytest
from django.urls import reverse

from signups.models import SignupRequest

pytestmark = pytest.mark.django_db


def test_accepting_beyond_capacity_warns_and_the_group_list_shows_free_places(
    make_signup, admin_client, group
):
    group.capacity = 2
    group.save()
    requests = [make_signup(group, first_name=f"Persona{n}") for n in range(3)]
    page = admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert "2 liberi su 2" in page

    response = admin_client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "mark_accepted", "_selected_action": [r.pk for r in requests]},
        follow=True,
    )

    assert "3 persone accettate per 2 posti, oltre la capienza" in response.content.decode()
    page = admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert "nessuno: 1 oltre i 2 posti" in page


def test_request_page_shows_free_places_and_warns_when_accepting_one_too_many(
    make_signup, admin_client, group
):
    group.capacity = 1
    group.save()
    make_signup(group, first_name="Prima", status=SignupRequest.Status.ACCEPTED)
    second = make_signup(group, first_name="Seconda", phone="+393401112233")
    url = reverse("admin:signups_signuprequest_change", args=[second.pk])
    assert "0 liberi su 1" in admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        {
            "first_name": second.first_name,
            "last_name": second.last_name,
            "email": second.email,
            "phone": second.phone,
            "town": second.town,
            "work_situation": second.work_situation,
            "group": group.pk,
            "status": SignupRequest.Status.ACCEPTED,
        },
        follow=True,
    )
    assert "2 persone accettate per 1 posto, oltre la capienza" in response.content.decode()
