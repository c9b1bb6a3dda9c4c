"""With Redis unreachable the site serves from the database and takes sign-ups."""

import socket
import threading
import time
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from signups.models import SignupRequest
from tests.forms import valid_data
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def redis_at(settings, port: int) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }


@pytest.fixture
def redis_unreachable(settings) -> None:
    redis_at(settings, closed_port())


@pytest.fixture
def redis_that_never_answers(settings) -> Iterator[None]:
    """A server that accepts connections and never says a word, like a frozen Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    redis_at(settings, listener.getsockname()[1])
    yield
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_with_redis_unreachable_every_public_page_answers_200(client, redis_unreachable):
    call_command("load_seed", stdout=StringIO())
    for name, args, texts in PUBLIC_PAGES:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert all(text in page for text in texts), name


def test_with_redis_unreachable_a_signup_is_stored_and_confirmed(
    client, group, redis_unreachable, delivered
):
    response = client.post(reverse("signups:signup"), valid_data(group), follow=True)
    assert response.status_code == 200
    assert "Cosa succede adesso" in response.content.decode()
    assert SignupRequest.objects.get().email == "maria.rossi@example.org"
    assert ["maria.rossi@example.org"] in [m.to for m in delivered()]


def test_with_redis_unreachable_the_signup_rate_limit_counts_in_the_database(
    client, group, redis_unreachable, settings
):
    settings.SIGNUP_RATE_LIMIT = 2
    statuses = [
        client.post(
            reverse("signups:signup"),
            valid_data(group, last_name=f"Rossi{n}", email=f"persona{n}@example.org", phone=""),
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert SignupRequest.objects.count() == 2


def test_with_redis_unreachable_the_login_lockout_still_locks(client, redis_unreachable, settings):
    from django.contrib.auth.models import User

    User.objects.create_superuser("capo", "capo@example.org", "giusta-password-lunga")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "capo", "password": "sbagliata"})
    response = client.post(
        reverse("admin:login"), {"username": "capo", "password": "giusta-password-lunga"}
    )
    assert response.status_code == 429


def test_healthz_reports_the_cache_down_with_200(client, redis_unreachable):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["cache"] == "down"


def test_a_redis_that_never_answers_costs_a_page_one_short_wait(
    client, group, redis_that_never_answers
):
    started = time.monotonic()
    assert client.get(reverse("groups:list")).status_code == 200
    # Each call gives up within 100 ms, and after one failure the process stops asking
    # for a while: a hanging call would hold the page for seconds.
    assert time.monotonic() - started < 1
    assert client.get(reverse("healthz")).json()["cache"] == "down"
