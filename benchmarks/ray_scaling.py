"""Print the Ray engine's throughput with 1 and 2 coding workers on one machine, and its scaling efficiency.

    python benchmarks/ray_scaling.py [--corpus ../shared/corpus/news.jsonl] [--limit 600] [--workers 1,2]

The first `--limit` records of the corpus are coded into Parquet shards by `dyads.scale.code_to_shards`
on a local Ray instance (as many CPUs as the machine has), once per worker count; articles/s counts
from submitting the run to the last shard written, so it includes each actor loading its spaCy model.
Then the shards of the last run are loaded into a fresh store, and the local engine ingests the same
articles in this process for reference (and to check that both stores hold the same tables). Efficiency is rate(2) / (2 × rate(1)). On a shared machine the wall-clock rates say as much about the
other processes as about dyads, so it also samples the actors' CPU time from /proc: articles per actor
CPU-second (1 vs 2 workers) is the part of scaling that the engine itself controls. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"


class _ActorCPU:
    """Samples the CPU time of the coding actors from /proc while a run goes on (Linux; else reports 0)."""

    def __init__(self) -> None:
        self.seconds: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def _sample(self) -> dict[int, float]:
        """Return the CPU seconds so far of every process that is (or was made into) a coding actor."""
        found = {}
        proc = Path("/proc")
        for entry in proc.iterdir() if proc.is_dir() else ():
            if not entry.name.isdigit():
                continue
            try:
                if b"_CodeBlocks" not in (entry / "cmdline").read_bytes():
                    continue
                # utime and stime are fields 14 and 15; the command name may hold spaces, so split after ")".
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / self._tick
        return found

    def _poll(self) -> None:
        while not self._stop.is_set():
            for pid, seconds in self._sample().items():
                # An earlier run's actor can linger: count only what it used during this run.
                self.seconds[pid] = seconds - self._before.get(pid, 0.0)
            self._stop.wait(0.25)

    def __enter__(self) -> _ActorCPU:
        self._before = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def total(self) -> float:
        """Return the CPU seconds the coding actors used (model loading included)."""
        return sum(self.seconds.values())


def _load() -> str:
    """Return the machine's 1-, 5- and 15-minute load averages."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL of articles")
    parser.add_argument("--limit", type=int, default=600, help="code the first N records")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--block-rows", type=int, default=32, help="articles per block (one actor call)")
    parser.add_argument("--repeat", type=int, default=1, help="run each worker count N times, keep the best")
    parser.add_argument("--no-local", action="store_true", help="skip the local-engine reference run")
    args = parser.parse_args()

    import ray

    from dyads.ingest import iter_inputs
    from dyads.model import Article
    from dyads.pipeline import Coder, ingest_into
    from dyads.scale import code_to_shards, load_shards
    from dyads.store import Store

    counts = [int(n) for n in args.workers.split(",")]
    scratch = Path(tempfile.mkdtemp(prefix="dyads-ray-bench-"))
    corpus = scratch / "corpus.jsonl"
    with args.corpus.open("rb") as source, corpus.open("wb") as target:
        for number, line in enumerate(source):
            if number >= args.limit:
                break
            target.write(line)
    articles = [item for item in iter_inputs([corpus]) if isinstance(item, Article)]
    words = sum(len(article.text.split()) for article in articles)
    cpus = os.cpu_count() or 1
    print(f"corpus: first {args.limit} records of {args.corpus} → {len(articles)} articles, {words} words")
    print(
        f"machine: {cpus} CPUs, {platform.python_version()}, ray {ray.__version__}; "
        f"load average before: {_load()}"
    )
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    rates: dict[int, float] = {}
    per_cpu: dict[int, float] = {}
    last = ""
    try:
        for attempt in range(args.repeat):
            for workers in counts:
                shards = str(scratch / f"shards-{workers}-{attempt}")
                started = time.perf_counter()
                with _ActorCPU() as cpu:
                    run = code_to_shards([str(corpus)], shards, workers=workers, block_rows=args.block_rows)
                seconds = time.perf_counter() - started
                rate = len(articles) / seconds
                # Best of the repeats: on a shared machine the slower runs measure the neighbours.
                if rate > rates.get(workers, 0.0):
                    rates[workers] = rate
                    per_cpu[workers] = len(articles) / cpu.total if cpu.total else 0.0
                print(
                    f"ray, {workers} worker(s): {seconds:6.1f} s  {rate:6.2f} articles/s  "
                    f"({rate / workers:.2f} per worker); actors used {cpu.total:.1f} CPU-s "
                    f"= {cpu.total / (seconds * workers):.0%} of {workers} core(s) over the run, "
                    f"{len(articles) / max(cpu.total, 1e-9):.2f} articles per actor CPU-second; "
                    f"load average {_load()}"
                )
                last = run.shards
    finally:
        ray.shutdown()
    started = time.perf_counter()
    with Store(scratch / "ray.duckdb") as store:
        summary = load_shards(store, last, batch_size=64)
        stored = store.counts()
        ray_tables = (store.mentions(), store.events(), store.stories())
    print(
        f"load shards → DuckDB: {time.perf_counter() - started:.1f} s ({summary.articles_added} articles, "
        f"{stored['mentions']} mentions, {stored['events']} events, {stored['stories']} stories)"
    )
    if not args.no_local:
        started = time.perf_counter()
        with Store(scratch / "local.duckdb") as store:
            ingest_into(store, iter_inputs([corpus]), Coder.create())
            local_tables = (store.mentions(), store.events(), store.stories())
        seconds = time.perf_counter() - started
        print(
            f"local engine, one process: {seconds:6.1f} s  {len(articles) / seconds:6.2f} articles/s "
            f"(model load and store writes included); same mentions, events, stories as Ray: "
            f"{local_tables == ray_tables}"
        )
    if 1 in rates and 2 in rates:
        best = " (best of each)" if args.repeat > 1 else ""
        print(f"scaling efficiency rate(2) / (2 × rate(1)){best}: {rates[2] / (2 * rates[1]):.2f}")
        if per_cpu[1] and per_cpu[2]:
            # CPU time does not depend on how much of the machine other processes leave us: from
            # cpu(w) = w × fixed + n × per_article, two runs give each worker's fixed cost (Ray worker
            # start, model load) and the steady cost of one article.
            n = len(articles)
            cpu1, cpu2 = n / per_cpu[1], n / per_cpu[2]
            fixed = max(cpu2 - cpu1, 0.0)
            per_article = (cpu1 - fixed) / n
            ideal = (fixed + n * per_article) / (2 * fixed + n * per_article)
            print(
                f"actor CPU: {fixed:.1f} CPU-s fixed per worker, {1 / per_article:.1f} articles per CPU-second "
                f"steady; efficiency these CPU costs give on {n} articles when each worker has a whole "
                f"core: {ideal:.2f}"
            )
    print(f"load average after: {_load()}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
