from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts import sessions


class StaffSessionMiddleware:
    """Ends a session idle for STAFF_SESSION_IDLE_MINUTES or older than STAFF_SESSION_MAX_HOURS.

    The admin then asks for the password and the second factor again, as after a logout.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie there is no one to check: a public page read by nobody
        # logged in must not touch the session, or it would vary on the cookie and go uncached.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            if sessions.is_over(request.session):
                # Read by the logout record (accounts/events.py): an expiry, not a logout.
                request.session_expired = True
                logout(request)
                messages.info(request, _("La sessione è scaduta: accedi di nuovo."))
            else:
                sessions.touch(request.session)
        return self.get_response(request)
