"""Logs keep the promise of docs/privacy.md (paths only, no client addresses), and a
production server without a shared cache is told so."""

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
from django.urls import reverse

from core.checks import shared_cache
from core.logging import JsonFormatter
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
