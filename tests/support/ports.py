"""Free TCP ports on the loopback address, and waiting for one to answer."""

from __future__ import annotations

import socket
import time


def free_port() -> int:
    """A port that nothing listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float, process=None) -> None:
    """Return once 127.0.0.1:``port`` accepts connections.

    Raises ``RuntimeError`` when ``process`` exits first or time runs out, so
    that a server that failed to start is reported at once, not as a timeout.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"The server meant for port {port} exited with code "
                f"{process.returncode} before it accepted connections."
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Nothing accepted connections on port {port} in {timeout}s.")
