"""Print latency (median, p95) of the main HTTP API endpoints over a store (asserts nothing).

    python benchmarks/bench_api.py STORE.duckdb [--requests 200]

A store of 100,000 events for it: `python benchmarks/synthetic_store.py SOURCE.duckdb BIG.duckdb`.
Serves the store on a loopback port in this process and sends a bounded number of requests to each
endpoint, one at a time.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from dyads.api import create_app
from dyads.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with Store(args.store, read_only=True) as store:
        counts = store.counts()
        event = store.events(limit=1, offset=counts["events"] // 2)[0]["event_id"]
        story = (store.stories(limit=1) or [{"id": "none"}])[0]["id"]
        edge = (store.network(limit=1) or [{"source": "USA", "target": "JPN"}])[0]
        top = (edge["source"][:3], edge["target"][:3])
        busiest = max(
            store.dyad_series(*top, freq="W", both=True) or [{"period": "2000-01-03", "events": 0}],
            key=lambda r: r["events"],
        )
        period = str(busiest["period"])
        cluster = (store.places(cell=8.0, limit=1) or [{"row": 0, "column": 0}])[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    endpoints = {
        "events (page of 100)": "/api/events?limit=100",
        "events filtered": "/api/events?actor=USA&root=11&limit=100",
        "one event + mentions": f"/api/events/{event}",
        "dyad series (weekly)": f"/api/dyads/{top[0]}/{top[1]}/series?freq=W&both=true",
        "network": "/api/network?limit=200",
        "actors": "/api/actors",
        "story": f"/api/stories/{story}",
        # What each dashboard view asks for.
        "map (all places)": "/api/places",
        "events table, last page": f"/api/events?limit=100&offset={max(0, counts['events'] - 100)}",
        "events newest first": "/api/events?sort=-date&limit=100",
        "events text search": "/api/events?q=ceasefire&limit=100",
        "bar's reports": f"/api/events?dyad={top[0]},{top[1]}&period={period}&freq=W&limit=500",
        "stories page": "/api/stories?limit=100&offset=100",
        "network, top dyad": "/api/network?limit=1",
        "map clustered (8°)": "/api/places?grid=8",
        "map clustered (0.5°)": "/api/places?grid=0.5",
        "a map point's events": f"/api/events?cell=8:{cluster['row']}:{cluster['column']}&limit=500",
        "an arrow's events": f"/api/events?edge={edge['source']}>{edge['target']}&limit=500",
    }
    print(
        f"store: {args.store} ({counts['events']} events, {counts['mentions']} mentions, "
        f"{counts['articles']} articles); {args.requests} requests per endpoint"
    )
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for name, path in endpoints.items():
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            timings.sort()
            p95 = timings[int(0.95 * (len(timings) - 1))]
            print(f"{name:24} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms")
    server.should_exit = True
    thread.join(timeout=10)  # let the app's lifespan close the store


if __name__ == "__main__":
    main()
