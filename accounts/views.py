"""The second step of the admin login, enrolment, recovery codes and passkeys."""

from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as reset_lockout
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from accounts import factors, lockout
from accounts.access import Action, record_access
from accounts.forms import CodeForm
from accounts.sites import safe_next
from core.clients import client_address

# Shown once after they are made, then gone: the session holds them until that page.
NEW_CODES = "accounts_new_recovery_codes"
# Fewer recovery codes than this left: the person is told to make new ones.
FEW_CODES = 3


def to_login(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("admin:login") + "?" + urlencode({"next": safe_next(request)}))


def page(request: HttpRequest, template: str, title: str, **context) -> HttpResponse:
    return render(
        request,
        template,
        {**admin.site.each_context(request), "title": title, "next": safe_next(request), **context},
    )


def locked_out(request: HttpRequest) -> HttpResponse:
    """The axes lockout page; the half-open session ends with it."""
    credentials = lockout.code_credentials(request.user)
    logout(request)
    return get_lockout_response(request, credentials=credentials)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a passkey, the app's code or a recovery code."""
    user = request.user
    if not factors.needs_second_step(user):
        return redirect(safe_next(request)) if user.is_authenticated else to_login(request)
    if request.method == "POST" and "logout" in request.POST:
        # The enrolment page's way out too: a half-open session has no admin logout.
        logout(request)
        return redirect("admin:login")
    if not factors.has_factor(user):
        return redirect(reverse("admin:enrol") + "?" + urlencode({"next": safe_next(request)}))
    if AxesProxyHandler.is_locked(request, lockout.code_credentials(user)):
        return locked_out(request)
    recovery = request.GET.get("codice") == "recupero" or request.POST.get("recovery") == "1"
    form = CodeForm(request.POST if request.method == "POST" else None, recovery=recovery)
    if form.is_valid():
        waiting = factors.must_wait(user)
        device = None if waiting else factors.check_code(user, form.cleaned_data["code"])
        if device is not None:
            return verified(request, device)
        if lockout.count_wrong_code(request, user):
            return locked_out(request)
        form.add_error(
            "code",
            _("Troppi codici sbagliati di seguito: aspetta un minuto e riprova.")
            if waiting
            else _("Il codice non è giusto. Controlla che sia quello mostrato ora e riprova."),
        )
    return page(
        request,
        "accounts/verify.html",
        _("Conferma che sei tu"),
        form=form,
        recovery=recovery,
        has_passkey=WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        has_app=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    )


def verified(request: HttpRequest, device) -> HttpResponse:
    """The session passed its second factor: on record, and the wrong tries forgotten."""
    otp_login(request, device)
    record_access(request, Action.VERIFIED, target=factors.factor_kind(device))
    reset_lockout(ip=client_address(request), username=request.user.get_username())
    if isinstance(device, StaticDevice):
        left = factors.recovery_codes_left(request.user)
        if left < FEW_CODES:
            messages.warning(
                request,
                ngettext(
                    "Ti resta %(count)d codice di recupero: creane di nuovi da «Sicurezza».",
                    "Ti restano %(count)d codici di recupero: creane di nuovi da «Sicurezza».",
                    left,
                )
                % {"count": left},
            )
    return redirect(safe_next(request))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First login: a passkey or an authenticator app. Later: one more factor."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return to_login(request)
    if factors.has_factor(user) and not factors.is_verified(user):
        # A password alone must never add a factor to an account that has one.
        return redirect(reverse("admin:verify") + "?" + urlencode({"next": safe_next(request)}))
    device = factors.pending_app(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if factors.confirm_app(request, device, form.cleaned_data["code"]):
            return after_enrolment(request)
        form.add_error(
            "code",
            _(
                "Il codice non è giusto. Scrivi quello che l'app mostra ora; se cambia "
                "mentre scrivi, usa il nuovo."
            ),
        )
    return page(
        request,
        "accounts/enrol.html",
        _("Aggiungi un secondo passaggio"),
        form=form,
        first=not factors.has_factor(user),
        qr_code=qr_svg(device.config_url),
        otpauth_url=device.config_url,
        secret=spaced(device.bin_key),
    )


def after_enrolment(request: HttpRequest) -> HttpResponse:
    """The first factor comes with recovery codes, shown once on the next page."""
    if not factors.has_recovery_codes(request.user):
        request.session[NEW_CODES] = factors.new_recovery_codes(request.user)
        return redirect(
            reverse("admin:recovery-codes") + "?" + urlencode({"next": safe_next(request)})
        )
    messages.success(request, _("Fatto: il nuovo secondo passaggio è attivo."))
    return redirect(safe_next(request))


def qr_svg(text: str) -> str:
    """The QR code as inline SVG: no image request, nothing the CSP has to allow."""
    svg = segno.make(text, error="m").svg_inline(
        scale=5, omitsize=True, svgclass="qr-code", title=_("Codice QR per l'app")
    )
    # segno's own markup of the device's otpauth:// address: no text of anyone's in it.
    return mark_safe(svg)  # noqa: S308  # nosec B308, B703


def spaced(key: bytes) -> str:
    """The app's secret as people type it: base32 in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@require_http_methods(["GET", "HEAD"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, once: reloading the page shows them no more."""
    if factors.needs_second_step(request.user) or not request.user.is_authenticated:
        return to_login(request)
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect(safe_next(request))
    return page(
        request,
        "accounts/recovery_codes.html",
        _("I tuoi codici di recupero"),
        codes=[f"{code[:4]}-{code[4:]}" for code in codes],
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The user's own factors: add a passkey or an app, make new recovery codes."""
    user = request.user
    if request.method == "POST" and "new_codes" in request.POST:
        request.session[NEW_CODES] = factors.new_recovery_codes(user)
        record_access(request, Action.RECOVERY_CODES_RENEWED)
        return redirect(
            reverse("admin:recovery-codes") + "?" + urlencode({"next": reverse("admin:security")})
        )
    return page(
        request,
        "accounts/security.html",
        _("Sicurezza dell'account"),
        passkeys=WebAuthnCredential.objects.filter(user=user, confirmed=True),
        apps=TOTPDevice.objects.filter(user=user, confirmed=True),
        codes_left=factors.recovery_codes_left(user),
    )


class PasskeyHelper(WebAuthnHelper):
    """OTP_WEBAUTHN_HELPER_CLASS: a new passkey is on record, and a first factor comes
    with recovery codes, as after enrolling the app."""

    def register_complete(self, user, state: dict, data: dict) -> WebAuthnCredential:
        device = super().register_complete(user, state, data)
        factors.added(self.request, device)
        if not factors.has_recovery_codes(user):
            self.request.session[NEW_CODES] = factors.new_recovery_codes(user)
        return device


class StaffOnly:
    """Passkeys are for staff accounts only, like everything behind /admin/."""

    def check_can_register(self) -> None:
        if not self.request.user.is_staff:
            raise webauthn_errors.NotAuthenticated()


class CompletePasskeyRegistration(StaffOnly, webauthn_views.CompleteCredentialRegistrationView):
    pass


class BeginPasskeyRegistration(StaffOnly, webauthn_views.BeginCredentialRegistrationView):
    pass


class CompletePasskeyAuthentication(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: WebAuthnCredential) -> None:
        super().complete_auth(device)
        record_access(self.request, Action.VERIFIED, target=factors.factor_kind(device))
        reset_lockout(ip=client_address(self.request), username=device.user.get_username())

    def get_success_url(self) -> str:
        return safe_next(self.request)
