import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.forms import STAFF_PASSWORD
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_security_headers_are_on_every_response(client):
    response = client.get(reverse("home"), secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_form_cookie_is_secure_and_http_only(client):
    response = client.get(reverse("signups:signup"), secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_public_pages_have_no_inline_script_or_style(client, db):
    from django.core.management import call_command

    call_command("load_seed", stdout=open(os.devnull, "w"))  # noqa: SIM115
    for name, args, _texts in PUBLIC_PAGES:
        page = client.get(reverse(name, args=args)).content.decode()
        # Data (JSON-LD), or our own file with nothing inline: the CSP allows no other.
        scripts = re.findall(r"<script[^>]*>(?:</script>)?", page)
        assert all(
            'type="application/ld+json"' in tag
            or re.fullmatch(r'<script src="/static/[^"]+\.js" defer></script>', tag)
            for tag in scripts
        ), name
        assert " style=" not in page and "<style" not in page, name
        assert " onclick=" not in page and "javascript:" not in page, name


def test_admin_login_locks_out_after_repeated_failures(client, capo, settings):
    url = reverse("admin:login")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(url, {"username": "capo", "password": "sbagliata"})
    locked = client.post(url, {"username": "capo", "password": STAFF_PASSWORD})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_admin_login_works_with_the_right_password(client, capo):
    response = client.post(reverse("admin:login"), {"username": "capo", "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.subprocess
def test_deploy_checks_pass_with_production_settings():
    # The production environment: none of the test run's relaxations.
    relaxed = ("SECURE_SSL_REDIRECT", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in relaxed}
    env.update(
        DEBUG="false",
        SECRET_KEY="a-very-long-production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="amalav.example",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_request_log_has_no_query_string_or_personal_data(client, caplog):
    client.get(reverse("press:list") + "?q=mario.rossi@example.org")
    record = next(r for r in caplog.records if r.name == "amalav.requests")
    assert record.path == "/rassegna-stampa/"
    assert "mario" not in caplog.text
