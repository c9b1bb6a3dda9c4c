"""Issue 10: every real request stored exactly once, nothing else stored as valid."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.urls import reverse

from signups.models import SignupRequest
from tests.logins import log_in_verified
from tests.signups.test_signup import post, valid_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["0", "no", "off", "false", "yes", "1", "sì", ""])
def test_consent_counts_only_from_a_ticked_checkbox(client, group, value):
    response = post(client, valid_data(group, privacy=value, news_consent=value))
    assert response.status_code == 200
    assert "devi aver letto l&#x27;informativa" in response.content.decode()
    assert SignupRequest.objects.count() == 0


def test_news_consent_is_recorded_only_when_ticked(client, group):
    post(client, valid_data(group, news_consent="off"))
    post(client, valid_data(group, first_name="Anna", news_consent="on"))
    assert list(
        SignupRequest.objects.order_by("first_name").values_list("news_consent", flat=True)
    ) == [
        True,
        False,
    ]


@pytest.mark.parametrize("name", ["...", "-", "\u200b\u200b", "\ufeff", " ' ", "\u200d.\u200c"])
def test_names_without_a_letter_are_refused_beside_the_field(client, group, name):
    response = post(client, valid_data(group, first_name=name))
    assert response.status_code == 200
    assert "Scrivi almeno una lettera." in response.content.decode()
    assert SignupRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "Maria\x1b[31m", "caratteri non ammessi"),
        ("last_name", "Rossi\r\nBcc: x", "senza andare a capo"),
        ("town", "Sere\ngno", "senza andare a capo"),
        ("last_name", "Rossi\u202egnp.exe", "direzione"),
        ("first_name", "\u2066Maria\u2069", "direzione"),
        ("message", "Chiamatemi\u202a dopo le 18", "direzione"),
        ("message", "Ciao\x07", "caratteri non ammessi"),
    ],
)
def test_control_characters_are_refused_beside_the_field(client, group, field, value, message):
    response = post(client, valid_data(group, **{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="error_1_id_{field}"' in page
    assert SignupRequest.objects.count() == 0


def test_harmless_invisible_characters_are_stripped(client, group):
    post(
        client,
        valid_data(
            group,
            first_name="\ufeffMa\u200bria\u00ad",
            last_name="Rossi\tBianchi",
            message="Riga uno\r\nriga due",
        ),
    )
    signup = SignupRequest.objects.get()
    assert signup.first_name == "Maria"
    assert signup.last_name == "Rossi Bianchi"
    assert signup.message == "Riga uno\nriga due"


def test_two_people_sharing_a_phone_are_two_requests_with_their_notices(delivered, client, group):
    landline = "039 234 5678"
    post(
        client,
        valid_data(group, first_name="Giuseppe", last_name="Colombo", email="", phone=landline),
    )
    post(
        client, valid_data(group, first_name="Anna", last_name="Colombo", email="", phone=landline)
    )
    assert sorted(SignupRequest.objects.values_list("first_name", flat=True)) == [
        "Anna",
        "Giuseppe",
    ]
    assert len(delivered()) == 2  # one notice each (no email address: no confirmation)


def test_two_people_sharing_an_email_are_two_requests(delivered, client, group):
    post(client, valid_data(group, first_name="Giuseppe", phone=""))
    post(client, valid_data(group, first_name="Anna", phone=""))
    assert SignupRequest.objects.count() == 2
    assert len(delivered()) == 4


def test_same_person_written_differently_is_one_request(delivered, client, group):
    post(client, valid_data(group))
    again = post(client, valid_data(group, first_name=" MARIA ", last_name="rossì", email=""))
    assert again.status_code == 302
    assert SignupRequest.objects.count() == 1
    assert len(delivered()) == 2


def test_same_name_with_other_contacts_is_a_new_request(client, group):
    post(client, valid_data(group))
    post(client, valid_data(group, email="altra.maria@example.org", phone="333 765 4321"))
    assert SignupRequest.objects.count() == 2


def test_replayed_token_with_other_data_asks_to_reload_and_leaks_nothing(delivered, client, group):
    token = str(uuid.uuid4())
    post(client, valid_data(group, submission_token=token))
    response = post(
        client,
        valid_data(
            None,
            first_name="Carlo",
            last_name="Verdi",
            email="carlo@example.org",
            phone="",
            submission_token=token,
        ),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ricarica la pagina" in page
    assert group.slug not in response.get("Location", "")
    assert "Maria" not in page and "maria.rossi" not in page
    assert token not in page  # a fresh token, so the form can simply be sent again
    assert SignupRequest.objects.count() == 1
    assert len(delivered()) == 2


def test_admin_form_follows_the_public_forms_rules(admin_client, group):
    data = {
        "first_name": "Pietro",
        "last_name": "Sala",
        "email": "",
        "phone": "abc",
        "town": "Meda",
        "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
        "group": group.pk,
        "status": SignupRequest.Status.NEW,
    }
    response = admin_client.post(reverse("admin:signups_signuprequest_add"), data)
    assert response.status_code == 200
    assert "non sembra corretto" in response.content.decode()
    response = admin_client.post(
        reverse("admin:signups_signuprequest_add"),
        {**data, "first_name": "\u202ePietro", "phone": "340 111 2233"},
    )
    assert "direzione" in response.content.decode()
    assert SignupRequest.objects.count() == 0
    admin_client.post(
        reverse("admin:signups_signuprequest_add"),
        {**data, "phone": "340 111 2233", "email": "Pietro.Sala@Example.org"},
    )
    signup = SignupRequest.objects.get()
    assert (signup.phone, signup.email) == ("+393401112233", "pietro.sala@example.org")


def test_request_taken_by_phone_records_who_took_the_consent(client, capo, group):
    capo.first_name, capo.last_name = "Carla", "Brambilla"
    capo.save()
    log_in_verified(client, capo)
    client.post(
        reverse("admin:signups_signuprequest_add"),
        {
            "first_name": "Pietro",
            "last_name": "Sala",
            "phone": "340 111 2233",
            "town": "Meda",
            "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
            "group": group.pk,
            "status": SignupRequest.Status.NEW,
        },
    )
    signup = SignupRequest.objects.get()
    assert signup.consent_note == "al telefono, dal coordinatore Carla Brambilla"
    page = client.get(reverse("admin:signups_signuprequest_change", args=[signup.pk]))
    assert "al telefono, dal coordinatore Carla Brambilla" in page.content.decode()
    assert 'name="consent_note"' not in page.content.decode()


def test_public_request_records_consent_on_the_website(client, group):
    post(client, valid_data(group))
    assert SignupRequest.objects.get().consent_note == "sul modulo del sito"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): SQLite serialises every write by itself",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_submissions_store_one_request_and_one_set_of_emails(
    delivered, group, settings
):
    from django.test import Client

    settings.SIGNUP_RATE_LIMIT = 1000  # one client posting 20 times: not what this tests
    threads_count = 20
    barrier = threading.Barrier(threads_count)
    statuses = []

    def submit() -> None:
        client = Client()
        data = valid_data(group)  # a fresh token each
        barrier.wait()
        try:
            statuses.append(post(client, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * threads_count
    assert SignupRequest.objects.count() == 1
    assert len(delivered()) == 2
