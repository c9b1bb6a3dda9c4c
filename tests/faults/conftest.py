"""The fault suite's own PostgreSQL: each module that asks gets a server of its own."""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from deploy.loopback import free_ports
from tests.faults.stack import Postgres, Recorder, postgres_programs


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    programs = postgres_programs()
    if programs is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL's programs (initdb, pg_ctl) are missing under CI=true")
        pytest.skip("PostgreSQL's programs are not installed (/usr/lib/postgresql/*/bin)")
    folder = Path(tempfile.mkdtemp(prefix="amalav-faults-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    server = Postgres(programs, folder, as_user, port=free_ports(1)[0])
    initdb = [str(programs / "initdb"), "-D", str(server.data), "-U", "postgres", "-A", "trust"]
    subprocess.run([*as_user, *initdb, "-E", "UTF8"], check=True, capture_output=True)
    server.start()
    try:
        admin = server.connect_to("postgres")
        admin.autocommit = True
        admin.cursor().execute("CREATE DATABASE amalav")
        admin.close()
        yield server
    finally:
        with contextlib.suppress(OSError, ValueError):
            server.signal_all(signal.SIGCONT)
        subprocess.run(
            [*as_user, str(programs / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Recorder, int]]:
    """A real mail server on loopback (aiosmtpd) recording what it receives."""
    recorder = Recorder()
    (port,) = free_ports(1)
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield recorder, port
    controller.stop()
