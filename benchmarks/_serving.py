"""What the server benchmarks share: how to run this checkout's `dyads` in a subprocess, and a free port."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import dyads

SAMPLES = Path(dyads.__file__).parent / "data" / "samples"
# The subprocess imports the same dyads as this script, installed or not.
ENV = os.environ | {"PYTHONPATH": str(Path(dyads.__file__).parents[1])}
DYADS = [sys.executable, "-m", "dyads"]


def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, server: subprocess.Popen[str] | None = None) -> None:
    """Wait until the server on this loopback port answers /api/health (exit if it stops or never does)."""
    for _ in range(600):
        if server is not None and server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read() if server.stderr else ''}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")
