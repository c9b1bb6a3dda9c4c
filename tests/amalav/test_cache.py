import datetime

import pytest
from django.urls import reverse

from press.models import PressItem

pytestmark = pytest.mark.django_db


def test_second_visit_to_a_public_page_needs_no_query(
    client, planned_group, django_assert_num_queries
):
    client.get(planned_group.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(planned_group.get_absolute_url())
    assert planned_group.name in response.content.decode()


def test_a_coordinators_change_shows_at_once(client, planned_group):
    url = planned_group.get_absolute_url()
    client.get(url)
    meeting = planned_group.meetings.upcoming().first()
    meeting.public_note = "Portate una penna"
    meeting.save()
    assert "Portate una penna" in client.get(url).content.decode()
    PressItem.objects.create(
        title="Nuovo articolo",
        slug="nuovo",
        published_on=datetime.date(2026, 1, 1),
        is_published=True,
    )
    assert "Nuovo articolo" in client.get(reverse("press:list")).content.decode()


def test_a_new_featured_item_shows_on_the_cached_home(client, db):
    client.get(reverse("home"))
    PressItem.objects.create(
        title="In evidenza oggi",
        slug="oggi",
        published_on=datetime.date(2026, 1, 1),
        is_published=True,
        featured=True,
    )
    assert "In evidenza oggi" in client.get(reverse("home")).content.decode()


def test_each_visitor_of_the_signup_form_gets_a_csrf_token_of_their_own(client, group):
    client.get(reverse("signups:signup"))
    first_token = client.cookies["csrftoken"].value
    client.cookies.clear()
    client.get(reverse("signups:signup"))
    assert client.cookies["csrftoken"].value != first_token


def test_search_results_are_cached_per_query(client, db):
    PressItem.objects.create(
        title="Gruppo di Seveso",
        slug="a",
        published_on=datetime.date(2016, 1, 1),
        is_published=True,
    )
    PressItem.objects.create(
        title="Radio Monza", slug="b", published_on=datetime.date(2016, 1, 2), is_published=True
    )
    seveso = client.get(reverse("press:list"), {"q": "seveso"}).content.decode()
    radio = client.get(reverse("press:list"), {"q": "radio"}).content.decode()
    assert "Gruppo di Seveso" in seveso and "Radio Monza" not in seveso
    assert "Radio Monza" in radio and "Gruppo di Seveso" not in radio


def test_development_server_never_serves_a_stale_page(client, planned_group, settings):
    settings.DEBUG = True
    client.get(planned_group.get_absolute_url())
    planned_group.__class__.objects.filter(pk=planned_group.pk).update(name="Nome cambiato")
    assert "Nome cambiato" in client.get(planned_group.get_absolute_url()).content.decode()
