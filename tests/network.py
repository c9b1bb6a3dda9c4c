"""Ports for the servers a test starts: the system picks them, so runs can share a machine."""

import contextlib
import socket
import time


def free_ports(count: int) -> list[int]:
    """Ports the system has free now, all different."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


def wait_for_port(port: int, seconds: float = 30) -> None:
    """Returns once something accepts connections on the port."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")
