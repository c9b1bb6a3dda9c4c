"""The suite's one way in for staff: a session past both steps of the admin login."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_of(user) -> TOTPDevice:
    """The user's authenticator app: the first confirmed one, or a new one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device


def log_in_verified(client, user) -> None:
    """A session past both steps of the admin login: the password and the second factor.

    Only tests of the login itself go through its forms (tests/accounts/).
    """
    device = app_of(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
