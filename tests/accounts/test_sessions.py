"""Staff sessions end: idle, too old, after a new password or the office's reset."""

import time

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import sessions
from accounts.models import AccessRecord
from tests.forms import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

HOUR = 3600


def age_session(client: Client, *, idle: float, since_login: float) -> None:
    session = client.session
    now = time.time()
    session[sessions.SEEN] = int(now - idle)
    session[sessions.STARTED] = int(now - since_login)
    session.save()


def test_session_idle_for_two_hours_is_over(coordinator_client, coordinator):
    age_session(coordinator_client, idle=2 * HOUR + 1, since_login=3 * HOUR)
    response = coordinator_client.get(reverse("admin:index"), follow=True)
    assert response.request["PATH_INFO"] == reverse("admin:login")
    assert "La sessione è scaduta" in response.content.decode()
    assert "_auth_user_id" not in coordinator_client.session
    expired = AccessRecord.objects.get(action=AccessRecord.Action.SESSION_EXPIRED)
    assert expired.user == coordinator


def test_session_used_within_two_hours_goes_on(coordinator_client):
    age_session(coordinator_client, idle=2 * HOUR - 60, since_login=3 * HOUR)
    assert coordinator_client.get(reverse("admin:index")).status_code == 200
    # The request counts as activity: the idle time starts again.
    assert time.time() - coordinator_client.session[sessions.SEEN] < 60


def test_session_ends_twelve_hours_after_login_even_when_busy(coordinator_client):
    age_session(coordinator_client, idle=10, since_login=12 * HOUR + 1)
    response = coordinator_client.get(reverse("admin:signups_signuprequest_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_new_password_ends_every_other_session_of_that_user(log_in, coordinator):
    here, elsewhere = Client(), Client()
    log_in(here, coordinator)
    log_in(elsewhere, coordinator)
    assert elsewhere.get(reverse("admin:index")).status_code == 200
    response = here.post(
        reverse("admin:password_change"),
        {
            "old_password": STAFF_PASSWORD,
            "new_password1": "Un-altra-password-2026",
            "new_password2": "Un-altra-password-2026",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("admin:index")).status_code == 200
    assert elsewhere.get(reverse("admin:index")).status_code == 302
    assert AccessRecord.objects.filter(
        action=AccessRecord.Action.PASSWORD_CHANGED, about_user=coordinator
    ).exists()


def test_office_resets_a_coordinators_factors_and_ends_her_sessions(
    admin_client, admin_user, log_in, coordinator
):
    hers = Client()
    log_in(hers, coordinator)
    StaticDevice.objects.create(user=coordinator, name="codici di recupero").token_set.create(
        token="abcdefgh"
    )
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [coordinator.pk]},
        follow=True,
    )
    assert "Secondo passaggio azzerato per 1 account" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    assert hers.get(reverse("admin:index")).status_code == 302
    # The office's own session goes on.
    assert admin_client.get(reverse("admin:index")).status_code == 200
    reset = AccessRecord.objects.get(action=AccessRecord.Action.FACTORS_RESET)
    assert reset.user == admin_user and reset.about_user == coordinator and reset.count == 2


def test_after_a_reset_the_next_login_enrols_anew(admin_client, log_in, django_user_model):
    user = django_user_model.objects.create_user(
        "bea", "bea@example.org", "pw-Bea-2026", is_staff=True
    )
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": "bea", "password": "pw-Bea-2026", "next": "/admin/"}
    )
    assert response.url.startswith(reverse("admin:enrol"))


def test_only_the_office_resets_factors(coordinator_client, coordinator):
    coordinator.groups.add(PermissionGroup.objects.get(name="Coordinatori"))
    response = coordinator_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [coordinator.pk]},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_command_resets_factors_when_nobody_can_log_in(admin_user, log_in):
    from io import StringIO

    from django.core.management import call_command

    client = Client()
    log_in(client, admin_user)
    out = StringIO()
    call_command("reset_second_factor", "admin", stdout=out)
    assert "1 factor(s) removed" in out.getvalue()
    assert client.get(reverse("admin:index")).status_code == 302
    assert AccessRecord.objects.get(action=AccessRecord.Action.FACTORS_RESET).about_user == (
        admin_user
    )


def test_logins_logouts_and_failures_are_recorded(client, coordinator):
    login = reverse("admin:login")
    client.post(login, {"username": "anna", "password": "sbagliata"})
    client.post(login, {"username": "nessuno", "password": "sbagliata"})
    client.post(login, {"username": "anna", "password": STAFF_PASSWORD})
    client.post(reverse("admin:verify"), {"logout": "1"})
    actions = list(
        AccessRecord.objects.order_by("pk").values_list("action", "user__username", "address")
    )
    assert actions == [
        (AccessRecord.Action.LOGIN_FAILED, "anna", "127.0.0.1"),
        (AccessRecord.Action.LOGIN_FAILED, None, "127.0.0.1"),
        (AccessRecord.Action.LOGIN, "anna", "127.0.0.1"),
        (AccessRecord.Action.LOGOUT, "anna", "127.0.0.1"),
    ]
    # What was typed for an unknown account (a password, maybe) is not kept.
    assert not AccessRecord.objects.filter(username="nessuno").exists()
