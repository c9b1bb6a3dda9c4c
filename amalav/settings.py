"""Settings for the AMALav portal, read from environment variables only.

Development defaults are safe; with DEBUG off the portal refuses to start
without SECRET_KEY and ALLOWED_HOSTS so a misconfigured server never runs.
"""

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
    # Its index expressions (the admin's trigram search); inert on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "core.admin_apps.AxesConfig",
    "django_prose_editor",
    "phonenumber_field",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "amalav",
    "core",
    # Staff accounts: the second factor, sessions that end, the record of access.
    "accounts",
    # In the order they import one another: each app sees only those above it.
    "groups",
    "meetings",
    "signups",
    "press",
]

# Phone numbers are stored in E.164; typed without a country code, they are Italian.
PHONENUMBER_DEFAULT_REGION = "IT"
PHONENUMBER_DB_FORMAT = "E164"

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    # Before anything reads the body or the query: refused input never reaches a view.
    "core.middleware.RequestBodyLimitMiddleware",
    "core.middleware.RejectForeignCharsetMiddleware",
    "core.middleware.RejectNulMiddleware",
    # Answers cached public pages before anything below runs (see core/cache.py).
    "core.cache.PageCacheMiddleware",
    # Past the page cache, every request works on the database: a free thread stays
    # for /healthz and cached pages, and public pages give up within 2 s.
    "core.middleware.RequestSlotsMiddleware",
    "core.middleware.PublicDatabaseDeadlineMiddleware",
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
# Public pages give up on the database sooner than the admin (core.middleware).
PUBLIC_DB_SECONDS = float(os.getenv("PUBLIC_DB_SECONDS", "2"))
# Each gunicorn worker's threads (gunicorn.conf.py); all but one may wait on the database.
REQUEST_SLOTS = envint("REQUEST_SLOTS", max(1, envint("GUNICORN_THREADS", 8) - 1))
# How long people are asked to wait when the database is away.
OUTAGE_RETRY_SECONDS = 120
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every worker shares (docs/cache.md). With REDIS_URL: one Redis for every app
# instance; each call gives up within CACHE_TIMEOUT_SECONDS and the site fails open.
# Without it: a file cache every worker of this machine shares, which outlives a database
# outage; a per-process memory cache only with DEBUG.
REDIS_URL = os.getenv("REDIS_URL", "")
CACHE_DIR = Path(os.getenv("CACHE_DIR", str(BASE_DIR / ".cache" / "pages")))
CACHE_TIMEOUT_SECONDS = float(os.getenv("CACHE_TIMEOUT_SECONDS", "0.1"))
# After Redis fails, each process serves without it this long before trying again.
CACHE_RETRY_SECONDS = float(os.getenv("CACHE_RETRY_SECONDS", "1"))
if REDIS_URL:
    DEFAULT_CACHE = {"BACKEND": "core.cache.SharedRedisCache", "LOCATION": REDIS_URL}
elif DEBUG:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
else:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 5000)},
    }
CACHES = {
    "default": DEFAULT_CACHE,
    # Where counters (the sign-up rate limit) go while the default cache is away.
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "core_cache_fallback",
    },
}
# The release in every kept piece's key: the commit when the deployment names it, else a
# digest of the code, templates and translations (core.cache.release).
RELEASE_ID = os.getenv("RELEASE_ID", "")

# Off only to measure pages rendered fresh (make bench); DEBUG turns the page cache off too.
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", "true")
# With a cache outside the process (Redis, files), how long each process trusts the
# versions it last read and serves its own copy of a page without asking: a coordinator's
# change reaches every worker within this many seconds (0: ask on every request).
PAGE_CACHE_NEAR_SECONDS = float(os.getenv("PAGE_CACHE_NEAR_SECONDS", "0.5"))

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
# A photo of 40 megapixels (8000 x 5000) is larger than any camera's: beyond that, an
# upload is refused before it is decoded (a decompression bomb needs only a few MB).
PRESS_IMAGE_MAX_PIXELS = envint("PRESS_IMAGE_MAX_MEGAPIXELS", 40) * 1_000_000
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

# The outbox (core/outbox.py): requests and jobs write messages to the database, and
# `manage.py jobs` sends them through EMAIL_BACKEND and SMS_BACKEND. A message a server
# refuses for now is tried again after 1, 2, 4... minutes, this many times.
EMAIL_MAX_RETRIES = envint("EMAIL_MAX_RETRIES", 6)
# A worker that dies holding a message frees it after this many seconds; each round of
# the worker takes new messages for at most OUTBOX_ROUND_SECONDS, then runs the other jobs.
OUTBOX_CLAIM_SECONDS = envint("OUTBOX_CLAIM_SECONDS", 60)
OUTBOX_ROUND_SECONDS = envint("OUTBOX_ROUND_SECONDS", 30)
# Text messages (core/sms/, docs/sms.md): the outbox sends them through SMS_BACKEND as it
# sends email through EMAIL_BACKEND; Brevo in production, the console in development.
SMS_BACKEND = os.getenv(
    "SMS_BACKEND",
    "core.sms.backends.console.SmsBackend" if DEBUG else "core.sms.backends.brevo.SmsBackend",
)
# Where the file-based backend (core.sms.backends.filebased) writes messages.
SMS_FILE_PATH = os.getenv("SMS_FILE_PATH", str(BASE_DIR / "sent-sms"))
# The name phones show: an alias registered with AGCOM through the provider (docs/sms.md).
SMS_SENDER = os.getenv("SMS_SENDER", "AMALav")
# Each segment is paid for: a text that needs more is refused (PermanentSmsError).
SMS_MAX_SEGMENTS = envint("SMS_MAX_SEGMENTS", 2)
# Seconds to wait for the provider before the message counts as not sent (and is retried).
SMS_TIMEOUT = float(os.getenv("SMS_TIMEOUT_SECONDS", "10"))
BREVO_API_KEY = os.getenv("BREVO_API_KEY", "")
# Empty: Brevo's own address; the tests point it at a local fake of Brevo's API.
BREVO_API_URL = os.getenv("BREVO_API_URL", "")
# Reminders go out this many days before each meeting.
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", 2)
# The cycle's survey goes out this many days before its last meeting, and again this many
# months after it; its link works this many days.
SURVEY_DAYS_BEFORE_LAST_MEETING = envint("SURVEY_DAYS_BEFORE_LAST_MEETING", 7)
SURVEY_FOLLOW_UP_MONTHS = envint("SURVEY_FOLLOW_UP_MONTHS", 3)
SURVEY_LINK_DAYS = envint("SURVEY_LINK_DAYS", 60)
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

LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "filters": {
        "refused_input": {"()": "core.logging.RefusedInputFilter", "level": LOG_LEVEL},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "refusals": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["refused_input"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # A bad Host header, too many fields...: the client's fault, logged as a WARNING.
        "django.security": {"handlers": ["refusals"], "propagate": False},
        # Our request log replaces Django's, which prints full URLs with query strings.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
