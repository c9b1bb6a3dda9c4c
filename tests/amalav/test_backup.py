import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from press.models import Document
from tests.amalav.backup_snapshot import snapshot

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database beside the test one (amalav_h4 -> amalav_h4_restore)."""
    db = settings.DATABASES["default"]
    name = db["NAME"].removeprefix("test_") + "_restore"
    params = {
        "dbname": "postgres",
        "user": db["USER"],
        "password": db["PASSWORD"],
        "host": db["HOST"],
        "port": db["PORT"],
    }
    admin = psycopg2.connect(**{k: v for k, v in params.items() if v})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    yield f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the backup round trip runs on PostgreSQL (CI runs it): set DATABASE_URL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_every_page_text_page_and_upload_into_a_fresh_database(
    tmp_path, settings, fresh_database
):
    database_url = fresh_database
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_seed", stdout=StringIO())
    Document.objects.create(
        title="Volantino dei gruppi",
        date=timezone.localdate(),
        file=ContentFile(PDF, name="volantino.pdf"),
    )
    before = snapshot()
    assert all(status == 200 for status, _hash in before.values()), before
    assert any(url.startswith("upload:") for url in before)

    call_command("backup", "--into", str(tmp_path / "backups"), stdout=StringIO())
    (backup,) = (tmp_path / "backups").iterdir()

    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")},
        "DJANGO_SETTINGS_MODULE": "amalav.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media-restored"),
        "DEBUG": "false",
        "SECRET_KEY": "tests-only-not-a-secret",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    manage("manage.py", "restore", str(backup), env=env)
    after = json.loads(manage("-m", "tests.amalav.backup_snapshot", env=env))
    assert after == before


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", "--into", str(tmp_path / "backups"), stdout=StringIO())
    (backup,) = (tmp_path / "backups").iterdir()
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), stdout=StringIO())
