"""The environment the test suite runs in, set before Django reads its settings.

The suite runs the production configuration (DEBUG off), so it needs what a
production server is given; HTTPS redirects are off because the test client
speaks plain HTTP.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SMS_BACKEND", "core.sms.backends.locmem.SmsBackend")
os.environ["DEBUG"] = "false"
