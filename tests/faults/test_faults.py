"""The app under faults a deployment meets, on its own PostgreSQL and gunicorn.

A throwaway PostgreSQL (initdb in a temporary folder, its own port) and gunicorn in
the production configuration, on loopback only. The database is frozen (SIGSTOP),
also under a burst of searches, stopped just after a sign-up, and stopped and
restarted under a stream of sign-ups; the mail server never answers; a Redis of the
suite's own is stopped under traffic. Run with `make faults`; skipped with a reason
when PostgreSQL's programs are missing, except under CI=true, where they must be there.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
APP_PORT, SMTP_PORT, REDIS_APP_PORT, REDIS_PORT = free_ports(4)
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


def app_environment(postgres: Postgres, **overrides: str) -> dict[str, str]:
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "faults-only-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/amalav",
        "REDIS_URL": "",
        # The default production cache: files every worker shares, beside the database.
        "CACHE_DIR": str(postgres.folder / "cache"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        "SIGNUP_RATE_LIMIT": "100000",
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        # One worker: its local page cache is the one warmed before the database freezes.
        "GUNICORN_WORKERS": "1",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }
    # Production's deadline and slots, not the in-process suite's (tests/environment.py).
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "PUBLIC_DB_SECONDS", "REQUEST_SLOTS"):
        environment.pop(name, None)
    return environment


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], log_path: Path, port: int) -> Iterator[None]:
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "amalav.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        end = time.monotonic() + 60
        while fetch("/healthz", port=port)[0] != 200:
            assert time.monotonic() < end, "gunicorn did not start"
            time.sleep(0.3)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def app(postgres: Postgres, mail_server: MailServer) -> Iterator[str]:
    environment = app_environment(postgres)
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--no-input"],
        ["load_seed", "--demo"],
        ["collectstatic", "--no-input"],
    ):
        # load_seed --demo runs only in development; everything else as in production.
        run_env = {**environment, "DEBUG": "true"} if "--demo" in command else environment
        subprocess.run([*manage, *command], cwd=ROOT, env=run_env, check=True, capture_output=True)
    with gunicorn(environment, postgres.folder / "gunicorn.log", APP_PORT):
        yield f"http://127.0.0.1:{APP_PORT}"


def fetch(
    path: str,
    body: dict | None = None,
    cookie: str = "",
    timeout: float = 10,
    port: int = APP_PORT,
) -> tuple[int, dict[str, str], str]:
    """One request; status 0 when the connection failed or timed out."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
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
    # stream alone meets the outage only by chance.
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


def search_url(number: int) -> str:
    # A search nobody made before: no page or piece of it is cached.
    return "/rassegna-stampa/?" + urlencode({"q": f"lavoro ricerca{number}{uuid.uuid4().hex[:8]}"})


def test_frozen_database_under_uncached_searches_health_and_cached_pages_answer(
    app, postgres, capsys
):
    for path in CACHED_PAGES:
        assert fetch(path)[0] == 200, path
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def search(number: int) -> None:
        status, _headers, page = fetch(search_url(number), timeout=30)
        with lock:
            answers.append((status, page))

    postgres.signal_all(signal.SIGSTOP)
    try:
        searches = [threading.Thread(target=search, args=(n,)) for n in range(10)]
        for thread in searches:
            thread.start()
        status, health_seconds = timed("/healthz")
        cached = {path: fetch(path, timeout=5)[0] for path in CACHED_PAGES}
        for thread in searches:
            thread.join(timeout=60)
    finally:
        postgres.signal_all(signal.SIGCONT)
    recovery = wait_until_healthy()
    statuses = sorted(status for status, _page in answers)
    report(
        capsys,
        "frozen database under 10 uncached searches",
        {
            "healthz_status": status,
            "healthz_seconds": round(health_seconds, 2),
            "cached_pages_200": sum(code == 200 for code in cached.values()),
            "search_statuses": statuses,
            "seconds_to_recovery": round(recovery, 2),
        },
    )
    assert status == 503 and health_seconds < 2
    assert cached == dict.fromkeys(CACHED_PAGES, 200)
    assert len(answers) == 10 and 500 not in statuses
    for code, page in answers:
        # The searches that could not finish get the site's page in Italian, not gunicorn's.
        assert code == 200 or (code == 503 and "problema momentaneo" in page), code


def test_a_signup_just_before_a_database_stop_leaves_every_cached_page_up(app, postgres, capsys):
    for path in CACHED_PAGES:
        assert fetch(path)[0] == 200, path
    figures = Figures()
    sign_up(3_000_000, figures, time.monotonic() + 30)
    assert len(figures.grazie) == 1
    postgres.stop()
    try:
        answered = {path: fetch(path, timeout=5)[0] for path in CACHED_PAGES}
    finally:
        postgres.start()
    recovery = wait_until_healthy()
    report(
        capsys,
        "sign-up, then database stopped",
        {
            "cached_pages_200": sum(code == 200 for code in answered.values()),
            "seconds_to_recovery": round(recovery, 2),
        },
    )
    assert answered == dict.fromkeys(CACHED_PAGES, 200)


class Redis:
    """A redis-server of the suite's own, on its own port, keeping nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=self.folder)
        end = time.monotonic() + 30
        while not self.answers():
            assert time.monotonic() < end, "redis-server did not start"
            time.sleep(0.05)

    def answers(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as conn,
        ):
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
        return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture(scope="module")
def redis_app(app, postgres: Postgres) -> Iterator[Redis]:
    """A second gunicorn on the same database, with the suite's own Redis as its cache."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing under CI=true")
        pytest.skip("redis-server is not installed")
    folder = Path(tempfile.mkdtemp(prefix="amalav-faults-redis-"))
    redis = Redis(folder)
    redis.start()
    environment = app_environment(
        postgres,
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        GUNICORN_BIND=f"127.0.0.1:{REDIS_APP_PORT}",
        GUNICORN_WORKERS="2",
        # This case is about the cache: with Redis away every page renders from the
        # database, and on a loaded machine one render may pass the 2 s public deadline
        # (the frozen-database cases test that deadline).
        PUBLIC_DB_SECONDS="10",
    )
    try:
        with gunicorn(environment, folder / "gunicorn.log", REDIS_APP_PORT):
            yield redis
    finally:
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


def cache_state() -> tuple[int, str]:
    status, _headers, body = fetch("/healthz", port=REDIS_APP_PORT, timeout=5)
    state = re.search(r'"cache": "(\w+)"', body)
    return status, state.group(1) if state else ""


def test_redis_stopped_under_traffic_no_page_fails(redis_app, capsys):
    paths = [*(p for p in CACHED_PAGES if p != "/aderisci/"), "/stampa/", "/privacy/"]
    statuses: dict[int, int] = {}
    stored_forms: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    anonymous = []

    def count(status: int, page: str) -> None:
        statuses[status] = statuses.get(status, 0) + 1
        if status >= 500 and "problema momentaneo" not in page:
            anonymous.append(status)  # gunicorn's bare error, not the site's page

    def visitor(number: int) -> None:
        for round_number in range(10_000):  # bounded; stopped by the event long before
            if stop.is_set():
                return
            for path in [*paths, search_url(number * 10_000 + round_number)]:
                status, _headers, page = fetch(path, port=REDIS_APP_PORT, timeout=10)
                with lock:
                    count(status, page)

    def signups() -> None:
        for number in range(4_000_000, 4_000_050):
            if stop.is_set():
                return
            status, headers, page = fetch("/aderisci/", port=REDIS_APP_PORT)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
            submission = re.search(r'name="submission_token" value="([^"]+)"', page)
            with lock:
                count(status, page)
            if not (token and cookie and submission):
                continue
            form = open_form_data(number, token.group(1), submission.group(1))
            status, headers, page = fetch(
                "/aderisci/", form, f"csrftoken={cookie.group(1)}", port=REDIS_APP_PORT
            )
            with lock:
                count(status, page)
                if status == 302:
                    stored_forms.append(form["email"])

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(3)]
    threads.append(threading.Thread(target=signups))
    assert cache_state() == (200, "ok")
    for thread in threads:
        thread.start()
    while sum(statuses.values()) < 30:  # traffic is flowing through Redis
        time.sleep(0.05)
    redis_app.stop()
    stopped = time.monotonic()
    end = stopped + 20
    while cache_state() != (200, "down"):
        assert time.monotonic() < end, "/healthz never reported the cache down"
        time.sleep(0.1)
    reported_down = time.monotonic() - stopped
    during = sum(statuses.values())
    while sum(statuses.values()) < during + 60:  # traffic served without Redis
        time.sleep(0.05)
    redis_app.start()
    restarted = time.monotonic()
    while cache_state() != (200, "ok"):
        assert time.monotonic() - restarted < 20, "the cache did not come back"
        time.sleep(0.1)
    recovered = time.monotonic() - restarted
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    report(
        capsys,
        "redis stopped under traffic",
        {
            "statuses": dict(sorted(statuses.items())),
            "signups_stored": len(stored_forms),
            "seconds_to_down_in_healthz": round(reported_down, 2),
            "seconds_to_cache_back": round(recovered, 2),
        },
    )
    # Not one server error nor a dropped connection; a rare Italian 503 (a database slot
    # not free within 50 ms on a loaded machine, the form given back) is the site at work.
    assert 500 not in statuses and 0 not in statuses and anonymous == [], statuses
    assert statuses.get(503, 0) <= 2, statuses
    assert stored_forms


def open_form_data(number: int, csrf: str, submission: str) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": csrf,
        "submission_token": submission,
        "first_name": "Paolo",
        "last_name": f"Cache{number}",
        "email": f"redis-{number}-{uuid.uuid4().hex[:6]}@example.org",
        "phone": "",
        "town": "Lissone",
        "group": "",
        "work_situation": "disoccupato",
        "message": "",
        "heard_from": "",
        "privacy": "on",
        "website": "",
    }
