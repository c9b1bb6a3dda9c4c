"""While the database is away: fast answers, cached pages still served."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from core.db import deadline
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def database_away():
    return mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("server closed")
    )


def test_healthz_answers_503_when_the_database_is_away(client):
    with database_away():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"


def test_cached_public_pages_are_served_without_the_database(client, django_assert_num_queries):
    call_command("load_seed", stdout=mock.MagicMock())
    urls = [reverse(name, args=args) for name, args, _texts in PUBLIC_PAGES]
    for url in urls:
        assert client.get(url).status_code == 200, url
    # Sessions and the user are lazy: nothing before the page cache touches the database.
    with django_assert_num_queries(0), database_away():
        for url in urls:
            assert client.get(url).status_code == 200, url


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg2's wait callback")
@pytest.mark.django_db(transaction=True)
def test_a_round_trip_past_its_deadline_fails_and_the_next_one_reconnects():
    with pytest.raises(OperationalError), deadline(0.2), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.subprocess
def test_postgresql_connections_get_connect_and_statement_timeouts_from_the_environment():
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://amalav@127.0.0.1:5432/amalav",
        "DB_CONNECT_TIMEOUT_SECONDS": "4",
        "DB_STATEMENT_TIMEOUT_SECONDS": "7",
    }
    printed = subprocess.run(
        [sys.executable, "-c", "from amalav import settings; print(settings.DATABASES)"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'connect_timeout': 4" in printed
    assert "'options': '-c statement_timeout=7000'" in printed
