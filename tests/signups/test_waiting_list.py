"""Issue 22: the waiting list moves. A freed place is offered to the first person waiting,
by their channel, with a link valid 72 hours; lapsed or declined, it goes to the next."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from core.models import Message
from core.outbox import deliver_due
from signups import services
from signups.models import PlaceOffer, SentMessage, SignupRequest

pytestmark = pytest.mark.django_db

MOBILE = "+393471234567"
LANDLINE = "+390362501234"


def kinds_sent_to(person: SignupRequest, kind: str) -> list[Message]:
    return [
        sent.message
        for sent in SentMessage.objects.filter(signup=person).select_related("message")
        if sent.message.kind == kind
    ]


@pytest.fixture
def full_group(planned_group):
    planned_group.capacity = 1
    planned_group.save()
    return planned_group


@pytest.fixture
def member(make_signup, full_group) -> SignupRequest:
    return make_signup(full_group, status="accettata", accepted_at=timezone.now())


def waiting(make_signup, group, days_ago: int, **fields) -> SignupRequest:
    fields.setdefault("first_name", f"Attesa{days_ago}")
    return make_signup(group, status="attesa", created_days_ago=days_ago, **fields)


def offer_path(offer: PlaceOffer) -> str:
    return services.offer_url(offer).removeprefix(settings.SITE_URL)


@pytest.mark.parametrize(
    ("contact", "channel"),
    [
        ({"contact_by": "email"}, Message.Channel.EMAIL),
        ({"contact_by": "sms", "email": "", "phone": MOBILE}, Message.Channel.SMS),
        ({"contact_by": "telefonata", "email": "", "phone": LANDLINE}, Message.Channel.CALL),
    ],
)
def test_a_withdrawal_offers_the_place_once_to_the_first_person_waiting_by_their_channel(
    coordinator_client, full_group, member, make_signup, sms_outbox, contact, channel, monkeypatch
):
    later = waiting(make_signup, full_group, 2)
    first = waiting(make_signup, full_group, 9, **contact)
    url = reverse("admin:signups_participant_changelist")
    coordinator_client.post(
        url, {"action": "withdraw", "_selected_action": [member.pk], "apply": "1", "reason": ""}
    )
    offer = PlaceOffer.objects.get()
    assert (offer.signup, offer.status) == (first, PlaceOffer.Status.OPEN)
    assert offer.expires_at - offer.offered_at == datetime.timedelta(hours=72)
    assert not later.offers.exists()
    [message] = kinds_sent_to(first, "place-offer")
    assert message.channel == channel
    link = services.offer_url(offer)  # as written today
    # The worker when the message may leave: a text queued at night waits for 9:00.
    due = message.next_attempt_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr("core.outbox.timezone.now", lambda: due)
    deliver_due()
    if channel == Message.Channel.EMAIL:
        [email] = mail.outbox
        assert email.to == [first.email]
        assert "Si è liberato un posto" in email.subject
        assert link in email.body
    elif channel == Message.Channel.SMS:
        [text] = sms_outbox
        assert link in text.body
        assert text.body.startswith("AMALav Cesano Maderno: ")
    else:
        assert message.status in Message.WAITING  # on the coordinators' call list
        assert "si è liberato un posto" in message.body
        assert "/l/" not in message.body  # read out on the phone: no link


def test_accepting_through_the_link_makes_a_participant_welcomed_once(
    client, full_group, member, make_signup
):
    person = waiting(make_signup, full_group, 3)
    services.withdraw([member], by=None)
    offer = PlaceOffer.objects.get()
    page = client.get(offer_path(offer))
    assert page.status_code == 200
    assert "Sì, voglio il posto" in page.content.decode()
    assert not PlaceOffer.objects.exclude(status="aperta").exists()  # opening it is not an answer

    taken = client.post(offer_path(offer), {"risposta": "si"})
    assert taken.status_code == 200
    assert "il posto è tuo" in taken.content.decode()
    again = client.post(offer_path(offer), {"risposta": "si"})
    assert "Hai già accettato il posto" in again.content.decode()

    person.refresh_from_db()
    offer.refresh_from_db()
    assert person.status == SignupRequest.Status.ACCEPTED
    assert person.accepted_at is not None
    assert offer.status == PlaceOffer.Status.ACCEPTED
    assert offer.closed_at is not None
    assert len(kinds_sent_to(person, "welcome")) == 1


def test_a_lapsed_offer_goes_to_the_next_person_once_however_often_the_job_runs(
    full_group, member, make_signup, monkeypatch
):
    first = waiting(make_signup, full_group, 9)
    second = waiting(make_signup, full_group, 5)
    third = waiting(make_signup, full_group, 1)
    services.withdraw([member], by=None)
    assert services.lapse_offers() == ""  # not yet due
    later = timezone.now() + datetime.timedelta(hours=72, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    services.lapse_offers()
    services.lapse_offers()
    statuses = dict(PlaceOffer.objects.values_list("signup", "status"))
    assert statuses == {first.pk: "scaduta", second.pk: "aperta"}
    assert len(kinds_sent_to(second, "place-offer")) == 1
    assert not third.offers.exists()


def test_a_declined_offer_goes_to_the_next_person(client, full_group, member, make_signup):
    first = waiting(make_signup, full_group, 9)
    second = waiting(make_signup, full_group, 5)
    services.withdraw([member], by=None)
    offer = first.offers.get()
    page = client.post(offer_path(offer), {"risposta": "no"})
    assert "Il posto passa alla persona successiva" in page.content.decode()
    offer.refresh_from_db()
    first.refresh_from_db()
    assert offer.status == PlaceOffer.Status.DECLINED
    assert first.status == SignupRequest.Status.WAITING  # still on the list, not offered again
    assert second.offers.get().status == PlaceOffer.Status.OPEN
    assert len(kinds_sent_to(second, "place-offer")) == 1


def test_an_altered_offer_link_gets_the_italian_error_page(client, full_group, member, make_signup):
    waiting(make_signup, full_group, 9)
    services.withdraw([member], by=None)
    path = offer_path(PlaceOffer.objects.get())
    altered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.post(altered, {"risposta": "si"})
    assert response.status_code == 400
    assert "Questo link non è valido" in response.content.decode()
    assert PlaceOffer.objects.get().status == PlaceOffer.Status.OPEN


def test_a_lapsed_link_says_the_time_is_up_and_changes_nothing(
    client, full_group, member, make_signup, monkeypatch
):
    person = waiting(make_signup, full_group, 9)
    services.withdraw([member], by=None)
    later = timezone.now() + datetime.timedelta(hours=73)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.post(offer_path(person.offers.get()), {"risposta": "si"})
    assert response.status_code == 400
    assert "Il tempo per rispondere è scaduto" in response.content.decode()
    person.refresh_from_db()
    assert person.status == SignupRequest.Status.WAITING


def test_raising_the_capacity_offers_the_new_places_in_turn(
    coordinator_client, full_group, member, make_signup
):
    first = waiting(make_signup, full_group, 9)
    second = waiting(make_signup, full_group, 5)
    third = waiting(make_signup, full_group, 1)
    url = reverse("admin:groups_group_change", args=[full_group.pk])
    fields = model_to_dict(full_group, exclude=["id", "coordinators", "photo"])
    data = {key: value for key, value in fields.items() if value is not None}
    response = coordinator_client.post(url, {**data, "capacity": 3}, follow=True)
    assert response.status_code == 200
    assert "posti offerti a Attesa9" in response.content.decode()
    assert set(PlaceOffer.objects.open().values_list("signup", flat=True)) == {first.pk, second.pk}
    assert not third.offers.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): SQLite serialises every write by itself",
)
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_take_the_one_place_once(full_group, member, make_signup):
    from django.test import Client

    waiting(make_signup, full_group, 9)
    other = waiting(make_signup, full_group, 5)
    services.withdraw([member], by=None)
    offer = PlaceOffer.objects.get()
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    statuses = []

    def answer(index: int) -> None:
        try:
            barrier.wait()
            if index % 3 == 2:
                services.move_waiting_list(full_group)  # a job freeing nothing meanwhile
                statuses.append("moved")
            else:
                statuses.append(Client().post(offer_path(offer), {"risposta": "si"}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, statuses)) == ["200", "400", "400", "400", "moved", "moved"]
    assert SignupRequest.objects.filter(status="accettata").count() == 1
    assert not other.offers.exists()
    assert len(kinds_sent_to(offer.signup, "welcome")) == 1


def test_coordinator_offers_the_place_now_to_a_chosen_person_in_three_clicks(
    coordinator_client, full_group, make_signup
):
    """Tick the person, pick the action, press "Esegui": the place is offered at once."""
    waiting(make_signup, full_group, 9)
    chosen = waiting(make_signup, full_group, 1)
    url = reverse("admin:signups_signuprequest_changelist")
    response = coordinator_client.post(
        url, {"action": "offer_place_now", "_selected_action": [chosen.pk]}, follow=True
    )
    assert "posto offerto a Attesa1" in response.content.decode()
    offer = chosen.offers.get()
    assert offer.status == PlaceOffer.Status.OPEN
    assert offer.offered_by is not None
    assert len(kinds_sent_to(chosen, "place-offer")) == 1


def test_an_offer_out_of_turn_takes_over_the_place_held_by_the_first_offer(
    coordinator_client, full_group, member, make_signup
):
    first = waiting(make_signup, full_group, 9)
    chosen = waiting(make_signup, full_group, 1)
    services.withdraw([member], by=None)
    url = reverse("admin:signups_signuprequest_offer", args=[chosen.pk])
    page = coordinator_client.post(url, follow=True).content.decode()
    assert "passa a Attesa1" in page
    assert first.offers.get().status == PlaceOffer.Status.CANCELLED
    assert list(PlaceOffer.objects.open().values_list("signup", flat=True)) == [chosen.pk]


def test_a_full_group_refuses_an_offer_out_of_turn(
    coordinator_client, full_group, member, make_signup
):
    person = waiting(make_signup, full_group, 9)
    url = reverse("admin:signups_signuprequest_changelist")
    response = coordinator_client.post(
        url, {"action": "offer_place_now", "_selected_action": [person.pk]}, follow=True
    )
    assert "Nessun posto da offrire a Attesa9" in response.content.decode()
    assert not PlaceOffer.objects.exists()


def test_cancelling_an_offer_passes_the_place_to_the_next_person(
    coordinator_client, full_group, member, make_signup
):
    first = waiting(make_signup, full_group, 9)
    second = waiting(make_signup, full_group, 5)
    services.withdraw([member], by=None)
    url = reverse("admin:signups_signuprequest_cancel_offer", args=[first.pk])
    page = coordinator_client.post(url, follow=True).content.decode()
    assert "1 offerta annullata." in page
    assert first.offers.get().status == PlaceOffer.Status.CANCELLED
    assert second.offers.get().status == PlaceOffer.Status.OPEN


def test_the_request_page_shows_each_step_of_its_offers_in_few_queries(
    coordinator_client, full_group, member, make_signup, django_assert_max_num_queries
):
    person = waiting(make_signup, full_group, 9)
    services.withdraw([member], by=None)
    offer = person.offers.get()
    page = reverse("admin:signups_signuprequest_change", args=[person.pk])
    opened = coordinator_client.get(page).content.decode()
    expires = timezone.localtime(offer.expires_at).strftime("%d/%m/%Y %H:%M")
    assert "In attesa di risposta" in opened
    assert expires in opened
    assert "Annulla l&#x27;offerta" in opened
    # 72 hours on (the session would not last them).
    PlaceOffer.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    services.lapse_offers()
    for index in range(5):
        make_signup(full_group, status="attesa", email=f"altri{index}@example.org")
    with django_assert_max_num_queries(30):
        lapsed = coordinator_client.get(page).content.decode()
    assert "Scaduta senza risposta" in lapsed
    assert "Offri il posto ora" in lapsed


def test_a_person_offered_a_place_who_withdraws_passes_it_to_the_next(
    coordinator, full_group, member, make_signup
):
    first = waiting(make_signup, full_group, 9)
    second = waiting(make_signup, full_group, 5)
    services.withdraw([member], by=None)
    services.set_status([first], SignupRequest.Status.WITHDRAWN, coordinator)
    assert first.offers.get().status == PlaceOffer.Status.CANCELLED
    assert second.offers.get().status == PlaceOffer.Status.OPEN
