"""The nginx front (deploy/nginx.conf) in front of gunicorn, on loopback."""

import os
import shutil

import pytest

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/deploy/" in item.nodeid:
            item.add_marker(pytest.mark.nginx)
    if os.path.exists(NGINX):
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise pytest.UsageError(f"CI must run the nginx tests, but {NGINX} is missing.")
    skip = pytest.mark.skip(reason="nginx is missing: apt-get install nginx (.ci/run does)")
    for item in items:
        if "nginx" in item.keywords:
            item.add_marker(skip)
