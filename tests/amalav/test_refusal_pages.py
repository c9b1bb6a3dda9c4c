"""Refusals people meet (lockout, expired form) are the site's Italian pages; staff can
get a new password by email."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from amalav.accounts import send_password_resets
from core.outbox import deliver_due
from tests.forms import STAFF_PASSWORD

pytestmark = pytest.mark.django_db


def test_locked_out_login_explains_when_to_retry_and_whom_to_call(client, capo, settings):
    url = reverse("admin:login")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(url, {"username": "capo", "password": "sbagliata"})
    response = client.post(url, {"username": "capo", "password": STAFF_PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.AXES_COOLOFF_TIME * 3600)
    page = response.content.decode()
    assert "Accesso bloccato" in page
    assert "riprovare tra un&#x27;ora" in page or "riprovare tra un'ora" in page
    assert "348 3906759" in page and 'href="#contenuto"' in page
    assert reverse("admin_password_reset") in page


def test_expired_form_gets_an_italian_page_the_csp_allows():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("signups:signup"), {"first_name": "Anna"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Modulo scaduto" in page and "ricarica la pagina" in page
    assert "348 3906759" in page
    assert "<style" not in page and " style=" not in page


def test_admin_login_links_to_password_reset(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in page


def test_staff_resets_a_forgotten_password_by_email(client, capo):
    response = client.post(reverse("admin_password_reset"), {"email": "capo@example.org"})
    assert response.status_code == 302
    send_password_resets()
    deliver_due()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "password" in body.lower() and "capo" in body
    link = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "una-nuova-password-7"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    capo.refresh_from_db()
    assert capo.check_password(new_password)


def test_password_reset_page_is_in_italian(client):
    page = client.get(reverse("admin_password_reset")).content.decode()
    assert "Password dimenticata" in page or "password dimenticata" in page.lower()
