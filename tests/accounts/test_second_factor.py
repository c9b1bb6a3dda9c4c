"""The admin's second step, logged in for real through the forms as a person would."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group as PermissionGroup
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessRecord

pytestmark = pytest.mark.django_db

PASSWORD = "Brianza-2026-gruppi"


@pytest.fixture
def anna(django_user_model, group):
    """A coordinator who logs in with her password, as on her first day."""
    user = django_user_model.objects.create_user(
        "anna", "anna@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(PermissionGroup.objects.get(name="Coordinatori"))
    group.coordinators.add(user)
    return user


@pytest.fixture
def app(anna) -> TOTPDevice:
    return TOTPDevice.objects.create(user=anna, name="app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def enter_password(client: Client, next_url: str = "/admin/"):
    return client.post(
        reverse("admin:login") + f"?next={next_url}",
        {"username": "anna", "password": PASSWORD, "next": next_url},
    )


def enter_code(client: Client, code: str, next_url: str = "/admin/"):
    return client.post(reverse("admin:verify"), {"code": code, "next": next_url})


def test_password_alone_opens_no_admin_page_and_leads_to_enrolment(
    client, anna, make_signup, group, planned_group
):
    signup = make_signup(group, phone="+393331234567")
    meeting = planned_group.meetings.first()
    response = enter_password(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:enrol"))
    for url in (
        reverse("admin:index"),
        reverse("admin:signups_signuprequest_changelist"),
        reverse("admin:signups_signuprequest_change", args=[signup.pk]),
        reverse("admin:signups_signuprequest_csv"),
        reverse("admin:signups_signuprequest_xlsx"),
        reverse("admin:signups_participant_changelist"),
        reverse("admin:register", args=[meeting.pk]),
        reverse("admin:sign-in-sheet", args=[meeting.pk]),
        reverse("admin:report"),
        reverse("admin:security"),
    ):
        response = client.get(url, follow=True)
        body = response.content.decode()
        assert response.redirect_chain, url
        assert response.request["PATH_INFO"] == reverse("admin:enrol"), url
        assert "Niccolò" not in body and "3331234567" not in body, url
    assert not AccessRecord.objects.filter(action=AccessRecord.Action.REQUEST_OPENED).exists()


def test_enrolling_the_app_opens_the_admin_and_shows_recovery_codes_once(client, anna):
    enter_password(client)
    page = client.get(reverse("admin:enrol") + "?next=/admin/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Aggiungi un secondo passaggio" in body
    assert "<svg" in body and "otpauth://totp/" in body
    device = TOTPDevice.objects.get(user=anna, confirmed=False)

    wrong = client.post(reverse("admin:enrol"), {"code": "000000", "next": "/admin/"})
    assert "Il codice non è giusto" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=anna, confirmed=True).exists()

    done = client.post(reverse("admin:enrol"), {"code": current_code(device), "next": "/admin/"})
    assert done.status_code == 302
    assert done.url.startswith(reverse("admin:recovery-codes"))
    codes_page = client.get(done.url).content.decode()
    tokens = StaticToken.objects.filter(device__user=anna).values_list("token", flat=True)
    assert len(tokens) == 10
    for token in tokens:
        assert f"{token[:4]}-{token[4:]}" in codes_page
    # Shown once: the page does not show them again.
    again = client.get(reverse("admin:recovery-codes") + "?next=/admin/")
    assert again.status_code == 302 and again.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert AccessRecord.objects.filter(
        user=anna, action=AccessRecord.Action.FACTOR_ADDED, target="app"
    ).exists()


def test_valid_app_code_opens_the_admin(client, anna, app):
    response = enter_password(client)
    assert response.url.startswith(reverse("admin:verify"))
    assert client.get(reverse("admin:index")).status_code == 302
    response = enter_code(client, current_code(app))
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:signups_signuprequest_changelist")).status_code == 200
    verified = AccessRecord.objects.get(action=AccessRecord.Action.VERIFIED)
    assert verified.user == anna and verified.target == "app"


def test_code_typed_with_spaces_is_accepted(client, anna, app):
    enter_password(client)
    code = current_code(app)
    response = enter_code(client, f" {code[:3]} {code[3:]} ")
    assert response.status_code == 302 and response.url == "/admin/"


def test_six_wrong_codes_lock_the_account_like_wrong_passwords(client, anna, app, settings):
    assert settings.CODE_FAILURE_LIMIT == 6
    enter_password(client)
    for _attempt in range(5):
        response = enter_code(client, "000000")
        assert response.status_code == 200
        assert "codice" in response.content.decode().lower()
    locked = enter_code(client, "000000")
    assert locked.status_code == 429
    assert "il codice del secondo passaggio è stato sbagliato 6 volte" in locked.content.decode()
    # The half-open session is over, and the password no longer opens the login either.
    assert "_auth_user_id" not in client.session
    again = enter_password(client)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="anna").failures_since_start >= 6
    assert AccessRecord.objects.filter(action=AccessRecord.Action.CODE_FAILED).count() == 6
    assert AccessRecord.objects.filter(action=AccessRecord.Action.LOCKED_OUT, user=anna).exists()


def test_five_wrong_codes_still_let_the_right_one_in(client, anna, app):
    enter_password(client)
    for _attempt in range(5):
        enter_code(client, "000000")
    # django-otp holds the app back a while after wrong codes: past that, the code works.
    app.refresh_from_db()
    app.throttling_failure_timestamp = None
    app.save()
    response = enter_code(client, current_code(app))
    assert response.status_code == 302 and response.url == "/admin/"
    assert not AccessAttempt.objects.filter(username="anna").exists()


def test_recovery_code_works_once(client, anna, app):
    device = StaticDevice.objects.create(user=anna, name="codici di recupero")
    device.token_set.create(token="abcdefgh")
    enter_password(client)
    page = client.get(reverse("admin:verify") + "?codice=recupero&next=/admin/")
    assert "Codice di recupero" in page.content.decode()
    response = client.post(
        reverse("admin:verify"), {"code": "ABCD-EFGH", "recovery": "1", "next": "/admin/"}
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert not device.token_set.exists()

    client.post(reverse("admin:logout"))
    other = Client()
    enter_password(other)
    again = other.post(
        reverse("admin:verify"), {"code": "abcd-efgh", "recovery": "1", "next": "/admin/"}
    )
    assert again.status_code == 200
    assert "Il codice non è giusto" in again.content.decode()
    assert other.get(reverse("admin:index")).status_code == 302


def test_password_alone_cannot_add_a_factor_to_an_account_that_has_one(client, anna, app):
    enter_password(client)
    response = client.get(reverse("admin:enrol"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:verify"))
    begin = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert begin.status_code == 403
    assert TOTPDevice.objects.filter(user=anna).count() == 1


def test_half_logged_in_person_can_log_out_from_the_second_step(client, anna, app):
    enter_password(client)
    response = client.post(reverse("admin:verify"), {"logout": "1"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_draft_preview_needs_the_second_factor_too(client, anna, app):
    from press.models import PressItem

    draft = PressItem.objects.create(title="Bozza", slug="bozza", published_on="2026-01-01")
    enter_password(client)
    assert client.get(draft.get_preview_url()).status_code == 302
    enter_code(client, current_code(app))
    assert client.get(draft.get_preview_url()).status_code == 200


def test_hostile_codes_get_a_message_never_an_error(client, anna, app):
    enter_password(client)
    for code in ("", "x" * 500, "\u202e123456", "1234567"):
        response = enter_code(client, code)
        assert response.status_code == 200, code


def test_second_step_pages_answer_head_and_speak_italian(client, anna, app):
    enter_password(client)
    response = client.head(reverse("admin:verify"))
    assert response.status_code == 200
    body = client.get(reverse("admin:verify")).content.decode()
    assert "Conferma che sei tu" in body and "Verifica" in body
    assert "<script>" not in body and " style=" not in body
