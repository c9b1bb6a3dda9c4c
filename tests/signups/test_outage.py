"""A sign-up sent while the database is away: nothing typed is lost."""

import re
import uuid
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from signups.models import SignupRequest
from tests.signups.test_signup import valid_data

pytestmark = pytest.mark.django_db


def database_away():
    return mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("server closed")
    )


def test_signup_during_an_outage_gets_its_form_back_with_503(client, group):
    data = valid_data(group, message="Sono libera il martedì.")
    client.get(reverse("signups:signup"))  # the visitor had the form open
    with database_away():
        response = client.post(reverse("signups:signup"), data)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Il sito ha un problema momentaneo, riprova tra qualche minuto o telefona al" in page
    assert "348 3906759" in page
    for typed in (
        "Maria",
        "Rossi",
        "maria.rossi@example.org",
        "Seregno",
        "Sono libera il martedì.",
    ):
        assert f'value="{typed}"' in page or f"{typed}</textarea>" in page, typed
    assert re.search(r'name="privacy"[^>]*checked', page)
    assert re.search(rf'name="group" value="{group.pk}"', page)
    assert f'name="submission_token" value="{data["submission_token"]}"' in page


def test_signup_sent_again_after_an_outage_is_stored_once(client, group):
    data = valid_data(group)
    with database_away():
        assert client.post(reverse("signups:signup"), data).status_code == 503
    assert client.post(reverse("signups:signup"), data).status_code == 302
    # A second send of the same form (its first answer lost) changes nothing.
    assert client.post(reverse("signups:signup"), data).status_code == 302
    assert SignupRequest.objects.get().submission_token == uuid.UUID(data["submission_token"])
