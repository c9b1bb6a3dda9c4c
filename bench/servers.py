"""The layers the benchmark measures, each a server on loopback in the production
configuration: gunicorn with the page cache in local memory, in Redis or off, nginx in
front of the first, and the same nginx serving the home page as a static file."""

import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import CACHE_ROOT, ENV, MEDIA, PORT, REDIS_URL, ROOT
from deploy.loopback import free_ports, loopback_conf, main_conf


def wait_for_server(url: str, deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def redis_available(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
        return True
    except redis.RedisError:
        return False


def start_gunicorn(port: int, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "amalav.wsgi"],
        cwd=ROOT,
        env={
            **ENV,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "CACHE_DIR": f"{CACHE_ROOT}/{port}",
            **env,
        },
    )


def start_nginx(
    folder: Path, app_port: int, port: int, redirect_port: int, static_port: int
) -> subprocess.Popen:
    """deploy/nginx.conf in front of app_port, and a plain static server as the ceiling."""
    site = folder / "amalav.conf"
    site.write_text(loopback_conf(app_port, port, redirect_port, folder, ROOT / "staticfiles"))
    ceiling = f"""
  server {{
    listen 127.0.0.1:{static_port};
    root {folder / "static-site"};
  }}"""
    (folder / "nginx.conf").write_text(main_conf(folder, site, extra=ceiling))
    return subprocess.Popen(
        ["nginx", "-p", folder, "-e", folder / "error.log", "-c", folder / "nginx.conf"]
    )


def stop(processes: list[subprocess.Popen], seconds: float = 60) -> None:
    """SIGTERM, then SIGKILL what a loaded machine has not stopped within `seconds`."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            print(f"== {process.args[0]} did not stop within {seconds:.0f} s: killed")
            process.kill()
            process.wait()


@dataclass
class Layers:
    """Each layer's base URL, and the ceiling's."""

    bases: dict[str, str] = field(default_factory=dict)
    ceiling: str = ""
    servers: list[subprocess.Popen] = field(default_factory=list)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="amalav-bench-")))

    def start(self, home: bytes) -> None:
        """Starts every layer and waits until each answers; `home` is the ceiling's page."""
        (self.folder / "static-site").mkdir()
        (self.folder / "media").symlink_to(MEDIA)
        (self.folder / "static-site" / "index.html").write_bytes(home)
        ports = range(PORT, PORT + 6) if PORT else free_ports(6)
        local, redis_port, cold, nginx, redirect, static = ports
        self.add("local", local, start_gunicorn(local))
        if redis_available(REDIS_URL):
            self.add("redis", redis_port, start_gunicorn(redis_port, REDIS_URL=REDIS_URL))
        else:
            print(f"== no Redis at {REDIS_URL}: the redis column is left out")
        self.add("cold", cold, start_gunicorn(cold, PAGE_CACHE_ENABLED="false"))
        self.add("nginx", nginx, start_nginx(self.folder, local, nginx, redirect, static))
        self.ceiling = f"http://127.0.0.1:{static}/index.html"
        for base in self.bases.values():
            wait_for_server(base + "/healthz")
        wait_for_server(self.ceiling)

    def add(self, name: str, port: int, server: subprocess.Popen) -> None:
        self.bases[name] = f"http://127.0.0.1:{port}"
        self.servers.append(server)

    def stop(self) -> None:
        stop(self.servers)
        shutil.rmtree(self.folder, ignore_errors=True)
