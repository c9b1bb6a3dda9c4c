"""The second factor of staff accounts: passkeys, an authenticator app, recovery codes.

django-otp keeps the devices (TOTP, static recovery codes), django-otp-webauthn the
passkeys; this module is the one place that enrols, checks and resets them.
"""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import sessions
from accounts.access import Action, record, record_access

RECOVERY_CODE_COUNT = 10
APP_NAME = "app"
RECOVERY_NAME = "codici di recupero"
# The recovery-code device's own name is not a factor a person chose.
FACTOR_MODELS = (TOTPDevice, WebAuthnCredential)


def is_verified(user) -> bool:
    """True once this session passed a second factor (django-otp's middleware says so)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_step(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and not is_verified(user)
    )


def has_factor(user: AbstractBaseUser) -> bool:
    """A passkey or an app: recovery codes alone are no way to enrol."""
    return any(model.objects.filter(user=user, confirmed=True).exists() for model in FACTOR_MODELS)


def factor_kind(device: Device) -> str:
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    if isinstance(device, StaticDevice):
        return RECOVERY_NAME
    return APP_NAME


def pending_app(user: AbstractBaseUser) -> TOTPDevice:
    """The app being enrolled: the same secret until it is confirmed with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def normalise(code: str) -> str:
    """What people type: spaces and dashes anywhere, capitals for a recovery code."""
    return re.sub(r"[\s-]+", "", code).lower()


def confirm_app(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Enrols the app if the code is its current one; the session counts as verified."""
    # An app not enrolled yet guards nothing: a mistyped code there costs no waiting.
    device.throttle_reset(commit=False)
    if not device.verify_token(normalise(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    added(request, device)
    return True


def added(request: HttpRequest, device: Device) -> None:
    """A new factor is on the account: this session passed it, and it is on record."""
    if not is_verified(request.user):
        otp_login(request, device)
    record_access(request, Action.FACTOR_ADDED, target=factor_kind(device))


def has_recovery_codes(user: AbstractBaseUser) -> bool:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replaces the user's recovery codes with new ones, each good once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check_code(user: AbstractBaseUser, code: str) -> Device | None:
    """The app or recovery code's device if the code is right; a recovery code is used up."""
    code = normalise(code)
    if not code or len(code) > 32:
        return None
    return match_token(user, code)


def must_wait(user: AbstractBaseUser) -> bool:
    """True while django-otp holds back the user's devices after wrong codes in a row."""
    devices = [d for d in devices_for_user(user) if hasattr(d, "verify_is_allowed")]
    return bool(devices) and not any(d.verify_is_allowed()[0] for d in devices)


@transaction.atomic
def reset(user: AbstractBaseUser, request: HttpRequest | None = None) -> int:
    """Clears a user's factors, so the next login enrols anew; returns how many went.

    Every session of that user ends now (but the office's own), and the reset is itself
    on record: by the office in the admin, or by `manage.py reset_second_factor`.
    """
    removed = sum(
        model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        for model in (*FACTOR_MODELS, StaticDevice)
    )
    if request is None:
        sessions.end_sessions(user)
        record(Action.FACTORS_RESET, about_user=user, count=removed, target="manage.py")
    else:
        keep = request.session.session_key if request.user.pk == user.pk else None
        sessions.end_sessions(user, keep=keep)
        record_access(request, Action.FACTORS_RESET, about_user=user, count=removed)
    return removed
