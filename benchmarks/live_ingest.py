"""Readers of a serving store while `dyads ingest --server` adds real articles: requests/s, latency, errors, losses.

    python benchmarks/live_ingest.py [--base STORE] [--articles 2000] [--rate 200] [--idle-seconds 30]

`dyads serve --allow-ingest` runs on loopback over a copy of STORE (default: a store of the first
--base-articles articles of ../shared/corpus/news.jsonl, built here first). A load generator (open loop:
requests are sent on a fixed schedule at --rate whatever the answers, and each latency
is counted from when its request was due, so a stalled server shows in the figures) cycles through the
dashboard's read routes: (a) for --idle-seconds with nothing else running, (b) for as long as
`dyads ingest --server` takes to ingest the first --articles articles of ../shared/corpus/agnews_test.jsonl.
Then it checks that nothing was lost: the articles served = before + added, the mentions = before + those
the ingest's summary counted.

Prints figures and asserts nothing; exits 1 when a target (rate, p99 < 250 ms, no errors, nothing lost)
is missed.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from _serving import DYADS, ENV, free_port, wait_until_up  # benchmarks/_serving.py

import dyads

CORPUS = Path(dyads.__file__).resolve().parents[2].parent / "shared" / "corpus"
TOKEN = "benchmark-write-token-" + os.urandom(8).hex()
P99_TARGET = 0.250
_SENDERS = 32  # connections: enough that a slow answer does not delay the ones due after it


def _first_lines(source: Path, count: int, target: Path) -> Path:
    """Write the first `count` lines of a JSONL file to `target`."""
    with source.open(encoding="utf-8") as given, target.open("w", encoding="utf-8") as taken:
        taken.writelines(itertools.islice(given, count))
    return target


def _base_store(work: Path, articles: int) -> Path:
    """Build a store of the first `articles` articles of news.jsonl (real wire and web news)."""
    source = _first_lines(CORPUS / "news.jsonl", articles, work / "base.jsonl")
    db = work / "base.duckdb"
    started = time.perf_counter()
    subprocess.run([*DYADS, "ingest", str(source), "--db", str(db)], env=ENV, check=True)
    print(f"base store: {articles} articles of news.jsonl in {time.perf_counter() - started:.0f}s")
    return db


def _routes(base: str) -> list[str]:
    """Return the read requests to cycle through, the dyad and the search word taken from the store."""
    edges = httpx.get(f"{base}/api/network?limit=1", timeout=60).json()["edges"]
    source, target = (edges[0]["source"][:3], edges[0]["target"][:3]) if edges else ("USA", "CHN")
    return [
        "/api/events?limit=50",
        "/api/events?q=minister&limit=50",
        "/api/network?limit=100",
        "/api/places",
        "/api/stories?limit=50",
        f"/api/dyads/{source}/{target}/series?freq=W&both=true",
        "/api/health",
    ]


class Load:
    """Latencies (from when each request was due) and errors of one phase."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.by_route: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.elapsed = 0.0

    def line(self, name: str) -> str:
        values = sorted(self.latencies)
        if not values:
            return f"{name}: no requests"

        def at(share: float) -> float:
            return values[min(len(values) - 1, int(share * len(values)))] * 1000

        return (
            f"{name}: {len(values)} requests in {self.elapsed:.1f}s = {len(values) / self.elapsed:.0f} requests/s, "
            f"p50 {at(0.50):.1f} ms, p95 {at(0.95):.1f} ms, p99 {at(0.99):.1f} ms, "
            f"max {values[-1] * 1000:.0f} ms, {len(self.errors)} errors"
        )


def _drive(port: int, routes: list[str], rate: float, done: threading.Event, load: Load) -> None:
    """Send requests on a fixed schedule at `rate` until `done` is set; record each one's latency.

    A scheduler queues each request when it is due and keep-alive connections in threads send them
    (stdlib `http.client`: the lightest client, so the generator leaves the cores to the server).
    """
    due_requests: queue.Queue[tuple[str, float] | None] = queue.Queue()

    def send() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (item := due_requests.get()) is not None:
            path, due = item
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    load.errors.append(f"{path}: HTTP {response.status} {body[:160]!r}")
            except (OSError, http.client.HTTPException) as e:
                load.errors.append(f"{path}: {type(e).__name__}: {e}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            latency = time.perf_counter() - due
            load.latencies.append(latency)
            load.by_route.setdefault(path.split("?")[0], []).append(latency)
        connection.close()

    senders = [threading.Thread(target=send) for _ in range(_SENDERS)]
    for sender in senders:
        sender.start()
    started = time.perf_counter()
    for index in itertools.count():
        due = started + index / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        if done.is_set():
            break
        due_requests.put((routes[index % len(routes)], due))
    for _ in senders:
        due_requests.put(None)
    for sender in senders:
        sender.join()
    load.elapsed = time.perf_counter() - started


def _idle(port: int, routes: list[str], rate: float, seconds: float) -> Load:
    load, done = Load(), threading.Event()
    timer = threading.Timer(seconds, done.set)
    timer.start()
    _drive(port, routes, rate, done, load)
    return load


def _during_ingest(
    port: int, routes: list[str], rate: float, articles: Path, nice: int, budget: float
) -> tuple[Load, str, float]:
    """Load the server while `dyads ingest --server` runs (stopped after `budget` seconds); return the
    load, the ingest's output (None when it was stopped) and its time."""
    load, done = Load(), threading.Event()
    started = time.perf_counter()
    ingest = subprocess.Popen(
        [*DYADS, "ingest", str(articles), "--server", f"http://127.0.0.1:{port}"],
        env=ENV | {"DYADS_TOKEN": TOKEN},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,
    )
    output: list[str] = []

    def wait() -> None:
        try:
            output.append(ingest.communicate(timeout=budget)[0])
        except subprocess.TimeoutExpired:
            ingest.terminate()
            ingest.communicate()
            output.append("")
        done.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    _drive(port, routes, rate, done, load)
    waiter.join()
    took = time.perf_counter() - started
    if not output[0]:
        print(f"the ingest was stopped after its budget of {budget:.0f}s")
    elif ingest.returncode not in (0, 1):  # 1: some input had problems, reported in the summary
        raise SystemExit(f"the ingest failed ({ingest.returncode}):\n{output[0]}")
    return load, output[0], took


def _counts(base: str) -> dict[str, int]:
    counts: dict[str, int] = httpx.get(f"{base}/api/health", timeout=60).json()["counts"]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="store to serve (copied, never written)")
    parser.add_argument("--base-articles", type=int, default=2000, help="without --base: news.jsonl articles")
    parser.add_argument("--articles", type=int, default=2000, help="agnews_test.jsonl articles to ingest")
    parser.add_argument("--rate", type=float, default=200.0, help="requests/s the load generator sends")
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument(
        "--nice", type=int, default=0, help="run the ingest at this niceness (a feed job below the readers)"
    )
    parser.add_argument(
        "--budget", type=float, default=1200.0, help="seconds after which the ingest is stopped"
    )
    parser.add_argument("--keep", type=Path, help="keep the work directory here (the built base store in it)")
    args = parser.parse_args()
    # A SIGTERM (a timeout) still stops the server: the finally blocks run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not (CORPUS / "agnews_test.jsonl").exists():
        raise SystemExit(f"{CORPUS} is absent: this benchmark ingests real articles from it")

    work = args.keep or Path(tempfile.mkdtemp(prefix="dyads-live-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        base_store = args.base or (work / "base.duckdb" if (work / "base.duckdb").exists() else None)
        base_store = base_store or _base_store(work, args.base_articles)
        db = work / "served.duckdb"
        shutil.copy(base_store, db)
        articles = _first_lines(CORPUS / "agnews_test.jsonl", args.articles, work / "agnews.jsonl")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*DYADS, "serve", "--db", str(db), "--port", str(port), "--allow-ingest"],
            env=ENV | {"DYADS_TOKEN": TOKEN},
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            _run(args, base, articles)
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, base: str, articles: Path) -> None:
    routes = _routes(base)
    before = _counts(base)
    print(f"served store: {before}")
    print(f"routes: {', '.join(routes)}")
    port = int(base.rsplit(":", 1)[1])
    idle = _idle(port, routes, args.rate, args.idle_seconds)
    print(idle.line(f"(a) no ingest, target {args.rate:.0f}/s"))
    load, output, took = _during_ingest(port, routes, args.rate, articles, args.nice, args.budget)
    print(load.line(f"(b) during ingest, target {args.rate:.0f}/s"))
    if not output:  # stopped: what it stored is not known from a summary, so losses cannot be checked
        print(f"after: {_counts(base)} (before: {before})")
        raise SystemExit(1)
    summary = _summary(output)
    print(f"ingest --server: {output.strip().splitlines()[-1]}")
    print(f"  {args.articles} articles in {took:.1f}s = {args.articles / took:.1f} articles/s while serving")
    after = _counts(base)
    lost = {
        "articles": before["articles"] + summary["added"] - after["articles"],
        "mentions": before["mentions"] + summary["mentions"] - after["mentions"],
    }
    print(f"after: {after}; lost (before + added − after): {lost}")
    for name, phase in (("a", idle), ("b", load)):
        for route, values in sorted(phase.by_route.items()):
            values.sort()
            print(
                f"  ({name}) {route:34} {len(values):6} req  p50 {statistics.median(values) * 1000:6.1f} ms  "
                f"p99 {values[min(len(values) - 1, int(0.99 * len(values)))] * 1000:7.1f} ms"
            )
        for error in phase.errors[:5]:
            print(f"  ({name}) error: {error}")
    missed = [
        name
        for name, phase in (("a", idle), ("b", load))
        if phase.errors
        or len(phase.latencies) / phase.elapsed < args.rate * 0.98
        or sorted(phase.latencies)[int(0.99 * len(phase.latencies))] >= P99_TARGET
    ]
    if missed or any(lost.values()):
        print(
            f"targets missed: {', '.join(missed) or 'nothing lost'}"
            + (f"; lost {lost}" if any(lost.values()) else "")
        )
        raise SystemExit(1)
    print("targets met: rate, p99 < 250 ms, no errors, nothing lost")


def _summary(output: str) -> dict[str, int]:
    """Return the counts of an ingest's summary line ("N articles added, … M mentions coded …")."""
    found = re.search(r"(\d+) articles added, (\d+) already stored, (\d+) mentions coded", output)
    if found is None:
        raise SystemExit(f"no summary in the ingest's output:\n{output}")
    return {"added": int(found[1]), "skipped": int(found[2]), "mentions": int(found[3])}


if __name__ == "__main__":
    main()
