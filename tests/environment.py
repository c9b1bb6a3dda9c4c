"""The environment the test suite runs in, set before Django reads its settings.

The suite runs the production configuration (DEBUG off), so it needs what a
production server is given; HTTPS redirects are off because the test client
speaks plain HTTP.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SMS_BACKEND", "core.sms.backends.locmem.SmsBackend")
os.environ["DEBUG"] = "false"
# Playwright's sync API keeps an event loop running in the main thread of the pytest-xdist
# worker that ran a browser test: Django would then refuse every later test's ORM call in
# that worker ("You cannot call this from an async context"). The portal runs under WSGI,
# with no event loop of its own; the tests that start servers remove the variable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The suite runs many requests in one process, in threads of its own, on a machine that
# may be loaded: the 2 s public deadline and the per-thread slots of gunicorn's workers
# are the fault suite's to test (tests/faults), with gunicorn itself.
os.environ.setdefault("PUBLIC_DB_SECONDS", "30")
os.environ.setdefault("REQUEST_SLOTS", "1000")
# The production default cache is a folder of files: one per test process, so two runs,
# or pytest-xdist's workers (which inherit the environment of the run that started
# them), never share it.
if os.environ.get("AMALAV_TESTS_CACHE_PID") != str(os.getpid()):
    os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="amalav-tests-cache-")
    os.environ["AMALAV_TESTS_CACHE_PID"] = str(os.getpid())
