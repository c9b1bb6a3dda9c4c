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
os.environ["DEBUG"] = "false"
# The production default cache is a folder of files: one per test run, so two runs (or
# pytest-xdist's workers) never share it.
os.environ.setdefault("CACHE_DIR", tempfile.mkdtemp(prefix="amalav-tests-cache-"))
