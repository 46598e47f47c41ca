"""Build a large store for benchmarks by repeating a real one, shifted in time (asserts nothing).

    python benchmarks/synthetic_store.py SOURCE.duckdb OUT.duckdb [--events 100000]

Each copy of SOURCE's articles, mentions, events and stories gets ids suffixed `~k` and its dates moved
on by k × 30 days, so the result has the source's mix of dyads, codes, places and text, spread over
more time. The tables are copied as they are (no recoding, no reclustering): the store is for
measuring views, not for its events.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import duckdb

from dyads.store import Store

SHIFT_DAYS = 30


def _shifted(column: str, k: int) -> str:
    """SQL for an ISO date text column moved on by k copies (day-dated values only; others kept)."""
    days = k * SHIFT_DAYS
    return (
        f"CASE WHEN length({column}) = 10 THEN CAST(CAST({column} AS DATE) + INTERVAL {days} DAY AS DATE)::VARCHAR "
        f"ELSE {column} END"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} exists: give a new file")
    Store(args.out).close()  # the current schema, empty
    started = time.monotonic()
    con = duckdb.connect(str(args.out))
    con.execute(f"ATTACH '{args.source}' AS src (READ_ONLY)")
    events = con.execute("SELECT count(*) FROM src.events").fetchone()[0]
    copies = max(1, math.ceil(args.events / max(1, events)))
    mention_columns = [row[0] for row in con.execute("DESCRIBE src.mentions").fetchall()]
    event_columns = [row[0] for row in con.execute("DESCRIBE src.events").fetchall()]
    for k in range(copies):
        tag = f"'~{k}'"
        con.execute(
            "INSERT INTO articles SELECT id || " + tag + ", title, "
            f"CAST(published + INTERVAL {k * SHIFT_DAYS} DAY AS DATE), source, url, path, text, ingested_at, "
            f"story_id || {tag} FROM src.articles"
        )
        renamed = {
            "id": f"id || {tag}",
            "article_id": f"article_id || {tag}",
            "event_id": f"event_id || {tag}",
            "date": _shifted("date", k),
        }
        con.execute(
            f"INSERT INTO mentions ({', '.join(mention_columns)}) SELECT "
            + ", ".join(renamed.get(c, c) for c in mention_columns)
            + " FROM src.mentions"
        )
        renamed = {
            "id": f"id || {tag}",
            "mention_id": f"mention_id || {tag}",
            "story_id": f"story_id || {tag}",
            "date": _shifted("date", k),
            "first_seen": _shifted("first_seen", k),
            "last_seen": _shifted("last_seen", k),
        }
        con.execute(
            f"INSERT INTO events ({', '.join(event_columns)}) SELECT "
            + ", ".join(renamed.get(c, c) for c in event_columns)
            + " FROM src.events"
        )
        start, end = _shifted("start", k), _shifted('"end"', k)
        con.execute(
            f"INSERT INTO stories SELECT id || {tag}, title, {start}, {end}, num_articles, num_events FROM src.stories"
        )
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "mentions", "events")
    }
    con.close()
    print(f"{args.out}: {copies} copies of {args.source}: {counts} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
