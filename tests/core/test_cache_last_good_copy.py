"""While the database is away: the last good copy of a page, or the Italian 503 page."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from core.cache import GROUPS, content_changed

pytestmark = pytest.mark.django_db


def database_away():
    return mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("server closed")
    )


def test_a_page_changed_since_it_was_kept_is_served_as_it_was_while_the_database_is_away(
    client, planned_group
):
    url = reverse("groups:list")
    assert planned_group.name in client.get(url).content.decode()
    content_changed(GROUPS)  # a coordinator's change: the kept copy is no longer fresh
    with database_away():
        response = client.get(url)
    assert response.status_code == 200
    assert planned_group.name in response.content.decode()
    assert response["Cache-Control"] == "no-cache"


def test_a_public_page_never_kept_says_in_italian_that_the_site_has_a_problem(client, db):
    with database_away():
        response = client.get(reverse("press:list"), {"q": "mai cercato"})
    assert response.status_code == 503
    assert "Il sito ha un problema momentaneo" in response.content.decode()
    assert response["Retry-After"]
