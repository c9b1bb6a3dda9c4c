"""Email and text messages through the outbox, the jobs that send them, and how long
personal data is kept."""

import os

from .base import BASE_DIR, DEBUG, envbool, envint

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
