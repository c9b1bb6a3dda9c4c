"""Ends a user's other sessions whenever their password changes, however it changes."""

from accounts import sessions
from accounts.access import Action, record


class EndSessionsOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its password_changed hook, which Django calls
    on every save of a new password: the admin's change form, the emailed reset link, the
    office setting it, `manage.py changepassword`. It validates nothing.

    The session that changed its own password survives: Django moves it to a new key
    (update_session_auth_hash) after this hook deleted the old one.
    """

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None or user.last_login is None:
            return  # a new account: no session to end, nothing to record
        sessions.end_sessions(user)
        record(Action.PASSWORD_CHANGED, about_user=user)

    def get_help_text(self) -> str:
        return ""
