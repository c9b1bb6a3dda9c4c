import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from amalav.dashboard import this_week
from core import emails
from core.models import Message
from meetings.models import Meeting
from signups import services
from signups.models import SentMessage
from tests.logins import log_in_verified

pytestmark = pytest.mark.django_db


def test_coordinator_home_shows_new_requests_and_this_weeks_registers(
    client, coordinator, group, other_group, make_signup
):
    make_signup(group)
    make_signup(group)
    make_signup(group, status="accettata")
    make_signup(other_group)
    start, _end = this_week()
    mine = Meeting.objects.create(
        group=group, number=1, starts_at=start + datetime.timedelta(hours=42)
    )
    theirs = Meeting.objects.create(
        group=other_group, number=1, starts_at=start + datetime.timedelta(hours=42)
    )
    later = Meeting.objects.create(
        group=group, number=2, starts_at=start + datetime.timedelta(days=15)
    )
    log_in_verified(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:signups_signuprequest_changelist")
    assert f"{changelist}?group__id__exact={group.pk}&amp;status__exact=nuova" in page
    assert "AMALav Cesano Maderno: 2" in page
    assert "AMALav Seveso" not in page
    assert reverse("admin:register", args=[mine.pk]) in page
    assert reverse("admin:register", args=[theirs.pk]) not in page
    assert reverse("admin:register", args=[later.pk]) not in page
    assert reverse("admin:report") in page


def test_superuser_home_shows_every_group(admin_client, group, other_group, make_signup):
    make_signup(other_group)
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "AMALav Cesano Maderno: 0" in page
    assert "AMALav Seveso: 1" in page


def test_week_runs_monday_to_monday():
    start, end = this_week()
    assert timezone.localtime(start).weekday() == 0
    assert end - start == datetime.timedelta(days=7)


def failed_confirmation(signup, status=Message.Status.FAILED):
    message = emails.queue("signup-confirmation", signup.email, {"signup": signup})
    message.status = status
    message.explanation = "Indirizzo inesistente o rifiutato dal destinatario: correggilo e rinvia."
    message.save()
    SentMessage.objects.create(signup=signup, message=message)


def test_coordinator_home_lists_the_messages_of_their_people_not_delivered(
    client, coordinator, group, other_group, make_signup
):
    failed_confirmation(make_signup(group, first_name="Lucia"))
    failed_confirmation(make_signup(group, first_name="Piero"), Message.Status.RETRYING)
    failed_confirmation(make_signup(other_group, first_name="Estraneo"))
    log_in_verified(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    listed = page.split("Messaggi non consegnati")[1].split('class="module"')[0]
    assert "Lucia" in listed and "non inviato" in listed and "correggilo e rinvia" in listed
    assert "Piero" in listed and "in attesa di un nuovo tentativo" in listed
    assert "Estraneo" not in listed


def test_a_coordinators_own_notices_not_delivered_are_on_their_home(
    client, coordinator, group, make_signup
):
    signup = make_signup(group, first_name="Lucia")
    services.notify(signup)
    Message.objects.update(status=Message.Status.RETRYING)
    log_in_verified(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    listed = page.split("Messaggi non consegnati")[1].split('class="module"')[0]
    assert "a te, su" in listed and "Lucia" in listed


def test_the_coordination_sees_failed_emails_of_requests_made_for_any_group(
    client, coordination, make_signup
):
    failed_confirmation(make_signup(None, first_name="Zefiro"))
    log_in_verified(client, coordination)
    page = client.get(reverse("admin:index")).content.decode()
    failed = page.split("Messaggi non consegnati")[1].split('class="module"')[0]
    assert "Zefiro" in failed


def test_superuser_home_counts_new_requests_made_for_any_group(admin_client, make_signup):
    make_signup(None, first_name="Zefiro")
    page = admin_client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:signups_signuprequest_changelist")
    assert f"{changelist}?group__isnull=True&amp;status__exact=nuova" in page


def test_the_home_shows_last_this_and_next_weeks_and_flags_held_meetings_with_no_register(
    client, coordinator, group, make_signup
):
    start, _end = this_week()
    held = Meeting.objects.create(
        group=group, number=1, starts_at=start - datetime.timedelta(days=5)
    )
    next_week = Meeting.objects.create(
        group=group, number=2, starts_at=start + datetime.timedelta(days=9)
    )
    log_in_verified(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    for title in ("La settimana scorsa", "Questa settimana", "La prossima"):
        assert title in page
    assert reverse("admin:register", args=[next_week.pk]) in page
    empty = page.split("Registri da compilare")[1].split('class="module"')[0]
    assert reverse("admin:register", args=[held.pk]) in empty


def test_the_home_lists_requests_contacted_and_waiting_for_a_decision(
    client, coordinator, group, other_group, make_signup
):
    make_signup(group, first_name="Carla", status="contattata", handled_at=timezone.now())
    make_signup(other_group, first_name="Estranea", status="contattata")
    log_in_verified(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    waiting = page.split("Contattate, in attesa di una decisione")[1].split('class="module"')[0]
    assert "Carla" in waiting and "Estranea" not in waiting


def test_the_home_lists_open_waiting_list_offers_of_the_coordinators_groups_only(
    client, coordinator, group, other_group, make_signup, django_assert_max_num_queries
):
    from signups.models import PlaceOffer

    group.capacity = 2
    group.save()
    other_group.capacity = 1
    other_group.save()
    make_signup(group, status="accettata", accepted_at=timezone.now())
    declined = make_signup(group, first_name="Declinante", status="attesa", created_days_ago=9)
    make_signup(group, first_name="Mia", status="attesa", created_days_ago=3)
    make_signup(other_group, first_name="Altrui", status="attesa")
    services.move_waiting_list(group)
    services.decline_offer(declined.offers.get().pk)
    services.move_waiting_list(other_group)
    mine = PlaceOffer.objects.get(signup__first_name="Mia")
    log_in_verified(client, coordinator)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("admin:index")).content.decode()
    offers = page.split("<h2>Lista d'attesa</h2>", 1)[1].split("</div>", 1)[0]
    assert "Mia" in offers
    assert timezone.localtime(mine.expires_at).strftime("%H:%M") in offers
    assert reverse("admin:signups_signuprequest_change", args=[mine.signup_id]) in offers
    assert "Altrui" not in offers
    assert "Declinante" not in offers
