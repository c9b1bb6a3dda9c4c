import datetime
import smtplib
import socket
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from core.models import Message
from core.outbox import deliver_due
from signups import services
from signups.models import SentMessage, SignupRequest
from tests.logins import log_in_verified

pytestmark = pytest.mark.django_db


def signup_data(group, **overrides) -> dict:
    return {
        "first_name": "Maria",
        "last_name": "Rossi",
        "email": "maria.rossi@example.org",
        "phone": "348 123 4567",
        "town": "Seregno",
        "group": group.pk,
        "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
        "contact_by": "email",
        "privacy": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


@pytest.fixture
def hanging_smtp_server():
    """A socket that accepts connections and never says a word, like a stuck mail server."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server
    server.close()


def connections_made(server: socket.socket) -> int:
    """Connections the kernel completed on the socket: a client's connect() returns only then."""
    server.setblocking(False)
    count = 0
    while True:
        try:
            accepted, _address = server.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


def test_hanging_mail_server_does_not_touch_the_signup_request(
    client, group, settings, hanging_smtp_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = hanging_smtp_server.getsockname()
    settings.EMAIL_TIMEOUT = 1
    with mock.patch("smtplib.SMTP", wraps=smtplib.SMTP) as smtp:
        response = client.post(reverse("signups:signup"), signup_data(group))
        assert response.status_code == 302
        smtp.assert_not_called()
    assert connections_made(hanging_smtp_server) == 0
    services.notify_new_requests()
    assert Message.objects.filter(status=Message.Status.QUEUED).count() == 2
    # The worker meets the stuck server instead, gives up after EMAIL_TIMEOUT and retries later.
    deliver_due()
    assert connections_made(hanging_smtp_server) >= 1
    for message in Message.objects.all():
        assert message.status == Message.Status.RETRYING
        assert message.next_attempt_at > timezone.now()
        assert "timed out" in message.error
        assert message.explanation.startswith("Il server di posta non ha accettato")


def test_failed_send_is_retried_later_and_then_succeeds(make_signup, group):
    services.notify(make_signup(group))
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(messages)
        if len(calls) <= 2:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, messages)

    confirmation = SentMessage.objects.get(role=SentMessage.Role.PERSON).message
    Message.objects.exclude(pk=confirmation.pk).delete()
    with mock.patch.object(EmailBackend, "send_messages", flaky):
        before = timezone.now()
        deliver_due()
        confirmation.refresh_from_db()
        assert confirmation.status == Message.Status.RETRYING
        wait = confirmation.next_attempt_at - before
        assert datetime.timedelta(minutes=1) <= wait < datetime.timedelta(minutes=1, seconds=5)
        deliver_due()  # not due yet: nothing happens
        assert len(calls) == 1
        Message.objects.update(next_attempt_at=timezone.now())
        before = timezone.now()
        deliver_due()
        confirmation.refresh_from_db()
        # Each failure waits twice as long as the one before.
        wait = confirmation.next_attempt_at - before
        assert datetime.timedelta(minutes=2) <= wait < datetime.timedelta(minutes=2, seconds=5)
        Message.objects.update(next_attempt_at=timezone.now())
        deliver_due()
    confirmation.refresh_from_db()
    assert confirmation.status == Message.Status.SENT
    assert [message.to for message in mail.outbox] == [["niccolo@example.org"]]


def test_a_mailbox_that_does_not_exist_is_final_after_one_attempt(make_signup, group):
    services.notify(make_signup(group))
    refused = smtplib.SMTPRecipientsRefused({"niccolo@example.org": (550, b"5.1.1 No such user")})
    with mock.patch.object(EmailBackend, "send_messages", side_effect=refused) as send:
        deliver_due()
    confirmation = SentMessage.objects.get(role=SentMessage.Role.PERSON).message
    assert confirmation.status == Message.Status.FAILED
    assert confirmation.attempts == 1
    assert confirmation.explanation == (
        "Indirizzo inesistente o rifiutato dal destinatario: correggilo e rinvia."
    )
    Message.objects.update(next_attempt_at=timezone.now() + datetime.timedelta(hours=2))
    with mock.patch.object(EmailBackend, "send_messages", side_effect=refused) as again:
        deliver_due()
    assert send.call_count == 2  # the confirmation and the coordinators' notice, once each
    again.assert_not_called()


def test_every_email_says_it_is_automatic_and_keeps_its_message_id_on_the_sites_domain(
    make_signup, group, delivered, settings
):
    settings.SITE_URL = "https://amalav.example.it"
    services.notify(make_signup(group))
    for message in delivered():
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert message.extra_headers["Message-ID"].endswith("@amalav.example.it>")
    stored = set(Message.objects.values_list("message_id", flat=True))
    assert stored == {m.extra_headers["Message-ID"] for m in mail.outbox}


def test_each_email_has_one_recipient_and_answers_go_to_the_coordinators(
    client, group, django_user_model, delivered
):
    for name in ("anna", "bruno"):
        group.coordinators.add(
            django_user_model.objects.create_user(name, f"{name}@coopaeris.example")
        )
    client.post(reverse("signups:signup"), signup_data(group))
    messages = delivered()
    assert sorted(tuple(message.to) for message in messages) == [
        ("anna@coopaeris.example",),
        ("bruno@coopaeris.example",),
        ("maria.rossi@example.org",),
    ]
    confirmation = next(m for m in messages if m.to == ["maria.rossi@example.org"])
    assert (
        confirmation.extra_headers["Reply-To"] == "anna@coopaeris.example, bruno@coopaeris.example"
    )
    assert "noreply" not in confirmation.extra_headers["Reply-To"]
    assert confirmation.alternatives[0][1] == "text/html"


def test_group_without_coordinators_is_answered_by_the_coordination(make_signup, group, delivered):
    services.notify(make_signup(group))
    confirmation = next(m for m in delivered() if m.to == ["niccolo@example.org"])
    assert confirmation.extra_headers["Reply-To"] == "coordinamento.amalav@coopaeris.it"


@pytest.fixture
def failed_email(make_signup, group):
    signup = make_signup(group)
    services.notify(signup)
    refused = smtplib.SMTPRecipientsRefused({"niccolo@example.org": (550, b"No such user")})
    with mock.patch.object(EmailBackend, "send_messages", side_effect=refused):
        deliver_due()
    return SentMessage.objects.get(signup=signup, role=SentMessage.Role.PERSON)


def test_request_page_in_admin_lists_its_messages_with_status_and_what_to_do(
    admin_client, failed_email
):
    url = reverse("admin:signups_signuprequest_change", args=[failed_email.signup_id])
    page = admin_client.get(url).content.decode()
    assert "AMALav: abbiamo ricevuto la tua richiesta" in page
    assert "non inviato" in page
    assert "Indirizzo inesistente o rifiutato dal destinatario: correggilo e rinvia." in page
    assert "SMTPRecipientsRefused" not in page
    assert "Correggi e invia di nuovo" in page


def resend_url(sent: SentMessage) -> str:
    return reverse("admin:signups_signuprequest_resend", args=[sent.signup_id, sent.pk])


def test_coordinator_corrects_the_address_and_sends_a_failed_email_again(
    admin_client, failed_email, delivered
):
    page = admin_client.get(resend_url(failed_email)).content.decode()
    assert 'value="niccolo@example.org"' in page
    wrong = admin_client.post(resend_url(failed_email), {"to": "niccolo@"})
    assert wrong.status_code == 200
    response = admin_client.post(resend_url(failed_email), {"to": "niccolo@example.it"})
    assert response.status_code == 302
    failed_email.message.refresh_from_db()
    assert failed_email.message.status == Message.Status.QUEUED
    failed_email.signup.refresh_from_db()
    assert failed_email.signup.email == "niccolo@example.it"
    assert [message.to for message in delivered()] == [["niccolo@example.it"]]
    page = admin_client.get(response["Location"]).content.decode()
    # Only the coordinators' notice, refused too, is left to resend.
    assert page.count("Correggi e invia di nuovo") == 1


def test_anonymising_a_request_deletes_its_messages(failed_email):
    failed_email.signup.anonymise()
    assert not Message.objects.filter(pk=failed_email.message_id).exists()


def test_coordinator_sees_and_resends_the_messages_of_their_groups_requests(
    client, make_coordinator, failed_email
):
    coordinator = make_coordinator(failed_email.signup.group)
    log_in_verified(client, coordinator)
    url = reverse("admin:signups_signuprequest_change", args=[failed_email.signup_id])
    page = client.get(url).content.decode()
    assert "AMALav: abbiamo ricevuto la tua richiesta" in page
    assert "Correggi e invia di nuovo" in page
    assert client.post(resend_url(failed_email), {"to": "n@example.org"}).status_code == 302
    failed_email.message.refresh_from_db()
    assert failed_email.message.status == Message.Status.QUEUED


def test_nobody_resends_the_messages_of_another_groups_request(
    client, make_coordinator, failed_email
):
    outsider = make_coordinator(username="bruno")
    log_in_verified(client, outsider)
    assert client.post(resend_url(failed_email), {"to": "x@example.org"}).status_code == 403
    failed_email.message.refresh_from_db()
    assert failed_email.message.status == Message.Status.FAILED
