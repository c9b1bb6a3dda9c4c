"""The sign-up limit and the login lockout count clients, not the load balancer."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.clients import client_address
from signups.models import SignupRequest
from tests.forms import STAFF_PASSWORD
from tests.signups.test_signup import valid_data

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def address(forwarded: str | None = None, remote: str = BALANCER) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_client_is_the_address_our_proxy_appended(behind_one_proxy):
    assert address("198.51.100.7") == "198.51.100.7"
    assert address("203.0.113.1, 198.51.100.7") == "198.51.100.7"


def test_garbage_or_missing_header_falls_back_to_the_connection(behind_one_proxy):
    assert address("not-an-ip") == BALANCER
    assert address("") == BALANCER
    assert address(None) == BALANCER
    assert address("not-an-ip, 198.51.100.7") == "198.51.100.7"


def test_header_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("198.51.100.7", remote="192.0.2.10") == "192.0.2.10"


def test_ipv6_clients_are_counted_by_their_64(behind_one_proxy):
    assert address("2001:db8:1:2::1") == address("2001:db8:1:2:ffff::9") == "2001:db8:1:2::"
    assert address("2001:db8:1:3::1") != address("2001:db8:1:2::1")


def test_rotating_forwarded_for_does_not_escape_the_limit(client, group, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNUP_RATE_LIMIT = 3
    statuses = []
    for index in range(6):
        spoofed = f"203.0.113.{index}, 198.51.100.7"  # the client's lie, then our proxy's truth
        data = valid_data(group, email=f"persona{index}@example.org", phone="")
        response = client.post(
            reverse("signups:signup"), data, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=spoofed
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert SignupRequest.objects.count() == 3


def test_clients_behind_the_proxy_are_counted_apart(client, group, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNUP_RATE_LIMIT = 1
    for index, forwarded in enumerate(("198.51.100.7", "198.51.100.8")):
        data = valid_data(group, email=f"persona{index}@example.org", phone="")
        response = client.post(
            reverse("signups:signup"), data, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded
        )
        assert response.status_code == 302


def test_login_lockout_of_one_client_does_not_lock_out_the_others(client, capo, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("admin:login")
    attacker = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(url, {"username": "capo", "password": "sbagliata"}, **attacker)
    assert client.post(url, {"username": "capo", "password": "x"}, **attacker).status_code == 429
    colleague = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(url, {"username": "capo", "password": STAFF_PASSWORD}, **colleague)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
