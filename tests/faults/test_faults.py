"""The app under faults a deployment meets, on its own PostgreSQL and gunicorn.

A throwaway PostgreSQL (initdb in a temporary folder, its own port) and gunicorn in
the production configuration, on loopback only. The database is frozen (SIGSTOP),
then stopped and restarted under a stream of sign-ups; the mail server never
answers. Run with `make faults`; skipped with a reason when PostgreSQL's programs are
missing, except under CI=true, where they must be there.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from deploy.loopback import free_ports
from tests.faults.stack import Postgres

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
APP_PORT, SMTP_PORT = free_ports(2)
# Pages the page cache answers; they must stay up while the database is away.
CACHED_PAGES = ["/", "/gruppi/", "/incontri/", "/rassegna-stampa/", "/documenti/", "/aderisci/"]
# As in production: a request that waited on the mail server would take this long.
EMAIL_TIMEOUT = 10


class MailServer:
    """A mail server on loopback that hangs up at once, or when `silent` never answers."""

    def __init__(self) -> None:
        self.silent = False
        self.listener = socket.create_server(("127.0.0.1", SMTP_PORT), backlog=64)
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while True:
            try:
                conn = self.listener.accept()[0]
            except OSError:
                return
            if self.silent:
                self.held.append(conn)
            else:
                conn.close()

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture(scope="module")
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def app(postgres: Postgres, mail_server: MailServer) -> Iterator[str]:
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "faults-only-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/amalav",
        "REDIS_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        "SIGNUP_RATE_LIMIT": "100000",
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        # One worker: its local page cache is the one warmed before the database freezes.
        "GUNICORN_WORKERS": "1",
        "LOG_LEVEL": "WARNING",
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--no-input"],
        ["load_seed", "--demo"],
        ["collectstatic", "--no-input"],
    ):
        # load_seed --demo runs only in development; everything else as in production.
        run_env = {**environment, "DEBUG": "true"} if "--demo" in command else environment
        subprocess.run([*manage, *command], cwd=ROOT, env=run_env, check=True, capture_output=True)
    log = (postgres.folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "amalav.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        end = time.monotonic() + 60
        while fetch("/healthz")[0] != 200:
            assert time.monotonic() < end, "gunicorn did not start"
            time.sleep(0.3)
        yield f"http://127.0.0.1:{APP_PORT}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def fetch(
    path: str, body: dict | None = None, cookie: str = "", timeout: float = 10
) -> tuple[int, dict[str, str], str]:
    """One request; status 0 when the connection failed or timed out."""
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    try:
        if body is None:
            conn.request("GET", path, headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request("POST", path, urlencode(body), headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    except OSError:
        return 0, {}, ""
    finally:
        conn.close()


def timed(path: str) -> tuple[int, float]:
    started = time.monotonic()
    status = fetch(path)[0]
    return status, time.monotonic() - started


def wait_until_healthy(seconds: float = 60) -> float:
    started = time.monotonic()
    while fetch("/healthz", timeout=3)[0] != 200:
        assert time.monotonic() - started < seconds, "the app did not recover"
        time.sleep(0.1)
    return time.monotonic() - started


@dataclass
class Figures:
    sent: int = 0
    grazie: list[str] = field(default_factory=list)
    outage_forms: int = 0
    other_failures: int = 0
    slowest: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Form:
    """A sign-up form as one person has it open in the browser, with what they typed."""

    number: int
    email: str
    cookie: str
    data: dict[str, str]


def open_form(number: int, give_up: float) -> Form | None:
    email = f"guasto-{number}-{uuid.uuid4().hex[:6]}@example.org"
    while time.monotonic() < give_up:
        status, headers, page = fetch("/aderisci/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        submission = re.search(r'name="submission_token" value="([^"]+)"', page)
        if status == 200 and token and cookie and submission:
            break
        time.sleep(0.2)
    else:
        return None
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "submission_token": submission.group(1),
        "first_name": "Giulia",
        "last_name": f"Prova{number}",
        "email": email,
        "phone": "",
        "town": "Seregno",
        "group": "",
        "work_situation": "disoccupato",
        "message": f"Richiesta numero {number}",
        "heard_from": "",
        "privacy": "on",
        "website": "",
    }
    return Form(number, email, f"csrftoken={cookie.group(1)}", data)


def send(form: Form, figures: Figures, give_up: float) -> None:
    """Sends the form, and again after each failure, until it is accepted."""
    while time.monotonic() < give_up:
        started = time.monotonic()
        status, headers, page = fetch("/aderisci/", form.data, form.cookie)
        elapsed = time.monotonic() - started
        with figures.lock:
            figures.sent += 1
            figures.slowest = max(figures.slowest, elapsed)
            if status == 302 and "/aderisci/grazie/" in headers.get("Location", ""):
                figures.grazie.append(form.email)
                return
            if status == 503 and f"Richiesta numero {form.number}" in page and form.email in page:
                figures.outage_forms += 1
                assert "problema momentaneo" in page and headers.get("Retry-After")
            else:
                figures.other_failures += 1
        time.sleep(0.2)  # the person reads the message and presses again


def sign_up(number: int, figures: Figures, give_up: float) -> None:
    """One person: opens the form, sends it, sends it again until it is accepted."""
    form = open_form(number, give_up)
    if form is not None:
        send(form, figures, give_up)


def stored(postgres: Postgres) -> dict[str, int]:
    conn = postgres.connect()
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT email, count(*) FROM signups_signuprequest "
            "WHERE email LIKE 'guasto-%%' GROUP BY email"
        )
        rows = dict(cursor.fetchall())
    conn.close()
    return rows


def report(capsys, title: str, figures: dict) -> None:
    with capsys.disabled():
        print(f"\n[faults] {title}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))


def test_frozen_database_health_check_fails_fast_and_cached_pages_stay_up(app, postgres, capsys):
    for path in CACHED_PAGES:
        assert fetch(path)[0] == 200, path
    postgres.signal_all(signal.SIGSTOP)
    try:
        status, seconds_to_503 = timed("/healthz")
        assert status == 503
        assert seconds_to_503 < 2
        for path in CACHED_PAGES:
            assert fetch(path, timeout=5)[0] == 200, path
        # Again, now that the worker's connection is gone: a new one must not hang either.
        status, second_503 = timed("/healthz")
        assert status == 503 and second_503 < 2
    finally:
        postgres.signal_all(signal.SIGCONT)
    recovery = wait_until_healthy()
    report(
        capsys,
        "frozen database",
        {
            "seconds_to_503": round(seconds_to_503, 2),
            "second_503": round(second_503, 2),
            "cached_pages_200": len(CACHED_PAGES),
            "seconds_to_recovery": round(recovery, 2),
        },
    )


def test_restart_under_a_stream_of_signups_loses_and_doubles_nothing(app, postgres, capsys):
    figures = Figures()
    stop = threading.Event()
    counter = iter(range(1_000_000))
    give_up = time.monotonic() + 90

    def stream() -> None:
        while not stop.is_set():
            sign_up(next(counter), figures, give_up)

    for path in CACHED_PAGES:  # the form page answers from the cache while the database is away
        fetch(path)
    visitors = [threading.Thread(target=stream) for _ in range(2)]
    for visitor in visitors:
        visitor.start()
    time.sleep(3)
    # People who opened the form before the outage and press "Invia" during it: the
    # stream alone meets the outage only by chance, since each sign-up changes the
    # cached form page and a fresh one needs the database.
    in_hand = [open_form(500_000 + number, give_up) for number in range(3)]
    assert all(in_hand), "the form did not open before the outage"
    postgres.stop()
    late = [threading.Thread(target=send, args=(form, figures, give_up)) for form in in_hand]
    for person in late:
        person.start()
    visitors += late
    time.sleep(4)
    postgres.start()
    restarted = time.monotonic()
    recovery = wait_until_healthy()
    time.sleep(3)
    stop.set()
    for visitor in visitors:
        visitor.join(timeout=120)
    rows = stored(postgres)
    lost = [email for email in figures.grazie if email not in rows]
    doubled = [email for email, count in rows.items() if count > 1]
    report(
        capsys,
        "restart under sign-ups",
        {
            "requests_sent": figures.sent,
            "grazie": len(figures.grazie),
            "forms_back_503": figures.outage_forms,
            "other_failures": figures.other_failures,
            "rows_stored": sum(rows.values()),
            "lost": len(lost),
            "duplicated": len(doubled),
            "seconds_to_recovery": round(recovery, 2),
            "since_restart": round(time.monotonic() - restarted, 1),
        },
    )
    assert figures.outage_forms > 0, "no sign-up met the outage"
    assert lost == [] and doubled == []
    assert len(figures.grazie) == sum(rows.values())


def test_signups_answer_fast_when_the_mail_server_never_answers(app, postgres, mail_server, capsys):
    figures = Figures()
    give_up = time.monotonic() + 60
    mail_server.silent = True
    try:
        for number in range(5):
            sign_up(2_000_000 + number, figures, give_up)
    finally:
        mail_server.silent = False
    report(
        capsys,
        "silent mail server",
        {"signups": len(figures.grazie), "slowest_seconds": round(figures.slowest, 2)},
    )
    assert len(figures.grazie) == 5
    # The outbox keeps the mail server out of every request: one that waited on it would
    # take EMAIL_TIMEOUT, ten seconds.
    assert figures.slowest < EMAIL_TIMEOUT / 2
