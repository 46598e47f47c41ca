"""Print ingest speed: bare spaCy `nlp.pipe` versus the whole `dyads ingest` on the same texts (asserts nothing).

    python benchmarks/ingest.py [--corpus PATH] [--limit N] [--processes N] [--batch-size N] [--coder NAME ...]

The texts are `--limit` records spread evenly over ../shared/corpus/news.jsonl (or, when that is absent,
a corpus generated from the bundled samples and test fixtures). They are written to a temporary JSONL
file, then, in this one process:

(a) the model as spaCy ships it (no dyads component) parses them with `nlp.pipe` (`n_process=N`);
(b) `ingest_into` reads that file with dyads' own readers and codes it into a fresh store (the real
    `dyads ingest` path, stories included) with `processes=N`, once per `--coder` (learned and rules
    by default), each into its own store.

Both print articles/s, sentences/s (of the bare parse) and words/s (whitespace-separated); then the
ratio (b)/(a), the peak RSS of this process and of its largest worker, and the store's size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import spacy

import dyads
from dyads.coding.decide import CODERS
from dyads.ingest import iter_inputs
from dyads.model import Article
from dyads.parse import MODEL_NAMES
from dyads.pipeline import Coder, CoderSpec, ingest_into
from dyads.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"


def _spread(path: Path, limit: int) -> Iterator[str]:
    """Yield `limit` lines spread evenly over a JSONL file (all of them when it has fewer)."""
    with path.open("rb") as handle:
        total = sum(1 for _ in handle)
    step = max(total / limit, 1.0)
    wanted = {int(i * step) for i in range(min(limit, total))}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number in wanted:
                yield line.rstrip("\n")


def _generated(limit: int) -> Iterator[str]:
    """Yield `limit` JSONL records built from the bundled samples and test fixtures, each with a new id."""
    paths = [ROOT / "src" / "dyads" / "data" / "samples", ROOT / "tests" / "fixtures" / "articles"]
    articles = [
        item for item in iter_inputs([str(p) for p in paths if p.exists()]) if isinstance(item, Article)
    ]
    for n, article in zip(range(limit), itertools.cycle(articles), strict=False):
        record = {"id": f"gen-{n}", "title": article.title, "text": article.text}
        record["date"] = article.published.isoformat() if article.published else None
        yield json.dumps(record, ensure_ascii=False)


def _rates(label: str, seconds: float, articles: int, sentences: int, words: int) -> None:
    print(
        f"{label:<14}: {seconds:7.1f} s {articles / seconds:8.1f} articles/s "
        f"{sentences / seconds:9.1f} sentences/s {words / seconds:10.0f} words/s"
    )


def main() -> None:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="JSONL corpus [../shared/corpus/news.jsonl]"
    )
    parser.add_argument("--limit", type=int, default=2000, help="articles to use [2000]")
    parser.add_argument("--processes", type=int, default=1, help="parse/code processes [1]")
    parser.add_argument("--batch-size", type=int, default=64, help="articles per batch [64]")
    parser.add_argument("--skip-bare", action="store_true", help="only run the ingest")
    parser.add_argument(
        "--coder", action="append", choices=sorted(CODERS), help="coder(s) to time [learned and rules]"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dyads-bench-") as tmp:
        source = Path(tmp, "corpus.jsonl")
        lines = _spread(args.corpus, args.limit) if args.corpus.is_file() else _generated(args.limit)
        source.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
        words = sum(len(text.split()) for text in texts)
        origin = args.corpus if args.corpus.is_file() else "generated from samples and fixtures"
        print(f"dyads {dyads.__version__} from {Path(dyads.__file__).parent}")
        print(
            f"corpus: {origin}; articles: {len(texts)}, words: {words}, processes: {args.processes}, "
            f"batch size: {args.batch_size}, cpus: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}"
        )

        sentences = 0
        bare = bare_cpu = float("nan")
        if not args.skip_bare:
            nlp = spacy.load(next(n for n in MODEL_NAMES if _installed(n)))
            list(nlp.pipe(["Warm-up: France criticized Germany in Geneva."]))
            cpu_before = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes):
                sentences += sum(1 for _ in doc.sents)
            bare = time.perf_counter() - started
            bare_cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - cpu_before
            del nlp
            _rates("bare nlp.pipe", bare, len(texts), sentences, words)

        for name in args.coder or ["learned", "rules"]:
            _time_ingest(name, args, Path(tmp), source, (texts, sentences, words), bare, bare_cpu)


def _time_ingest(
    name: str,
    args: argparse.Namespace,
    tmp: Path,
    source: Path,
    sizes: tuple[list[str], int, int],
    bare: float,
    bare_cpu: float,
) -> None:
    """Ingest the texts with one coder into a fresh store and print its rates beside the bare parse."""
    texts, sentences, words = sizes
    db = tmp / f"bench-{name}.duckdb"
    # Like the bare run: one process loads the model before the clock starts; workers load theirs
    # inside it (as spaCy's n_process workers do).
    spec = CoderSpec(coder=name)
    coder: Coder | CoderSpec = spec
    if args.processes == 1:
        coder = spec.build()
        coder.code_text("Warm-up: France criticized Germany in Geneva.")
    rss_before = _rss_mb()
    own_before, children_before = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with Store(db) as store:
        summary = ingest_into(
            store,
            iter_inputs([str(source)]),
            coder,
            batch_size=args.batch_size,
            processes=args.processes,
        )
        counts = store.counts()
    full = time.perf_counter() - started
    own_cpu = _cpu(resource.RUSAGE_SELF) - own_before
    workers_cpu = _cpu(resource.RUSAGE_CHILDREN) - children_before
    _rates(f"ingest {name}", full, len(texts), sentences, words)
    print(
        f"  stored: {summary.articles_added} articles, {counts['mentions']} mentions, "
        f"{counts['events']} events, {counts['stories']} stories, {len(summary.problems)} problems"
    )
    if bare == bare:  # not NaN: the bare run was made
        print(f"  ratio ingest/bare ({name}): {bare / full:.2f}")
        # CPU seconds are less disturbed than wall time by other work on a shared machine.
        print(f"  cpu ratio bare/ingest ({name}): {bare_cpu / (own_cpu + workers_cpu):.2f}")
    print(f"  ingest cpu time: this process {own_cpu:.0f} s, worker processes {workers_cpu:.0f} s")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"  peak RSS: this process {own:.0f} MB ({rss_before:.0f} MB when the ingest started, "
        f"the bare run's model included), largest child process {largest_child:.0f} MB"
    )
    print(f"  store size: {db.stat().st_size / 1e6:.1f} MB")


def _cpu(who: int) -> float:
    """Return the user + system CPU seconds of this process or of its waited-for children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    """Return this process's resident memory now, in MB (Linux; NaN elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
    except (OSError, StopIteration):
        return float("nan")


def _installed(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
