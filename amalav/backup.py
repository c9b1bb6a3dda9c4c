"""Backing up and restoring everything the portal keeps: the database and the uploads.

PostgreSQL's own tools (pg_dump's custom format, pg_restore) carry every table as it
is, primary keys included, so the Site and every flat page come back as they were; the
uploaded files (MEDIA_ROOT) go into a tar archive beside the dump. On SQLite (local
development) the database file is copied with SQLite's online backup.

A backup holds every person's name, phone and email: its folders are 0700 and its files
0600 from the moment they exist, whatever the umask.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

PG_DUMP_NAME = "database.pgdump"
SQLITE_NAME = "database.sqlite3"
MEDIA_NAME = "media.tar.gz"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
# SQLite's online backup waits while another connection writes, for ever if that one never
# finishes: past this, the backup gives up and says so.
SQLITE_BUSY_SECONDS = 60


class RestoreError(Exception):
    pass


class BackupError(Exception):
    pass


def give_up_after(seconds: float):
    """A progress callback for sqlite3's backup that ends a wait on a locked database."""
    deadline = time.monotonic() + seconds

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(
                f"The database stayed locked by another connection for {seconds:.0f} s: "
                "no backup was written; try again when it is quiet."
            )

    return progress


def pg_environment() -> dict[str, str]:
    """libpq's variables, so no password ever appears on a command line."""
    db = settings.DATABASES["default"]
    values = {
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def private_folder(folder: Path) -> None:
    """Creates `folder` and any missing parent readable by the owner only."""
    missing = [folder, *(parent for parent in folder.parents if not parent.exists())]
    for path in reversed(missing):
        path.mkdir(mode=PRIVATE_FOLDER, exist_ok=path is not folder)
        path.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask


def private_file(path: Path) -> Path:
    """Creates an empty file readable by the owner only, for a writer that keeps its mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    path.chmod(PRIVATE_FILE)
    return path


def back_up(folder: Path) -> list[Path]:
    """Writes the database and the uploads into `folder` (created); returns the files."""
    private_folder(folder)
    if connection.vendor == "postgresql":
        database = private_file(folder / PG_DUMP_NAME)
        subprocess.run(  # noqa: S603  # nosec B603 B607
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(database)],  # noqa: S607
            env=pg_environment(),
            check=True,
        )
    else:
        database = private_file(folder / SQLITE_NAME)
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target, progress=give_up_after(SQLITE_BUSY_SECONDS))
        except BackupError:
            shutil.rmtree(folder)  # no half backup that a restore could take for a whole one
            raise
        finally:
            target.close()
    media = private_file(folder / MEDIA_NAME)
    with tarfile.open(media, "w:gz") as archive:
        root = Path(settings.MEDIA_ROOT)
        if root.is_dir():
            archive.add(root, arcname=".")
    return [database, media]


def restore(folder: Path) -> None:
    """Restores a backup into an empty database and an empty MEDIA_ROOT.

    Refuses to write over anything: a restore goes into a fresh database (createdb) and
    a fresh media folder, so a mistyped command never destroys the live data.
    """
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise RestoreError(f"MEDIA_ROOT {media} is not empty: restore into a fresh folder.")
    if connection.introspection.table_names():
        raise RestoreError("The database is not empty: restore into a freshly created one.")
    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603  # nosec B603 B607
            [  # noqa: S607
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                settings.DATABASES["default"]["NAME"],
                str(folder / PG_DUMP_NAME),
            ],
            env=pg_environment(),
            check=True,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(folder / SQLITE_NAME) as source:
            source.backup(connection.connection)
        source.close()
        # It now holds everybody's data, as the backup does: owner only, like the backup.
        database = Path(connection.settings_dict["NAME"])
        if database.is_file():
            database.chmod(PRIVATE_FILE)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_NAME, "r:gz") as archive:
        archive.extractall(media, filter="data")


def latest(folder: Path) -> Path:
    """The newest backup in a folder of backups."""
    backups = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    if not backups:
        raise RestoreError(f"No backup in {folder}.")
    return backups[-1]
