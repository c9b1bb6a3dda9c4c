import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory


def get(handler: WSGIHandler, path: str) -> str:
    statuses = []
    body = handler(
        RequestFactory().get(path).environ, lambda status, headers: statuses.append(status)
    )
    b"".join(body)
    body.close()  # ends the request: Django's request_finished handlers run
    return statuses[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server to cut off")
@pytest.mark.django_db(transaction=True)
def test_app_recovers_when_postgresql_drops_its_connection():
    handler = WSGIHandler()
    assert get(handler, "/healthz").startswith("200")
    # What a PostgreSQL restart does to a kept-alive connection.
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    admin = psycopg2.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()
    assert get(handler, "/healthz").startswith("200")
    assert connection.connection.info.backend_pid != pid
