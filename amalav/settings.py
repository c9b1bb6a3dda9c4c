"""Settings for the AMALav portal, read from environment variables only.

Development defaults are safe; with DEBUG off the portal refuses to start
without SECRET_KEY and ALLOWED_HOSTS so a misconfigured server never runs.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def envbool(name: str, default: str = "False") -> bool:
    """A yes/no variable; a typo stops the start instead of silently meaning no."""
    value = os.getenv(name, default).strip().lower()
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r} is neither true nor false.")
    return value in TRUE_WORDS


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")

SECRET_KEY = os.getenv("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set in the environment."
    )

SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "amalav.apps.AmalavAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "core.admin_apps.AxesConfig",
    "post_office",
    "django_prose_editor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "amalav",
    "core",
    "accounts",
    "groups",
    "signups",
    "meetings",
    "press",
]

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    # Before anything reads the body or the query: refused input never reaches a view.
    "core.middleware.RequestBodyLimitMiddleware",
    "core.middleware.RejectNulMiddleware",
    # Answers cached public pages before anything below runs (see core/cache.py).
    "core.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which has its own compressed files; inside the page cache, which
    # keeps the compressed and the plain variant of a page apart.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor, if any, this session passed (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after STAFF_SESSION_IDLE_MINUTES idle or STAFF_SESSION_MAX_HOURS.
    "accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.ChangeListLookupMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "amalav.urls"
WSGI_APPLICATION = "amalav.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "amalav.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        # A connection broken by a PostgreSQL restart is replaced on the next request.
        conn_health_checks=True,
    )
}
# A database that stops answering fails requests fast instead of hanging every worker:
# connecting and each statement have a time limit (0 turns the statement limit off).
DB_CONNECT_TIMEOUT = envint("DB_CONNECT_TIMEOUT_SECONDS", 3)
DB_STATEMENT_TIMEOUT = envint("DB_STATEMENT_TIMEOUT_SECONDS", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One Redis shared by every app instance when REDIS_URL is set, so rate limits
# and cached pages agree across instances; a local memory cache otherwise.
REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # Per process: with several gunicorn workers, set REDIS_URL so they share one cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }

# Off only to measure pages rendered fresh (make bench); DEBUG turns the page cache off too.
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", "true")
# With Redis, how long each process trusts the content version it last read and serves
# its own copy of a page without asking Redis: a coordinator's change reaches every
# worker within this many seconds (0: ask Redis on every request).
PAGE_CACHE_NEAR_SECONDS = float(os.getenv("PAGE_CACHE_NEAR_SECONDS", "1"))

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

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
FORMAT_MODULE_PATH = ["amalav.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and crawlers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o644
PRESS_UPLOAD_MAX_BYTES = envint("PRESS_UPLOAD_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Links typed without a scheme are https, as Django 6 will assume.
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Where the file-based backend (django.core.mail.backends.filebased) writes messages.
EMAIL_FILE_PATH = os.getenv("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "AMALav <noreply@coopaeris.it>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
COORDINATION_EMAIL = os.getenv("COORDINATION_EMAIL", "coordinamento.amalav@coopaeris.it")
COORDINATION_PHONE = os.getenv("COORDINATION_PHONE", "348 3906759")
# The person journalists reach on the press page (/stampa/).
PRESS_CONTACT_NAME = os.getenv("PRESS_CONTACT_NAME", "Coordinamento AMALav")
PRESS_CONTACT_ROLE = os.getenv("PRESS_CONTACT_ROLE", "Cooperativa Sociale Aeris")
PRESS_CONTACT_PHONE = os.getenv("PRESS_CONTACT_PHONE", COORDINATION_PHONE)
PRESS_CONTACT_EMAIL = os.getenv("PRESS_CONTACT_EMAIL", COORDINATION_EMAIL)

# The outbox: requests queue email in the database, `manage.py jobs` delivers it through
# EMAIL_BACKEND (post_office falls back to it, so tests' locmem backend applies too).
POST_OFFICE = {
    "MAX_RETRIES": envint("EMAIL_MAX_RETRIES", 6),
    # The first retry; each later one waits twice as long as the one before (core/jobs.py).
    "RETRY_INTERVAL": datetime.timedelta(minutes=1),
    "THREADS_PER_PROCESS": 1,
    "BATCH_SIZE": 100,
    "LOG_LEVEL": 2,
}
# Reminders go out this many days before each meeting.
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", 2)
# Seconds `manage.py jobs` sleeps between two rounds.
JOBS_INTERVAL_SECONDS = envint("JOBS_INTERVAL_SECONDS", 10)

# Sign-up requests: abuse limits and how long personal data is kept.
SIGNUP_RATE_LIMIT = envint("SIGNUP_RATE_LIMIT", 5)
SIGNUP_RATE_WINDOW = envint("SIGNUP_RATE_WINDOW_SECONDS", 3600)
SIGNUP_RETENTION_MONTHS = envint("SIGNUP_RETENTION_MONTHS", 24)
# Meetings of a cycle a participant must attend to count as a regular in the funders' report.
REPORT_ATTENDANCE_THRESHOLD = envint("REPORT_ATTENDANCE_THRESHOLD", 12)

# Admin login records (django-axes) kept to spot attacks, then deleted by purge_signups.
ACCESS_LOG_RETENTION_DAYS = envint("ACCESS_LOG_RETENTION_DAYS", 90)
PRIVACY_NOTICE_VERSION = "2026-11"

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        # Our request log replaces Django's, which prints full URLs with query strings.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Our handler, not the plain-text one post_office adds to a logger that has none.
        "post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
