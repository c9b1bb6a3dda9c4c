"""Without REDIS_URL, production's cache is shared by every worker process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """A Django process of its own, on the same database and cache as the other."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, str(ROOT / "tests" / "core" / "worker.py")],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.ask("") == "ready"

    def ask(self, command: str) -> str:
        if command:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "amalav.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "REDIS_URL": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return environment


def test_the_default_production_cache_is_shared_by_the_workers():
    assert "filebased" in settings.CACHES["default"]["BACKEND"]


def test_with_the_default_cache_a_change_in_one_worker_shows_in_another_within_a_second(
    production,
):
    script = (
        "from press.models import PressItem; import datetime; "
        "PressItem.objects.create(title='Titolo di prima', slug='notizia', "
        "published_on=datetime.date(2026, 1, 1), is_published=True)"
    )
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=production, check=True
    )
    first, second = Worker(production), Worker(production)
    try:
        for worker in (first, second):
            assert "Titolo di prima" in worker.ask("get /rassegna-stampa/")
            assert "Titolo di prima" in worker.ask("get /rassegna-stampa/?pagina=1")
        assert first.ask("rename notizia Titolo nuovo") == "renamed"
        changed_at = time.monotonic()
        assert "Titolo nuovo" in first.ask("get /rassegna-stampa/")  # at once where made
        seen = {}
        while len(seen) < 2 and time.monotonic() - changed_at < 1:
            for url in ("/rassegna-stampa/", "/rassegna-stampa/?pagina=1"):
                if url not in seen and "Titolo nuovo" in second.ask(f"get {url}"):
                    seen[url] = time.monotonic() - changed_at
        assert len(seen) == 2, f"the other worker still shows the old title: {seen}"
    finally:
        first.close()
        second.close()
