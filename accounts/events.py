"""Logins, logouts, wrong passwords and codes, lockouts: each one a line of the record.

Django and django-axes announce them with signals; recording is all that happens here.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts import lockout, sessions
from accounts.access import Action, record
from core.clients import client_address


def address(request: HttpRequest | None) -> str:
    return client_address(request) if request is not None else ""


def known_user(username: str | None):
    """The account a username names; what else was typed is never kept (a password, maybe)."""
    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()


@receiver(user_logged_in)
def logged_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is None:
        return
    sessions.stamp(request.session)
    record(Action.LOGIN, user=user, address=address(request))


@receiver(user_logged_out)
def logged_out(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if user is None:
        return
    expired = getattr(request, "session_expired", False)
    action = Action.SESSION_EXPIRED if expired else Action.LOGOUT
    record(action, user=user, address=address(request))


@receiver(user_login_failed)
def login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    action = Action.CODE_FAILED if lockout.is_code(credentials) else Action.LOGIN_FAILED
    record(action, user=known_user(credentials.get("username")), address=address(request))


@receiver(user_locked_out)
def locked_out(sender, request: HttpRequest | None, username: str | None, **kwargs) -> None:
    record(Action.LOCKED_OUT, user=known_user(username), address=address(request))
