"""Odd methods and hostile input get a 4xx with the site's page, never a 500."""

import logging
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from signups.models import SignupRequest
from tests.forms import valid_data
from tests.logins import log_in_verified
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
def staff_client(client, capo):
    log_in_verified(client, capo)
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


def latin_1_body(data: dict, content_type: str) -> bytes:
    if content_type.startswith("multipart"):
        parts = [
            f'--B\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in data.items()
        ]
        return ("".join(parts) + "--B--\r\n").encode("latin-1")
    return urlencode(data, encoding="latin-1").encode()


@pytest.mark.parametrize("charset", ["bogus", "rot13", "utf-16"])
@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=B"]
)
def test_form_posted_in_an_unknown_or_foreign_charset_gets_400_and_stores_nothing(
    charset, content_type, no_error_logged, db
):
    client = Client(raise_request_exception=False)
    page = client.get(reverse("signups:signup")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = {**valid_data(first_name="André"), "csrfmiddlewaretoken": token}
    # generic(), unlike post(), sends the bytes as they are: the charset is only a label.
    response = client.generic(
        "POST",
        reverse("signups:signup"),
        latin_1_body(data, content_type),
        content_type=f"{content_type}; charset={charset}",
    )
    assert_site_page(response, 400)
    assert not SignupRequest.objects.exists()


def test_form_posted_in_utf_8_with_its_charset_named_is_read(client, db):
    response = client.generic(
        "POST",
        reverse("signups:signup"),
        "first_name=Andr%C3%A9",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200  # the form back, asking for the missing fields
    assert 'value="André"' in response.content.decode()


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


# One lookup for each way a date lookup fails: a year no date can hold, a year past 9999,
# the calendar's first day (before year 1 in UTC, from Rome), a month that is no number.
HOSTILE_DATE_LOOKUPS = ["year=99999999999", "iso_year__gte=10000", "gte=0001-01-01", "month=abc"]


def lists_and_exports(model_admin) -> list[str]:
    """The admin pages that read a model's list filters: the list and every export."""
    return [
        reverse(f"admin:{pattern.name}")
        for pattern in model_admin.get_urls()
        if pattern.name and "<" not in str(pattern.pattern) and not pattern.name.endswith("_add")
    ]


def test_date_lookups_on_every_admin_list_and_export_get_4xx_never_500(
    staff_client, no_error_logged
):
    from django.contrib import admin
    from django.db import models

    staff_client.raise_request_exception = False
    refused = []
    for model, model_admin in admin.site._registry.items():
        dates = [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]
        # One field of each kind: a date and a date with a time fail in different places.
        fields = {type(f).__name__: f.name for f in reversed(dates)}.values()
        for url in lists_and_exports(model_admin):
            for name in fields:
                for lookup in HOSTILE_DATE_LOOKUPS:
                    status = staff_client.get(f"{url}?{name}__{lookup}").status_code
                    if status >= 500:
                        refused.append(f"{url}?{name}__{lookup}: {status}")
    assert refused == []


def test_year_past_9999_in_the_requests_export_gets_400(staff_client, no_error_logged):
    staff_client.raise_request_exception = False
    for name in ("admin:signups_signuprequest_csv", "admin:signups_signuprequest_xlsx"):
        response = staff_client.get(reverse(name) + "?created_at__year=99999999999")
        assert_site_page(response, 400)
