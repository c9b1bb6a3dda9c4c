"""Odd methods and hostile input get a 4xx with the site's page, never a 500."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def machine_urls() -> list[str]:
    meeting = Meeting.objects.select_related("group").first()
    return [
        reverse("meetings:feed"),
        reverse("meetings:group-feed", args=[meeting.group.slug]),
        reverse("meetings:meeting-ics", args=[meeting.group.slug, meeting.number]),
        reverse("press:feed"),
        reverse("press:atom"),
        reverse("robots"),
        reverse("healthz"),
        reverse("sitemap-index"),
        reverse("django.contrib.sitemaps.views.sitemap", args=["press"]),
    ]


def test_every_get_page_answers_head_for_uptime_monitors(client, seeded):
    urls = [reverse(name, args=args) for name, args, _texts in PUBLIC_PAGES] + machine_urls()
    for url in urls:
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b"", url
        assert head["Content-Type"] == get["Content-Type"], url


@pytest.fixture
def no_error_logged(caplog):
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


@pytest.fixture
def staff_client(log_in, client, django_user_model):
    log_in(
        client,
        django_user_model.objects.create_superuser(
            "capo", "capo@example.org", "la-vera-password-1"
        ),
    )
    return client


def assert_site_page(response, status: int) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert 'href="#contenuto"' in page and "348 3906759" in page


def test_nul_in_the_query_gets_the_site_page_not_a_server_error(client, db, no_error_logged):
    response = client.get(reverse("signups:thanks") + "?gruppo=%00")
    assert_site_page(response, 400)
    assert "Richiesta non valida" in response.content.decode()


def test_nul_in_a_posted_form_is_refused_before_the_view(client, db, no_error_logged):
    response = client.post(reverse("signups:signup"), {"first_name": "Anna\x00", "privacy": "on"})
    assert_site_page(response, 400)


def test_form_posted_in_latin_1_gets_400_not_500(no_error_logged, db):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(
        reverse("signups:signup"),
        data="first_name=Jos%E9&privacy=on",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert_site_page(response, 400)


def test_year_past_9999_in_an_admin_filter_gets_400(staff_client, no_error_logged):
    staff_client.raise_request_exception = False
    url = reverse("admin:signups_signuprequest_changelist")
    for query in ("?created_at__year=99999999999", "?created_at__year__gte=10000"):
        assert_site_page(staff_client.get(url + query), 400)
    assert staff_client.get(url).status_code == 200


def test_nul_in_the_admin_autocomplete_term_gets_400(staff_client, no_error_logged):
    query = "?term=%00&app_label=signups&model_name=signuprequest&field_name=group"
    assert_site_page(staff_client.get(reverse("admin:autocomplete") + query), 400)


def test_oversized_body_is_refused_unread_on_a_page_without_files(client, db, no_error_logged):
    huge = str(200 * 1024 * 1024)
    response = client.generic(
        "POST", reverse("signups:signup"), b"first_name=Anna", CONTENT_LENGTH=huge
    )
    assert_site_page(response, 413)
    assert "Invio troppo grande" in response.content.decode()


def test_admin_takes_a_press_attachment_but_not_more(staff_client, settings, no_error_logged):
    url = reverse("admin:press_document_add")
    within = settings.PRESS_UPLOAD_MAX_BYTES
    over = settings.PRESS_UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    assert staff_client.generic("POST", url, b"", CONTENT_LENGTH=str(over)).status_code == 413
    # Within the limit the admin reads the form (here: an empty one, sent back with errors).
    assert staff_client.generic("POST", url, b"", CONTENT_LENGTH=str(within)).status_code != 413
