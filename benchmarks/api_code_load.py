"""Load POST /api/code of a real `dyads serve` with concurrent max-size texts; print statuses, latency and peak RSS.

    python benchmarks/api_code_load.py [--seconds 60] [--clients 16] [--text news|one-sentence|oversize]
                                       [--code-workers 1] [--code-queue 4] [--honour-retry-after]

The server is `dyads serve` in its own process on a free loopback port, over a store of the bundled
samples made in a temporary directory. Every client thread sends texts of exactly MAX_TEXT characters
over its own keep-alive connection, as fast as it is answered:

    news          the bundled sample articles, repeated (real sentences, real names)
    one-sentence  one sentence of MAX_TEXT characters, no full stop (the parser's worst case)
    oversize      MAX_TEXT + 1 characters: every request should be refused, cheaply

By default a refused client sends again at once, as a hostile one would; --honour-retry-after makes
it wait as the header says. The server's peak resident memory is its VmHWM in /proc/PID/status (the
high-water mark over its whole life, model loading included), sampled along with VmRSS.

Asserts nothing: the figures are printed to be read (and kept in the README).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from _serving import DYADS, ENV, SAMPLES, free_port, wait_until_up  # benchmarks/_serving.py

from dyads.api import MAX_TEXT


def _text(kind: str) -> str:
    """Return the text every request carries: MAX_TEXT characters (one more for `oversize`)."""
    if kind == "one-sentence":
        words = "France criticized Italy and Germany accused Spain while Japan praised Brazil and "
        return (words * (MAX_TEXT // len(words) + 1))[:MAX_TEXT]
    news = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt")))
    text = (news * (MAX_TEXT // len(news) + 1))[:MAX_TEXT]
    return text + "x" if kind == "oversize" else text


def _memory(pid: int) -> dict[str, int]:
    """Return the process's VmRSS and VmHWM in kB (empty without /proc)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {
        key: int(value.split()[0])
        for key, _, value in (line.partition(":") for line in lines)
        if key in ("VmRSS", "VmHWM")
    }


class _Tally:
    """Statuses and latencies, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: collections.Counter[str] = collections.Counter()
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.retry_after: collections.Counter[str] = collections.Counter()
        self.samples: list[str] = []

    def add(self, status: str, seconds: float, retry: str | None, body: bytes) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies[status].append(seconds)
            if retry is not None:
                self.retry_after[retry] += 1
            if status not in ("200", "429") and len(self.samples) < 3:
                self.samples.append(f"{status}: {body[:200]!r}")


def _client(port: int, body: bytes, until: float, honour: bool, tally: _Tally) -> None:
    """POST the text again and again over one keep-alive connection until the deadline."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"content-type": "application/json"}
    while time.perf_counter() < until:
        started = time.perf_counter()
        retry = None
        try:
            connection.request("POST", "/api/code", body, headers)
            response = connection.getresponse()
            answer = response.read()
            status = str(response.status)
            retry = response.getheader("retry-after")
        except (OSError, http.client.HTTPException) as e:
            status, answer = type(e).__name__, str(e).encode()
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        tally.add(status, time.perf_counter() - started, retry, answer)
        if honour and retry is not None and retry.isdigit():
            time.sleep(min(int(retry), max(0.0, until - time.perf_counter())))
            # The server drops a connection idle past its keep-alive timeout (5 s): start afresh.
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.close()


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return f"p50 {at(0.5):.3f}s  p90 {at(0.9):.3f}s  p99 {at(0.99):.3f}s  max {ordered[-1]:.3f}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--text", choices=("news", "one-sentence", "oversize"), default="news")
    parser.add_argument("--code-workers", type=int, default=1)
    parser.add_argument("--code-queue", type=int, default=4)
    parser.add_argument("--honour-retry-after", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dyads-code-load-"))
    try:
        db = work / "samples.duckdb"
        subprocess.run(
            [*DYADS, "ingest", "--sample", "--db", str(db)], env=ENV, check=True, capture_output=True
        )
        port = free_port()
        command = [*DYADS, "serve", "--db", str(db), "--port", str(port)]
        command += ["--code-workers", str(args.code_workers), "--code-queue", str(args.code_queue)]
        server = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE, text=True)
        try:
            wait_until_up(port, server)
            _run(args, port, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, port: int, pid: int) -> None:
    """Warm the coder, load the server for the set time, and print what it did."""
    text = _text(args.text)
    body = json.dumps({"text": text, "date": "2004-03-25"}).encode()
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    warm.request(
        "POST",
        "/api/code",
        json.dumps({"text": "France criticized Italy."}),
        {"content-type": "application/json"},
    )
    warm.getresponse().read()
    warm.close()
    idle = _memory(pid)
    print(
        f"server up, coder loaded in {time.perf_counter() - started:.1f}s: RSS {idle.get('VmRSS', 0) / 1024:.0f} MB; "
        f"{args.clients} clients x {len(text):,}-character texts ({args.text}) for {args.seconds:.0f}s, "
        f"--code-workers {args.code_workers} --code-queue {args.code_queue}"
        + (", honouring Retry-After" if args.honour_retry_after else ", re-sending at once when refused")
    )
    tally = _Tally()
    until = time.perf_counter() + args.seconds
    clients = [
        threading.Thread(target=_client, args=(port, body, until, args.honour_retry_after, tally))
        for _ in range(args.clients)
    ]
    for client in clients:
        client.start()
    peak_rss = 0
    while any(client.is_alive() for client in clients):
        peak_rss = max(peak_rss, _memory(pid).get("VmRSS", 0))
        time.sleep(0.2)
    for client in clients:
        client.join()
    memory = _memory(pid)
    total = sum(tally.statuses.values())
    print(f"requests: {total} in {args.seconds:.0f}s")
    for status, count in sorted(tally.statuses.items()):
        print(f"  {status}: {count:6d}  {_percentiles(tally.latencies[status])}")
    if tally.retry_after:
        print(
            "  Retry-After values: " + ", ".join(f"{k}s x{v}" for k, v in sorted(tally.retry_after.items()))
        )
    for sample in tally.samples:
        print(f"  e.g. {sample}")
    print(
        f"server memory: peak RSS while loaded {peak_rss / 1024:.0f} MB, "
        f"VmHWM (high-water mark of its whole life) {memory.get('VmHWM', 0) / 1024:.0f} MB, "
        f"RSS at the end {memory.get('VmRSS', 0) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
