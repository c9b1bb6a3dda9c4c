"""Staff who forgot their password get a link by email, from the worker, never the page."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from amalav.accounts import send_password_resets
from amalav.models import PasswordResetRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "giulia", "giulia@coopaeris.example", "pw", is_staff=True, first_name="Giulia"
    )


def ask(client, address: str):
    return client.post(reverse("admin_password_reset"), {"email": address})


def test_the_page_answers_the_same_for_a_known_and_an_unknown_address_and_sends_nothing(
    client, staff
):
    with mock.patch("smtplib.SMTP", side_effect=smtplib.SMTPConnectError(421, "down")) as smtp:
        known, unknown = ask(client, staff.email), ask(client, "nessuno@example.org")
        smtp.assert_not_called()
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert PasswordResetRequest.objects.count() == 2
    assert mail.outbox == []


def test_the_worker_sends_the_link_in_italian_to_a_known_address_only(client, staff, delivered):
    ask(client, staff.email)
    ask(client, "nessuno@example.org")
    send_password_resets()
    (message,) = delivered()
    assert message.to == ["giulia@coopaeris.example"]
    assert message.subject == "AMALav: il link per scegliere una nuova password"
    assert "Ciao Giulia" in message.body and "/admin/reset/" in message.body
    assert "In case you" not in message.body
    assert not PasswordResetRequest.objects.exists()  # no address kept once answered


def test_eleven_requests_send_one_email_in_fifteen_minutes(client, staff, delivered):
    for _request in range(11):
        ask(client, staff.email)
    send_password_resets()
    assert len(delivered()) == 1
