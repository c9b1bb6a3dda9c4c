"""A coordinator writes once to the whole group; each person gets it their own way."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Message
from signups.models import SentMessage

pytestmark = pytest.mark.django_db


def participant(make_signup, group, **fields):
    return make_signup(group, status="accettata", accepted_at=timezone.now(), **fields)


def test_a_coordinator_writes_previews_and_sends_to_the_whole_group_by_each_channel(
    coordinator_client, planned_group, other_group, make_signup, delivered
):
    by_email = participant(make_signup, planned_group, first_name="Lucia")
    by_sms = participant(make_signup, planned_group, email="", phone="+393481234567")
    by_call = participant(make_signup, planned_group, email="", phone="+390362501234")
    participant(make_signup, other_group, first_name="Estranea")
    url = reverse("admin:group-message", args=[planned_group.pk])
    form = {"subject": "Curriculum", "message": "Al prossimo incontro porta il curriculum."}
    page = coordinator_client.get(url).content.decode()
    assert "Lo ricevono le 3 persone del gruppo" in page
    preview = coordinator_client.post(url, form).content.decode()
    assert "1 per email, 1 per SMS, 1 da chiamare" in preview
    assert "AMALav Cesano Maderno: Al prossimo incontro porta il curriculum." in preview
    assert "AMALav AMALav" not in preview
    assert not Message.objects.exists()  # a preview sends nothing
    sent = coordinator_client.post(url, {**form, "send": "1"}, follow=True).content.decode()
    assert "Messaggio in partenza: 1 per email, 1 per SMS." in sent
    (email,) = [m for m in delivered() if m.to == [by_email.email]]
    assert email.subject == "AMALav Cesano Maderno: Curriculum"
    assert "Al prossimo incontro porta il curriculum." in email.body
    for person, channel in ((by_email, "email"), (by_sms, "sms"), (by_call, "telefonata")):
        logged = SentMessage.objects.get(signup=person, message__kind="group-message")
        assert logged.message.channel == channel
    assert all("Estranea" not in m.body for m in mail.outbox)


def test_nobody_writes_to_a_group_they_do_not_coordinate(coordinator_client, other_group):
    url = reverse("admin:group-message", args=[other_group.pk])
    assert coordinator_client.get(url).status_code == 404
    form = {"subject": "x", "message": "y", "send": "1"}
    assert coordinator_client.post(url, form).status_code == 404
    assert not Message.objects.exists()


def test_a_message_too_long_for_a_text_is_refused_beside_the_field_when_someone_reads_sms(
    coordinator_client, planned_group, make_signup
):
    participant(make_signup, planned_group, email="", phone="+393481234567")
    url = reverse("admin:group-message", args=[planned_group.pk])
    long = "Porta il curriculum e una penna. " * 20
    page = coordinator_client.post(url, {"subject": "Promemoria", "message": long})
    assert "Troppo lungo per chi lo riceve per SMS" in page.content.decode()
    sent = coordinator_client.post(url, {"subject": "Promemoria", "message": long, "send": "1"})
    assert sent.status_code == 200
    assert not Message.objects.exists()
