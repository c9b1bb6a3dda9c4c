import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "amalav.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "false", "ALLOWED_HOSTS": "amalav.example"},
        {"DEBUG": "false", "SECRET_KEY": "x" * 50},
        {},
    ],
    ids=["no-secret-key", "no-allowed-hosts", "nothing-set"],
)
def test_production_refuses_to_start_without_secret_key_or_allowed_hosts(env):
    result = start_django(**env)
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.subprocess
def test_production_starts_with_secret_key_and_allowed_hosts():
    result = start_django(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="amalav.example")
    assert result.returncode == 0, result.stderr


@pytest.mark.subprocess
def test_development_starts_with_no_configuration():
    assert start_django(DEBUG="true").returncode == 0


@pytest.mark.subprocess
def test_a_mistyped_yes_no_variable_stops_the_start():
    result = start_django(DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture' is neither true nor false" in result.stderr


# os.getenv("X"), os.environ.get("X") and the settings' envbool/envint/envlist("X").
READS_VARIABLE = re.compile(r'(?:getenv|environ\.get|env(?:bool|int|list))\(\s*"([A-Z][A-Z0-9_]+)"')


def test_every_environment_variable_the_portal_reads_is_documented():
    sources = [ROOT / "gunicorn.conf.py"]
    for app in ("amalav", "core", "groups", "signups", "meetings", "press"):
        sources += [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    read = {name for path in sources for name in READS_VARIABLE.findall(path.read_text())}
    documented = set(
        re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs/configuration.md").read_text())
    )
    assert len(read) > 30
    assert read <= documented, f"add to docs/configuration.md: {sorted(read - documented)}"
