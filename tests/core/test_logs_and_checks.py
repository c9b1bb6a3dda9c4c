"""Logs keep the promise of docs/privacy.md (paths only, no client addresses), and a
production server without a shared cache is told so."""

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from core.checks import shared_cache
from core.logging import JsonFormatter, RefusedInputFilter
from deploy.loopback import free_ports

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_server_error_entry_names_the_path_without_the_query_string(client, caplog):
    client.raise_request_exception = False
    with mock.patch("amalav.views.Group.objects.accepting_signups", side_effect=RuntimeError):
        client.get(reverse("home") + "?email=mario.rossi@example.org")
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelno == logging.ERROR
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request"] == "GET /"
    assert "mario" not in json.dumps(entry)


@pytest.fixture
def server_log():
    """What the handlers of settings.LOGGING write, as an operator reads it."""
    loggers = [logging.getLogger(), logging.getLogger("django.security")]
    handlers = {
        h for logger in loggers for h in logger.handlers if h.name in settings.LOGGING["handlers"]
    }
    stream = io.StringIO()
    previous = {handler: handler.setStream(stream) for handler in handlers}
    yield stream
    for handler, old in previous.items():
        handler.setStream(old)


@pytest.mark.django_db
def test_anonymous_bad_input_is_logged_as_a_warning_with_the_path_only(client, server_log):
    client.raise_request_exception = False
    many = "&".join(f"campo{number}=mario.rossi" for number in range(1200))
    refused = [
        client.get(reverse("groups:list") + "?" + many),
        client.generic(
            "POST", reverse("signups:signup"), many, "application/x-www-form-urlencoded"
        ),
        client.get(reverse("groups:list") + "?q=mario.rossi", HTTP_HOST="scanner.example"),
        client.post(reverse("signups:signup"), {"nome": "Mario"}, HTTP_HOST="scanner.example"),
    ]
    assert [response.status_code for response in refused] == [400] * 4
    lines = [json.loads(line) for line in server_log.getvalue().splitlines()]
    refusals = [line for line in lines if line["logger"].startswith("django.security.")]
    assert [(line["logger"], line["level"], line["request"]) for line in refusals] == [
        ("django.security.TooManyFieldsSent", "WARNING", "GET /gruppi/"),
        ("django.security.TooManyFieldsSent", "WARNING", "POST /aderisci/"),
        ("django.security.DisallowedHost", "WARNING", "GET /gruppi/"),
        ("django.security.DisallowedHost", "WARNING", "POST /aderisci/"),
    ]
    assert [line for line in lines if line["level"] in ("ERROR", "CRITICAL")] == []
    # Neither the input (query, fields, host) nor a traceback quoting it.
    text = json.dumps(refusals)
    assert "mario" not in text and "scanner" not in text and "exception" not in text


def test_refused_input_is_quiet_below_the_configured_level():
    record = logging.makeLogRecord({"name": "django.security.DisallowedHost", "levelno": 40})
    assert RefusedInputFilter("WARNING").filter(record)
    assert not RefusedInputFilter("ERROR").filter(record)


def test_production_without_a_shared_cache_gets_a_warning(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in shared_cache(None)] == ["core.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert shared_cache(None) == []


def wait_for_port(port: int, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def send_from(port: int, source: str, raw: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), 5, (source, 0)) as conn:
        conn.sendall(raw)
        conn.recv(4096)


def wait_for_refusals(log: Path, count: int, seconds: float = 30) -> None:
    # The worker may write its log line after the client has its answer.
    end = time.monotonic() + seconds
    while (text := log.read_text()).count("Invalid request refused") < count:
        if time.monotonic() > end:
            raise AssertionError(f"{count} refusals not logged:\n{text}")
        time.sleep(0.1)


@pytest.mark.subprocess
def test_gunicorn_error_log_has_no_request_line_or_client_address(tmp_path):
    (port,) = free_ports(1)
    environment = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "amalav.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port)
            # Malformed requests from a client address of its own on loopback.
            send_from(
                port, "127.0.0.2", b"GET /?email=mario.rossi@example.org HTTP/1.1 junk\r\n\r\n"
            )
            send_from(
                port, "127.0.0.2", b"GET /?email=mario.rossi@example.org\x00 HTTP/1.1\r\n\r\n"
            )
            wait_for_refusals(log, 2)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert "mario" not in text
    assert "127.0.0.2" not in text
