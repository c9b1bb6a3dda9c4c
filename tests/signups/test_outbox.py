import datetime
import smtplib
import socket
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from core.emails import deliver_queued
from signups import services
from signups.models import SentEmail, SignupRequest

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
    assert Email.objects.filter(status=STATUS.queued).count() == 2
    # The worker meets the stuck server instead, gives up after EMAIL_TIMEOUT and retries later.
    deliver_queued()
    assert connections_made(hanging_smtp_server) >= 1
    email = Email.objects.first()
    assert email.status == STATUS.requeued
    assert email.scheduled_time > timezone.now()
    assert "timed out" in email.logs.get().message


def test_failed_send_is_retried_later_and_then_succeeds(make_signup, group):
    services.notify(make_signup(group))
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(messages)
        if len(calls) <= 2:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, messages)

    confirmation = SentEmail.objects.get().email
    Email.objects.exclude(pk=confirmation.pk).delete()
    with mock.patch.object(EmailBackend, "send_messages", flaky):
        deliver_queued()
        confirmation.refresh_from_db()
        assert confirmation.status == STATUS.requeued
        assert confirmation.scheduled_time - confirmation.last_updated == datetime.timedelta(
            minutes=1
        )
        deliver_queued()  # not due yet: nothing happens
        assert len(calls) == 1
        Email.objects.update(scheduled_time=timezone.now())
        deliver_queued()
        confirmation.refresh_from_db()
        # Each failure waits twice as long as the one before.
        assert confirmation.scheduled_time - confirmation.last_updated == datetime.timedelta(
            minutes=2
        )
        Email.objects.update(scheduled_time=timezone.now())
        deliver_queued()
    confirmation.refresh_from_db()
    assert confirmation.status == STATUS.sent
    assert [message.to for message in mail.outbox] == [["niccolo@example.org"]]


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
    confirmation = delivered()[0]
    assert confirmation.extra_headers["Reply-To"] == "coordinamento.amalav@coopaeris.it"


@pytest.fixture
def failed_email(make_signup, group, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 0}
    signup = make_signup(group)
    services.notify(signup)
    with mock.patch.object(
        EmailBackend, "send_messages", side_effect=smtplib.SMTPRecipientsRefused({})
    ):
        deliver_queued()
    return SentEmail.objects.get(signup=signup)


def test_request_page_in_admin_lists_its_emails_with_status_and_error(admin_client, failed_email):
    url = reverse("admin:signups_signuprequest_change", args=[failed_email.signup_id])
    page = admin_client.get(url).content.decode()
    assert "AMALav: abbiamo ricevuto la tua richiesta" in page
    assert "non inviata" in page
    assert "SMTPRecipientsRefused" in page
    assert "Invia di nuovo" in page


def test_coordinator_sends_a_failed_email_again(admin_client, failed_email, delivered):
    url = reverse(
        "admin:signups_signuprequest_resend", args=[failed_email.signup_id, failed_email.pk]
    )
    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url)
    assert response.status_code == 302
    failed_email.email.refresh_from_db()
    assert failed_email.email.status == STATUS.queued
    assert [message.to for message in delivered()] == [["niccolo@example.org"]]
    failed_email.email.refresh_from_db()
    assert failed_email.email.status == STATUS.sent
    page = admin_client.get(response["Location"]).content.decode()
    assert "inviata" in page and "Invia di nuovo" not in page


def test_anonymising_a_request_deletes_its_emails(failed_email):
    failed_email.signup.anonymise()
    assert not Email.objects.filter(pk=failed_email.email_id).exists()


def test_coordinator_sees_the_emails_of_their_groups_requests(
    log_in, client, django_user_model, failed_email
):
    coordinator = django_user_model.objects.create_user("anna", is_staff=True)
    coordinator.groups.add(PermissionGroup.objects.get(name="Coordinatori"))
    failed_email.signup.group.coordinators.add(coordinator)
    log_in(client, coordinator)
    url = reverse("admin:signups_signuprequest_change", args=[failed_email.signup_id])
    page = client.get(url).content.decode()
    assert "AMALav: abbiamo ricevuto la tua richiesta" in page and "Invia di nuovo" in page
    resend = reverse(
        "admin:signups_signuprequest_resend", args=[failed_email.signup_id, failed_email.pk]
    )
    assert client.post(resend).status_code == 302
    failed_email.email.refresh_from_db()
    assert failed_email.email.status == STATUS.queued


def test_nobody_resends_the_emails_of_another_groups_request(
    log_in, client, django_user_model, failed_email
):
    outsider = django_user_model.objects.create_user("bruno", is_staff=True)
    outsider.groups.add(PermissionGroup.objects.get(name="Coordinatori"))
    log_in(client, outsider)
    resend = reverse(
        "admin:signups_signuprequest_resend", args=[failed_email.signup_id, failed_email.pk]
    )
    assert client.post(resend).status_code == 404
    failed_email.email.refresh_from_db()
    assert failed_email.email.status == STATUS.failed
