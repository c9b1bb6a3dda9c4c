"""deploy/nginx.conf on loopback, for its tests and the benchmark.

Only the lines marked "deployment:" change: ports, folders; no TLS or IPv6 on a test machine.
"""

import contextlib
import os
import socket
from pathlib import Path

CONF = Path(__file__).resolve().parent / "nginx.conf"
# Debian's brotli modules; the system's nginx.conf loads them from modules-enabled.
MODULES = Path("/usr/lib/nginx/modules")


def free_ports(count: int) -> list[int]:
    """Ports the system has free now, all different: several runs can share the machine."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


def brotli_modules() -> list[Path]:
    return sorted(MODULES.glob("ngx_http_brotli_*_module.so"))


def loopback_conf(
    app_port: int, port: int, redirect_port: int, folder: Path, static_root: Path
) -> str:
    """The shipped file with its deployment lines pointed at this machine."""
    text = CONF.read_text()
    replacements = {
        "/var/cache/nginx/amalav ": f"{folder / 'cache'} ",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 80;": f"listen 127.0.0.1:{redirect_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{port};",
        "/srv/amalav/staticfiles/": f"{static_root}/",
        "/srv/amalav/media/": f"{folder / 'media'}/",
    }
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"deploy/nginx.conf no longer has {old!r}")
        text = text.replace(old, new)
    # No certificate or IPv6 on a test machine: plain HTTP on loopback instead; and no
    # brotli where its modules are not installed (CI installs them).
    dropped = ("ssl_", "listen [::]") + (() if brotli_modules() else ("brotli",))
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith(dropped))


def main_conf(folder: Path, site: Path, extra: str = "") -> str:
    temp = "\n".join(
        f"  {name}_temp_path {folder / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    modules = "\n".join(f"load_module {module};" for module in brotli_modules())
    return f"""
{user}
{modules}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
{temp}
  include {site};
{extra}
}}
"""
