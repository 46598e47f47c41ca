"""Hold the HTTP API under load on loopback while an ingest runs; print requests/s, p50/p99 latency, errors.

    python benchmarks/load_api.py [STORE.duckdb] [--seconds 20] [--clients 8] [--ingest other|same|none]

The server is `dyads serve` in its own process, as it is run for real. STORE defaults to a store of the
bundled samples made in a temporary directory (it is copied, never written). While the clients send
requests to the main endpoints (events with filters, one event, series, network, stories, actors), an
ingest runs:

    other   `dyads ingest` processes write another store, one after another, for the whole run. DuckDB
            lets one process write a file and no other process open it meanwhile, so a server and an
            ingest share no store across processes.
    same    the server is started with --allow-ingest and the script POSTs /api/ingest with fresh
            articles over and over: the server's one read-write connection writes the store its
            requests read (DuckDB's MVCC: readers see the last committed batch).
    none    no ingest.

Asserts nothing; exits 1 when the rate is under --min-rate or any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _serving import DYADS, ENV, free_port, wait_until_up  # benchmarks/_serving.py

from dyads.store import Store

TOKEN = "benchmark-write-token-" + os.urandom(8).hex()  # the server's write token (issue 23)


def _sample_store(directory: Path) -> Path:
    db = directory / "samples.duckdb"
    subprocess.run([*DYADS, "ingest", "--sample", "--db", str(db)], env=ENV, check=True, capture_output=True)
    return db


def _endpoints(db: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Return the store's counts and (name, path) of the requests to cycle through, ids taken from it."""
    with Store(db) as store:  # the copy, opened for writing once: an older store is upgraded
        counts = store.counts()
        events = store.events(limit=1, offset=counts["events"] // 2)
        busiest = store.network(limit=1)
    event = events[0]["event_id"] if events else "e-none"
    source, target = (busiest[0]["source"][:3], busiest[0]["target"][:3]) if busiest else ("USA", "CHN")
    return counts, [
        ("events", "/api/events?limit=50"),
        ("events by actor+root", f"/api/events?actor={source}&root=11&limit=50"),
        (
            "events by date+confidence",
            "/api/events?since=1987-01-01&until=2004-12-31&min_confidence=0.3&limit=50",
        ),
        ("one event", f"/api/events/{event}"),
        ("dyad series", f"/api/dyads/{source}/{target}/series?freq=W&both=true"),
        ("network", "/api/network?limit=100"),
        ("stories", "/api/stories?limit=50"),
        ("actors", "/api/actors?limit=100"),
    ]


class _Results:
    """Latencies and errors per endpoint, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []

    def add(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds)
            if error is not None:
                self.errors[name] = self.errors.get(name, 0) + 1
                if len(self.samples) < 5:
                    self.samples.append(f"{name}: {error}")


def _client(
    port: int, endpoints: list[tuple[str, str]], offset: int, until: float, results: _Results
) -> None:
    """Send requests round-robin over one keep-alive connection until the deadline."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.perf_counter() < until:
        name, path = endpoints[index % len(endpoints)]
        index += 1
        started = time.perf_counter()
        error = None
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                error = f"HTTP {response.status} {body[:200]!r}"
        except (OSError, http.client.HTTPException) as e:
            error = f"{type(e).__name__}: {e}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results.add(name, time.perf_counter() - started, error)
    connection.close()


def _cpu_seconds(pid: int) -> float | None:
    """Return the CPU time (user + system) of a process and its children (server workers), or None without /proc."""
    total = 0.0
    found = False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            found = True
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total if found else None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _articles(round_: int, count: int) -> str:
    """Return JSONL of `count` short articles no earlier round had (so each ingest writes)."""
    pairs = [("France", "Italy"), ("China", "Japan"), ("Russia", "Georgia"), ("India", "Pakistan")]
    lines = []
    for index in range(count):
        source, target = pairs[index % len(pairs)]
        text = (
            f"{source} criticized {target} on Tuesday. {target} accused {source} of lying (round {round_})."
        )
        lines.append(json.dumps({"id": f"load-{round_}-{index}", "date": "2004-03-24", "text": text}))
    return "\n".join(lines) + "\n"


def _ingest_other(work: Path, until: float, log: dict[str, Any]) -> None:
    """Run `dyads ingest` of the samples into fresh stores, one after another, until the deadline."""
    round_ = 0
    while time.perf_counter() < until:
        db = work / f"other{round_}.duckdb"
        done = subprocess.run(
            [*DYADS, "ingest", "--sample", "--db", str(db)], env=ENV, capture_output=True, text=True
        )
        log["runs"] = log.get("runs", 0) + 1
        log["failed"] = log.get("failed", 0) + (done.returncode != 0)
        log["last"] = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        round_ += 1


def _ingest_same(port: int, inbox: Path, until: float, log: dict[str, Any]) -> None:
    """POST /api/ingest with 20 fresh articles at a time until the deadline."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    round_ = 0
    while time.perf_counter() < until:
        name = f"round{round_}.jsonl"
        (inbox / name).write_text(_articles(round_, 20), encoding="utf-8")
        headers = {"content-type": "application/json", "authorization": f"Bearer {TOKEN}"}
        connection.request("POST", "/api/ingest", json.dumps({"paths": [name]}), headers)
        response = connection.getresponse()
        body = json.loads(response.read())
        log["runs"] = log.get("runs", 0) + 1
        log["failed"] = log.get("failed", 0) + (response.status != 200)
        log["articles"] = log.get("articles", 0) + body.get("articles_added", 0)
        round_ += 1
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, nargs="?", help="store to serve (copied) [default: the samples]")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--ingest", choices=("other", "same", "none"), default="other")
    parser.add_argument("--min-rate", type=float, default=200.0, help="requests/s below which to exit 1")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dyads-load-"))
    try:
        db = work / "served.duckdb"
        shutil.copy(args.store or _sample_store(work), db)
        counts, endpoints = _endpoints(db)  # before the server opens it: "same" opens it read-write
        inbox = work / "inbox"
        inbox.mkdir()
        port = free_port()
        command = [*DYADS, "serve", "--db", str(db), "--port", str(port)]
        if args.ingest == "same":
            command += ["--allow-ingest", "--ingest-dir", str(inbox)]
        server = subprocess.Popen(
            command, env=ENV | {"DYADS_TOKEN": TOKEN}, stderr=subprocess.PIPE, text=True
        )
        try:
            _run(args, port, endpoints, work, inbox, counts, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(
    args: argparse.Namespace,
    port: int,
    endpoints: list[tuple[str, str]],
    work: Path,
    inbox: Path,
    counts: dict[str, int],
    server: int,
) -> None:
    """Load the running server and print what it held."""
    wait_until_up(port)
    cpu_before = _cpu_seconds(server)
    log: dict[str, Any] = {}
    results = _Results()
    started = time.perf_counter()
    until = started + args.seconds
    workers = [
        threading.Thread(target=_client, args=(port, endpoints, i, until, results))
        for i in range(args.clients)
    ]
    if args.ingest == "other":
        workers.append(threading.Thread(target=_ingest_other, args=(work, until, log)))
    elif args.ingest == "same":
        workers.append(threading.Thread(target=_ingest_same, args=(port, inbox, until, log)))
    for worker in workers:
        worker.start()
    for worker in workers[: args.clients]:
        worker.join()
    # Measured when the clients stop: the ingest may run on past the deadline to finish its batch.
    elapsed = time.perf_counter() - started
    cpu_after = _cpu_seconds(server)
    for worker in workers[args.clients :]:
        worker.join()
    everything = [latency for values in results.latencies.values() for latency in values]
    errors = sum(results.errors.values())
    rate = len(everything) / elapsed
    print(f"store: {args.store or 'bundled samples'} {counts}")
    print(f"ingest while loading: {args.ingest} {log}")
    print(
        f"{args.clients} clients, {elapsed:.1f}s: {len(everything)} requests, {rate:.0f} requests/s, "
        f"p50 {statistics.median(everything) * 1000:.1f} ms, p99 {_percentile(everything, 0.99) * 1000:.1f} ms, "
        f"{errors} errors"
    )
    if cpu_before is not None and cpu_after is not None and everything:
        # Independent of how busy the machine is: what one request costs the server (plus, with
        # --ingest same, its share of the ingest), and so the rate one free core would hold.
        per_request = (cpu_after - cpu_before) / len(everything)
        print(
            f"server CPU {cpu_after - cpu_before:.1f}s: {per_request * 1000:.2f} ms per request "
            f"(~{1 / per_request:.0f} requests/s per free core); load average {os.getloadavg()[0]:.1f}"
        )
    for name, values in results.latencies.items():
        print(
            f"  {name:26} {len(values):6} req  p50 {statistics.median(values) * 1000:6.1f} ms  "
            f"p99 {_percentile(values, 0.99) * 1000:6.1f} ms  errors {results.errors.get(name, 0)}"
        )
    for sample in results.samples:
        print(f"  error: {sample}")
    if errors or rate < args.min_rate:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
