"""deploy/nginx.conf as shipped, with only its "deployment:" lines set for loopback.

One nginx and one gunicorn (SQLite, the seed content, DEBUG off) for the whole module,
on ports the system picks.
"""

import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from deploy.loopback import brotli_modules, free_ports, loopback_conf, main_conf
from tests.deploy.conftest import NGINX

ROOT = Path(settings.BASE_DIR)
GROUP_PAGE = "/gruppi/cesano-maderno/"


def wait_for(port: int, path: str = "/healthz", deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            if request(port, path)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


def request(port: int, path: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def stack():
    folder = Path(tempfile.mkdtemp(prefix="amalav-nginx-"))
    app_port, port, redirect_port = free_ports(3)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "nginx-test-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        ["load_seed", "--demo"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            # load_seed --demo runs only in development; everything else as in production.
            env={**env, "DEBUG": "true"} if "--demo" in command else env,
            check=True,
            capture_output=True,
        )
    site = folder / "amalav.conf"
    site.write_text(loopback_conf(app_port, port, redirect_port, folder, ROOT / "staticfiles"))
    (folder / "nginx.conf").write_text(main_conf(folder, site))
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "amalav.wsgi"],
        cwd=ROOT,
        env=env,
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", folder, "-e", folder / "error.log", "-c", folder / "nginx.conf"]
    )
    try:
        wait_for(app_port)
        wait_for(port)
        yield {"port": port, "gunicorn": gunicorn}
    finally:
        for process in (nginx, gunicorn):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("path", [GROUP_PAGE, "/incontri.ics", "/rassegna-stampa/feed/"])
def test_second_request_for_a_public_page_is_a_cache_hit(stack, path):
    first = request(stack["port"], path)
    second = request(stack["port"], path)
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] in ("MISS", "HIT")
    assert second[1]["X-Cache-Status"] == "HIT"
    assert second[2] == first[2]


def test_two_visitors_of_the_signup_form_get_their_own_csrf_cookie(stack):
    cookies = []
    for _visitor in range(2):
        status, headers, _body = request(stack["port"], "/aderisci/")
        assert status == 200
        assert headers.get("X-Cache-Status") in (None, "")
        cookies.append(headers["Set-Cookie"].split(";")[0])
    assert cookies[0].startswith("csrftoken=") and cookies[0] != cookies[1]


def test_the_admin_is_never_cached(stack):
    for _attempt in range(2):
        status, headers, _body = request(stack["port"], "/admin/login/")
        assert status == 200
        assert headers.get("X-Cache-Status") in (None, "")


def test_a_staff_members_request_neither_reads_nor_fills_the_cache(stack):
    _status, headers, _body = request(
        stack["port"], "/documenti/", headers={"Cookie": "sessionid=abc"}
    )
    assert headers["X-Cache-Status"] == "BYPASS"
    assert request(stack["port"], "/documenti/")[1]["X-Cache-Status"] == "MISS"


def test_pages_and_feeds_arrive_compressed_and_static_files_are_kept_a_year(stack):
    for path in ("/incontri/", "/incontri.ics", "/rassegna-stampa/feed/"):
        _status, headers, _body = request(stack["port"], path, headers={"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip", path
    home = request(stack["port"], "/")[2].decode()
    css = home.split('href="/static/', 1)[1].split('"', 1)[0]
    status, headers, _body = request(stack["port"], f"/static/{css}")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]


def test_pages_feeds_and_calendars_arrive_as_brotli_when_the_browser_takes_it(stack):
    if not brotli_modules():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must test brotli: apt-get install libnginx-mod-http-brotli-filter")
        pytest.skip("nginx's brotli modules are not installed (libnginx-mod-http-brotli-*)")
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    for path in ("/", "/incontri/", "/incontri.ics", "/rassegna-stampa/feed/"):
        plain = request(stack["port"], path)[2]
        _status, headers, body = request(stack["port"], path, headers=browser)
        assert headers["Content-Encoding"] == "br", path
        assert len(body) < len(plain) / 2, path
    home = request(stack["port"], "/")[2].decode()
    css = home.split('href="/static/', 1)[1].split('"', 1)[0]
    _status, headers, body = request(stack["port"], f"/static/{css}", headers=browser)
    assert headers["Content-Encoding"] == "br"


# Last: it stops the app.
def test_cached_public_pages_still_answer_with_the_app_stopped(stack):
    for path in ("/", GROUP_PAGE, "/rassegna-stampa/"):
        request(stack["port"], path)
    stack["gunicorn"].send_signal(signal.SIGTERM)
    stack["gunicorn"].wait(timeout=30)
    for path in ("/", GROUP_PAGE, "/rassegna-stampa/"):
        assert request(stack["port"], path)[0] == 200, path
    # Nothing stored for the sign-up form: without the app nginx says so.
    assert request(stack["port"], "/aderisci/")[0] == 502
