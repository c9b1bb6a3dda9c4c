"""What every part of the settings reads: the environment helpers, the apps, the
request pipeline, languages, static and uploaded files."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


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
