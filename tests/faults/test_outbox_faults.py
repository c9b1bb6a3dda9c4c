"""The outbox under faults, against a real mail server (aiosmtpd on loopback) and the
suite's own PostgreSQL: a worker killed mid-batch, a slow mail server, a refused
mailbox, a frozen database, and the password page while the mail server is silent.

Every wait is on an event (a delivery recorded, a row's status, a port answering),
with a deadline; nothing sleeps for a guessed time.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest

from tests.faults.stack import ROOT, Postgres

pytestmark = pytest.mark.faults

CLAIM_SECONDS = 6


@pytest.fixture(scope="module")
def database(postgres: Postgres) -> Iterator[dict[str, str]]:
    """A migrated database of this module's own, and the environment of its processes."""
    conn = postgres.connect_to("postgres")
    conn.autocommit = True
    conn.cursor().execute("CREATE DATABASE outbox")
    conn.close()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "faults-only-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/outbox",
        "REDIS_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_TIMEOUT": "1",
        "JOBS_INTERVAL_SECONDS": "1",
        "OUTBOX_CLAIM_SECONDS": str(CLAIM_SECONDS),
        "DB_CONNECT_TIMEOUT_SECONDS": "2",
        "DB_STATEMENT_TIMEOUT_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage(environment, "migrate", "--no-input")
    yield environment


def manage(environment: dict[str, str], *command: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


def queue(environment: dict[str, str], count: int, prefix: str) -> None:
    """`count` invitations in the outbox, as the site queues them."""
    manage(
        environment,
        "shell",
        "-c",
        "from core import emails\n"
        f"for n in range({count}):\n"
        f"    to = f'{prefix}{{n}}@example.org'\n"
        "    emails.queue('coordinator-invitation', to, {'link': 'x'})",
    )


def rows(postgres: Postgres, sql: str) -> list[tuple]:
    conn = postgres.connect_to("outbox")
    with conn.cursor() as cursor:
        cursor.execute(sql)
        found = cursor.fetchall()
    conn.close()
    return found


@pytest.fixture
def outbox(database, mailbox, postgres):
    """An empty outbox whose worker talks to the recording mail server."""
    recorder, port = mailbox
    recorder.reset()
    rows_deleted = postgres.connect_to("outbox")
    rows_deleted.autocommit = True
    rows_deleted.cursor().execute("DELETE FROM core_message; DELETE FROM core_jobrun")
    rows_deleted.close()
    environment = {**database, "EMAIL_PORT": str(port)}
    workers: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "jobs"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        workers.append(worker)
        return worker

    yield environment, recorder, start_worker
    for worker in workers:
        with contextlib.suppress(ProcessLookupError):
            worker.kill()
        worker.wait(timeout=30)


def statuses(postgres: Postgres) -> dict[str, int]:
    return dict(rows(postgres, "SELECT status, count(*) FROM core_message GROUP BY status"))


def report(capsys, title: str, figures: dict) -> None:
    with capsys.disabled():
        print(f"\n[faults] {title}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))


def test_a_worker_killed_mid_batch_sends_nothing_twice_but_the_one_in_flight(
    outbox,
    postgres,
    capsys,
):
    environment, recorder, start_worker = outbox
    queue(environment, 30, "kill")
    recorder.delay = 0.2
    first = start_worker()
    assert recorder.wait_for(lambda: recorder.distinct() >= 10, 60), "nothing was sent"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed = time.monotonic()
    start_worker()
    assert recorder.wait_for(lambda: recorder.distinct() == 30, CLAIM_SECONDS + 60)
    finished = time.monotonic() - killed
    report(
        capsys,
        "worker killed mid-batch",
        {
            "delivered": len(recorder.received),
            "distinct": recorder.distinct(),
            "duplicates": recorder.duplicates(),
            "seconds_after_kill": round(finished, 1),
        },
    )
    assert recorder.duplicates() <= 1  # at most the message in flight when it died
    assert finished < 120
    deadline = time.monotonic() + 30
    while statuses(postgres) != {"inviato": 30}:
        assert time.monotonic() < deadline, statuses(postgres)
        time.sleep(0.2)


def test_a_slow_mail_server_gets_each_message_once_and_none_is_called_failed(
    outbox,
    postgres,
    capsys,
):
    environment, recorder, start_worker = outbox
    # As in production: a send may take several answers of the server, each up to
    # EMAIL_TIMEOUT, and the claim outlasts them; a round ends every 3 s meanwhile.
    environment.update(EMAIL_TIMEOUT="5", OUTBOX_CLAIM_SECONDS="30", OUTBOX_ROUND_SECONDS="3")
    queue(environment, 8, "slow")
    recorder.delay = 2
    start_worker()
    started = time.monotonic()
    assert recorder.wait_for(lambda: recorder.distinct() == 8, 90)
    report(
        capsys,
        "mail server answering in 2 s",
        {
            "delivered": len(recorder.received),
            "duplicates": recorder.duplicates(),
            "seconds": round(time.monotonic() - started, 1),
        },
    )
    assert recorder.duplicates() == 0
    tried_again = rows(postgres, "SELECT count(*) FROM core_message WHERE error <> ''")
    assert tried_again == [(0,)]
    assert rows(postgres, "SELECT max(attempts) FROM core_message") == [(1,)]


def test_a_mailbox_that_does_not_exist_is_final_after_one_attempt(
    outbox,
    postgres,
):
    environment, recorder, start_worker = outbox
    recorder.refused = {"refused0@example.org"}
    queue(environment, 1, "refused")
    queue(environment, 1, "fine")
    start_worker()
    assert recorder.wait_for(lambda: recorder.distinct() == 1, 60)
    deadline = time.monotonic() + 30
    while rows(postgres, "SELECT status FROM core_message WHERE \"to\" LIKE 'refused%%'") != [
        ("non_inviato",)
    ]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    ((attempts, explanation),) = rows(
        postgres, "SELECT attempts, explanation FROM core_message WHERE \"to\" LIKE 'refused%%'"
    )
    assert attempts == 1
    assert explanation.startswith("Indirizzo inesistente")


def test_the_worker_outlives_a_frozen_database_and_sends_what_comes_after(
    outbox,
    postgres,
    capsys,
):
    environment, recorder, start_worker = outbox
    worker = start_worker()
    queue(environment, 2, "before")
    assert recorder.wait_for(lambda: recorder.distinct() == 2, 60)
    postgres.signal_all(signal.SIGSTOP)
    try:
        # Rounds meet the frozen database until its timeouts give up on them, twice over.
        frozen_until = time.monotonic() + 3 * 2 + 2
        while time.monotonic() < frozen_until:
            assert worker.poll() is None, "the worker died with the database frozen"
            time.sleep(0.5)
    finally:
        postgres.signal_all(signal.SIGCONT)
    queue(environment, 5, "after")
    assert recorder.wait_for(lambda: recorder.distinct() == 7, 90)
    assert worker.poll() is None
    report(capsys, "frozen database", {"worker_alive": True, "sent_after": 5})
