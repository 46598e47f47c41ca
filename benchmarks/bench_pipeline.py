"""Print coding speed: bare `nlp.pipe` versus the whole dyads coder on the same texts (asserts nothing).

    python benchmarks/bench_pipeline.py [PATH ...] [--limit N]

PATH defaults to ../shared/seeds (or the bundled samples when ../shared is absent); JSONL, text,
HTML and directories are read by dyads' own ingest.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from dyads.ingest import iter_inputs
from dyads.model import Article
from dyads.pipeline import Coder

ROOT = Path(__file__).resolve().parents[1]


def _default_paths() -> list[str]:
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        return [str(seeds)]
    return [str(ROOT / "src" / "dyads" / "data" / "samples")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles")
    parser.add_argument("--repeat", type=int, default=1, help="code the texts this many times")
    args = parser.parse_args()
    paths = args.paths or _default_paths()
    articles = [item for item in iter_inputs(paths) if isinstance(item, Article)][: args.limit]
    articles = articles * args.repeat
    coder = Coder.create()
    coder.code_text(
        "Warm-up: France criticized Germany in Geneva."
    )  # loads the model, dictionaries, gazetteer
    words = sum(len(article.text.split()) for article in articles)

    started = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in coder.nlp.pipe(a.text for a in articles))
    bare = time.perf_counter() - started

    started = time.perf_counter()
    mentions = sum(len(coded) for _, coded in coder.code_articles(articles))
    full = time.perf_counter() - started

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs: {', '.join(paths)}")
    print(f"articles: {len(articles)}, sentences: {sentences}, words: {words}")
    print(
        f"bare nlp.pipe : {len(articles) / bare:8.1f} articles/s {sentences / bare:9.1f} sentences/s "
        f"{words / bare:10.0f} words/s"
    )
    print(
        f"dyads coding  : {len(articles) / full:8.1f} articles/s {sentences / full:9.1f} sentences/s "
        f"{words / full:10.0f} words/s"
    )
    print(f"events coded  : {mentions} ({mentions / full:.1f} events/s)")
    print(f"ratio dyads/bare: {bare / full:.2f}")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
