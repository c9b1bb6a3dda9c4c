import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

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


def test_production_starts_with_secret_key_and_allowed_hosts():
    result = start_django(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="amalav.example")
    assert result.returncode == 0, result.stderr


def test_development_starts_with_no_configuration():
    assert start_django(DEBUG="true").returncode == 0


def test_a_mistyped_yes_no_variable_stops_the_start():
    result = start_django(DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture' is neither true nor false" in result.stderr
