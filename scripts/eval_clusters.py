"""Print pairwise precision/recall of event clustering and story grouping on a corpus with expected clusters.

    python scripts/eval_clusters.py [ARTICLES.jsonl EXPECTED.json]   (defaults: tests/fixtures/clusters/)
    python scripts/eval_clusters.py --ratio ../shared/corpus/news.jsonl --limit 2000

`--ratio` codes a corpus into a temporary store and prints its events/mentions ratio instead.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from dyads.evaluate import score_clusters
from dyads.ingest import iter_inputs
from dyads.model import Article
from dyads.pipeline import Coder, ingest_into
from dyads.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "clusters"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--ratio", type=Path, help="a corpus to measure the events/mentions ratio on")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    coder = Coder.create()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.duckdb") as store:
        if args.ratio:
            items = (
                item
                for n, item in enumerate(iter_inputs([str(args.ratio)]))
                if args.limit is None or n < args.limit
            )
            ingest_into(store, items, coder)
            counts = store.counts()
            print(
                f"{counts['articles']} articles, {counts['mentions']} mentions, {counts['events']} events: "
                f"events/mentions {counts['events'] / max(counts['mentions'], 1):.3f}, {counts['stories']} stories"
            )
            return
        articles, expected = args.paths or [FIXTURES / "articles.jsonl", FIXTURES / "expected.json"]
        ingest_into(store, (i for i in iter_inputs([str(articles)]) if isinstance(i, Article)), coder)
        stories = {row["id"]: row["story_id"] for row in store.articles() if row["story_id"]}
        result = score_clusters(json.loads(expected.read_text(encoding="utf-8")), store.mentions(), stories)
        print(f"reports found: {result.found}/{result.expected}")
        print(
            f"event clustering: pairwise precision {result.event_precision:.3f}, recall {result.event_recall:.3f}"
        )
        print(
            f"story grouping:   pairwise precision {result.story_precision:.3f}, recall {result.story_recall:.3f}"
        )


if __name__ == "__main__":
    main()
