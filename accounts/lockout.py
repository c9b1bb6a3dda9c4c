"""How many wrong tries django-axes allows: passwords, then second-factor codes.

Both count on the same axes line (username and address), so a code typed wrong is
locked out exactly like a password: same page, same cool-off, same unlock by the office.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

# Marks the credentials of a wrong code, so axes and the record tell it from a password.
SECOND_FACTOR = "second_factor"


def code_credentials(user) -> dict:
    return {"username": user.get_username(), SECOND_FACTOR: True}


def is_code(credentials: dict | None) -> bool:
    return bool(credentials and credentials.get(SECOND_FACTOR))


def failure_limit(request: HttpRequest, credentials: dict | None = None) -> int:
    """AXES_FAILURE_LIMIT: the password's limit at the login form, the code's after it."""
    return settings.CODE_FAILURE_LIMIT if is_code(credentials) else settings.LOGIN_FAILURE_LIMIT


def count_wrong_code(request: HttpRequest, user) -> bool:
    """Tells axes (and the record) of a wrong code; True when the account is now locked."""
    user_login_failed.send(sender=__name__, credentials=code_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))
