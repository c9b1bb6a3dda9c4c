"""gunicorn's own configuration (gunicorn.conf.py) against a real gunicorn on loopback."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_SECONDS = 2
# Far beyond the read deadline: only the deadline can free the worker within a test.
WORKER_TIMEOUT = 120
WAIT_SECONDS = 30


def listening_port(log: Path, server: subprocess.Popen) -> int:
    """The port the system gave gunicorn (bound to port 0), from its start-up line."""
    end = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < end and server.poll() is None:
        match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if match:
            return int(match[1])
        time.sleep(0.05)
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory) -> Iterator[dict]:
    """One sync worker, as in production but for its number: one slow client holds it."""
    folder = tmp_path_factory.mktemp("gunicorn")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "amalav.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        # gunicorn.conf.py does not read DEBUG; on, the error pages need no collectstatic,
        # which takes a minute.
        "DEBUG": "true",
        "SECRET_KEY": "gunicorn-test-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": "127.0.0.1:0",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_TIMEOUT": str(WORKER_TIMEOUT),
        "GUNICORN_REQUEST_READ_SECONDS": str(READ_SECONDS),
        "LOG_LEVEL": "INFO",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "amalav.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield {"port": listening_port(log, server), "log": log}
        finally:
            server.terminate()
            server.wait(timeout=WAIT_SECONDS)


def healthz(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_SECONDS)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


def trickle(start: bytes, port: int) -> bytes:
    """Sends `start`, then a byte at a time as a slow client would; returns the answer.

    The bytes keep coming faster than any per-read timeout: only a deadline on the whole
    request ends it. An empty answer means gunicorn closed the connection.
    """
    stop = threading.Event()
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT_SECONDS) as conn:
        conn.sendall(start)

        def send_slowly() -> None:
            while not stop.wait(0.2):
                try:
                    conn.send(b"a")
                except OSError:
                    return

        sender = threading.Thread(target=send_slowly)
        sender.start()
        try:
            return conn.recv(64)
        except ConnectionResetError:
            return b""
        finally:
            stop.set()
            sender.join()


def error_lines(log: Path) -> list[str]:
    lines = log.read_text().splitlines()
    return [line for line in lines if "[ERROR]" in line or '"level": "ERROR"' in line]


def test_a_body_sent_a_byte_at_a_time_is_cut_off_and_healthz_answers(gunicorn):
    start = (
        b"POST /aderisci/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        b"first_name="
    )
    answer = trickle(start, gunicorn["port"])
    assert answer.startswith(b"HTTP/1.1 400 "), answer
    assert healthz(gunicorn["port"]) == 200
    assert error_lines(gunicorn["log"]) == []


def test_headers_sent_a_byte_at_a_time_are_cut_off_and_healthz_answers(gunicorn):
    assert trickle(b"GET /healthz HTTP/1.1\r\nX-Slow: ", gunicorn["port"]) == b""
    assert healthz(gunicorn["port"]) == 200
    assert error_lines(gunicorn["log"]) == []
    lines = [
        json.loads(line) for line in gunicorn["log"].read_text().splitlines() if line[:1] == "{"
    ]
    assert {line["path"] for line in lines} == {"/aderisci/", "/healthz"}
