"""What the server benchmarks share: how to run this checkout's `dyads` in a subprocess, and a free port."""

from __future__ import annotations

import os
import socket
import sys
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
