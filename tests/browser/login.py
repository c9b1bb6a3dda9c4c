"""How the browser tests log in: through the forms, both steps, as a coordinator does."""

from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.logins import app_of


def pass_login(page, username: str, password: str) -> None:
    """Both steps of the admin login from its page: the password, then the app's code.

    The account gets an authenticator app if it has none; each call types the app's code
    of the moment, as a person reads it off their phone.
    """
    device = app_of(get_user_model().objects.get(username=username))
    # django-otp takes each code once; a second login within 30 s would wait for the next.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()
    page.get_by_role("textbox", name="Codice").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Verifica").click()
