"""Never a dead end: a group between cycles says so and still takes requests."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.templatetags.dates_it import day
from groups.models import Group
from meetings.models import Meeting
from signups.models import SignupRequest
from tests.forms import valid_data

pytestmark = pytest.mark.django_db

IN_PREPARATION = "Il prossimo ciclo è in preparazione"


def test_fresh_seed_shows_every_group_with_its_next_meeting_or_in_preparation(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        page = client.get(reverse("groups:list")).content.decode()
    cards = page.split('id="gruppi-vicini"')[1].split("</ol>")[0].split('<li class="card')[1:]
    assert len(cards) == Group.objects.count() == 5
    for card in cards:
        assert "Prossimo incontro" in card or IN_PREPARATION in card, card
    # No date already past: the 2016 cycles are history, told on each group's own page.
    past = Meeting.objects.filter(ends_at__lt=timezone.now())
    assert past.exists()
    for meeting in past:
        assert day(meeting.starts_at) not in page
    assert "primo incontro" not in page


def test_fresh_seed_has_every_group_accepting_requests_with_no_dead_end(client, seeded):
    assert Group.objects.accepting_signups().count() == 5
    form = client.get(reverse("signups:signup")).content.decode()
    for group in Group.objects.all():
        assert f'<option value="{group.pk}"' in form
        page = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
        assert "non raccoglie nuove adesioni" not in page
    home = client.get(reverse("home")).content.decode()
    assert home.count(IN_PREPARATION) == 5  # Verano Brianza too: open, with no date yet
    calendar = client.get(reverse("meetings:list")).content.decode()
    assert "il prossimo ciclo è in preparazione" in calendar
    assert reverse("signups:signup") in calendar.split("<main")[1]


def test_request_for_a_group_between_cycles_waits_for_it_and_its_coordinator_sees_it(
    client, make_group, venue, coordinator_client, coordinator, delivered
):
    group = Group.objects.get(coordinators=coordinator)
    group.status = Group.Status.PREPARING
    group.save()
    page = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
    assert f"Il prossimo ciclo di {group.name} è in preparazione" in page
    response = client.post(reverse("signups:signup"), valid_data(group))
    assert response.status_code == 302
    signup = SignupRequest.objects.get()
    assert signup.group == group and signup.status == SignupRequest.Status.NEW
    delivered()
    confirmation, notice = mail.outbox
    assert "Il prossimo ciclo del gruppo è in preparazione" in confirmation.body
    assert notice.to == [coordinator.email]
    assert "la richiesta aspetta il prossimo ciclo" in notice.body
    admin = coordinator_client.get(reverse("admin:signups_signuprequest_changelist"))
    assert re.search(rf"/admin/signups/signuprequest/{signup.pk}/change/", admin.content.decode())


def test_a_closed_group_is_listed_apart_and_takes_no_requests(client, make_group, venue):
    make_group(venue=venue, status=Group.Status.CLOSED, name="AMALav Desio", slug="desio")
    page = client.get(reverse("groups:list")).content.decode()
    assert "Gruppi conclusi" in page
    assert "AMALav Desio" not in page.split('id="gruppi-vicini"')[1].split("</ol>")[0]


def test_group_page_between_cycles_says_the_next_one_is_in_preparation(client, seeded):
    group = Group.objects.get(slug="seveso")
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Il prossimo ciclo è in preparazione." in page
    assert reverse("signups:signup-group", args=[group.slug]) in page
    # The last cycle's start is history, not when this one begins.
    assert ", da mercoledì 6 aprile 2016" not in page
