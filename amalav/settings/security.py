"""Staff accounts (sessions, second factor, lockout, passwords) and the headers every
response carries."""

import os
from urllib.parse import urlsplit

from csp.constants import NONCE

from .base import DEBUG, SITE_URL, envbool, envint, envlist

# Sessions live in the database so any app instance can serve any visitor.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Only staff have sessions. One ends after this long without a request, and at the latest
# this long after the login, whatever the activity (accounts/middleware.py).
STAFF_SESSION_IDLE_MINUTES = envint("STAFF_SESSION_IDLE_MINUTES", 120)
STAFF_SESSION_MAX_HOURS = envint("STAFF_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = STAFF_SESSION_IDLE_MINUTES * 60

# The second factor every staff account needs (accounts/): a passkey (django-otp-webauthn)
# or an authenticator app (TOTP), each with one-time recovery codes (django-otp).
OTP_TOTP_ISSUER = "AMALav"
OTP_WEBAUTHN_RP_NAME = "AMALav"
# Passkeys belong to the host name of SITE_URL, the address staff open. A browser refuses
# them on a bare IP address: in development, open http://localhost:8000 to try one.
_SITE = urlsplit(SITE_URL)
_PASSKEY_SITE = _SITE._replace(netloc=_SITE.netloc.replace("127.0.0.1", "localhost"))
OTP_WEBAUTHN_RP_ID = os.getenv("OTP_WEBAUTHN_RP_ID", _PASSKEY_SITE.hostname or "")
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", f"{_PASSKEY_SITE.scheme}://{_PASSKEY_SITE.netloc}"
)
# A passkey is the second step after the password, never a way in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "accounts.views.PasskeyHelper"
# Personal data opened in the admin, exports, registers and logins: kept this long.
ACCESS_RECORD_RETENTION_MONTHS = envint("ACCESS_RECORD_RETENTION_MONTHS", 12)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Wrong passwords, then wrong second-factor codes, before django-axes locks the account
# (username and address) for AXES_COOLOFF_TIME; accounts.lockout picks the limit per step.
LOGIN_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
CODE_FAILURE_LIMIT = envint("CODE_FAILURE_LIMIT", 6)
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
# Masked in axes' records of an attempt: its defaults, and the code typed at the second step.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# How many proxies of ours (load balancer) stand before the app; their
# X-Forwarded-For entries are the only ones trusted for a client's address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# The lockout counts clients as the sign-up rate limit does, not by the proxy's address.
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "amalav.views.login_locked_out"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: a new password ends the user's other sessions (accounts/passwords.py).
    {"NAME": "accounts.passwords.EndSessionsOnPasswordChange"},
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Security headers; HTTPS-only settings are on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "amalav.views.csrf_failure"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The load balancer terminates TLS and tells us so with this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE: only where a page asks for one (the text page editor's import map).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
