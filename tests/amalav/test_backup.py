import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from psycopg2 import extensions

from amalav.backup import BackupError, give_up_after

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@contextlib.contextmanager
def without_deadlines() -> Iterator[None]:
    """The test's own statements as the database's owner (CREATE and DROP DATABASE) wait
    as long as they must: on a loaded machine they outlast the portal's round-trip deadline
    (core.db), which psycopg2 applies to every connection of the process."""
    callback = extensions.get_wait_callback()
    extensions.set_wait_callback(None)
    try:
        yield
    finally:
        extensions.set_wait_callback(callback)


@pytest.fixture
def fresh_databases():
    """Two empty databases beside the suite's own: amalav_h4 -> amalav_h4_backup, _restore."""
    db = settings.DATABASES["default"]
    base = db["NAME"].removeprefix("test_")
    names = [f"{base}_backup", f"{base}_restore"]
    params = {
        "dbname": "postgres",
        "user": db["USER"],
        "password": db["PASSWORD"],
        "host": db["HOST"],
        "port": db["PORT"],
    }
    with without_deadlines():
        admin = psycopg2.connect(**{k: v for k, v in params.items() if v})
        admin.autocommit = True
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{name}"')
    yield [database_url(name) for name in names]
    with without_deadlines(), admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def run(*args: str, env: dict) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


ADD_UPLOAD = f"""
from django.core.files.base import ContentFile
from press.models import Document
Document.objects.create(title="Volantino", file=ContentFile({PDF!r}, name="volantino.pdf"))
"""
# Every group open, so the home page lists them all: their order must survive the restore.
OPEN_EVERY_GROUP = """
from groups.models import Group
for group in Group.objects.order_by("-slug"):
    group.status = Group.Status.ACTIVE
    group.save()
"""


@pytest.mark.subprocess
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the backup round trip runs on PostgreSQL (CI runs it): set DATABASE_URL",
)
def test_backup_restores_every_page_text_page_and_upload_into_a_fresh_database(
    tmp_path, fresh_databases
):
    """A live portal in one database and media folder, restored into fresh ones.

    Everything runs in processes of its own, as on a server: the suite's test database,
    which rolls back every test, is not involved.
    """
    live, fresh = fresh_databases
    base_env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")},
        "DJANGO_SETTINGS_MODULE": "amalav.settings",
        "DEBUG": "false",
        "SECRET_KEY": "tests-only-not-a-secret",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    live_env = {**base_env, "DATABASE_URL": live, "MEDIA_ROOT": str(tmp_path / "media")}
    run("manage.py", "migrate", "--no-input", env=live_env)
    run("manage.py", "load_seed", env=live_env)
    run("manage.py", "shell", "-c", ADD_UPLOAD, env=live_env)
    run("manage.py", "shell", "-c", OPEN_EVERY_GROUP, env=live_env)
    before = json.loads(run("-m", "tests.amalav.backup_snapshot", env=live_env))
    assert all(status == 200 for status, _hash in before.values()), before
    assert any(url.startswith("upload:") for url in before)
    assert "/privacy/" in before

    run("manage.py", "backup", "--into", str(tmp_path / "backups"), env=live_env)
    (backup,) = (tmp_path / "backups").iterdir()
    fresh_env = {**base_env, "DATABASE_URL": fresh, "MEDIA_ROOT": str(tmp_path / "restored")}
    run("manage.py", "restore", str(backup), env=fresh_env)

    assert owner_only(backup), modes(backup)
    assert json.loads(run("-m", "tests.amalav.backup_snapshot", env=fresh_env)) == before


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, sqlite_env):
    live = {**sqlite_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}"}
    run("manage.py", "migrate", "--no-input", env=live)
    run("manage.py", "backup", "--into", str(tmp_path / "backups"), env=live)
    (backup,) = (tmp_path / "backups").iterdir()

    refused = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env={**live, "MEDIA_ROOT": str(tmp_path / "back")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "not empty" in refused.stderr


def modes(folder: Path) -> dict[str, int]:
    """Every path in a backup folder, the folder included, with its permission bits."""
    paths = [folder, *folder.rglob("*")]
    return {str(path.relative_to(folder.parent)): path.stat().st_mode & 0o777 for path in paths}


def owner_only(folder: Path) -> bool:
    return all(
        mode == (0o700 if (folder.parent / name).is_dir() else 0o600)
        for name, mode in modes(folder).items()
    )


@pytest.fixture
def usual_umask():
    """The umask of a usual login (files 644): the backup must not depend on a strict one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_backup_is_readable_by_its_owner_only(tmp_path, sqlite_env, usual_umask):
    live = {**sqlite_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}"}
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "volantino.pdf").write_bytes(PDF)
    run("manage.py", "migrate", "--no-input", env=live)

    run("manage.py", "backup", "--into", str(tmp_path / "backups"), env=live)

    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    (backup,) = (tmp_path / "backups").iterdir()
    assert owner_only(backup), modes(backup)
    assert len(modes(backup)) == 3  # the folder, the database, the uploads


@pytest.fixture
def sqlite_env(tmp_path) -> dict:
    """Local development's setup (SQLite in a file) for commands run in processes of their
    own, as `make backup` runs them: the suite's own SQLite database lives in memory, where
    a backup would copy the test's open transaction, not a real database."""
    return {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")},
        "DJANGO_SETTINGS_MODULE": "amalav.settings",
        "DEBUG": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def test_restore_keeps_the_backup_and_the_restored_database_owner_only(
    tmp_path, sqlite_env, usual_umask
):
    """Local development's round trip (SQLite) in processes of its own, as `make` runs it."""
    env = sqlite_env
    live = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}"}
    run("manage.py", "migrate", "--no-input", env=live)
    run("manage.py", "shell", "-c", ADD_UPLOAD, env=live)
    run("manage.py", "backup", "--into", str(tmp_path / "backups"), env=live)
    (backup,) = (tmp_path / "backups").iterdir()
    uploads = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "media").rglob("*")}

    restored = tmp_path / "restored.sqlite3"
    fresh = {**env, "DATABASE_URL": f"sqlite:///{restored}", "MEDIA_ROOT": str(tmp_path / "back")}
    run("manage.py", "restore", str(backup), env=fresh)

    assert owner_only(backup), modes(backup)
    assert restored.stat().st_mode & 0o777 == 0o600
    # Uploads are public documents: they come back as they were, neither wider nor narrower.
    assert {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "back").rglob("*")} == uploads


def test_a_backup_of_a_database_locked_by_another_writer_gives_up_and_says_so(tmp_path):
    """sqlite3's backup waits for ever on a lock nobody releases; ours gives up."""
    path = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN EXCLUSIVE")
    source, target = sqlite3.connect(path), sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        with pytest.raises(BackupError, match="locked by another connection"):
            source.backup(target, progress=give_up_after(0.3), sleep=0.05)
    finally:
        writer.execute("ROLLBACK")
        for db in (writer, source, target):
            db.close()
