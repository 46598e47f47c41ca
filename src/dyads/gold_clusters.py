"""Score events and stories end to end: ingest the linking and story gold's articles into a store, compare.

`dyads eval-clusters` runs this: the articles of `annotations/linking/groups.jsonl` and of
`annotations/stories/*.jsonl` are read from ../shared/corpus and ingested, in batches, into a fresh
store with the given coder, as `dyads ingest` would. Event clusters are the store's event ids of the
gold reports (pairwise and B-cubed, `dyads.learn.linking`); stories are the store's stories of the gold
articles (purity and inverse purity, per collection).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dyads.corpus import load_articles
from dyads.errors import InputError
from dyads.evaluate import StoryScore, score_stories
from dyads.learn.linking import LinkScore, load_gold, score_partition

__all__ = ["ClusterReport", "evaluate_clusters", "load_story_gold"]


@dataclass(frozen=True, slots=True)
class ClusterReport:
    """What `dyads eval-clusters` prints."""

    links: LinkScore
    stories: dict[str, StoryScore]  # by gold file (collection)
    articles: int


def load_story_gold(folder: Path) -> dict[str, dict[str, str]]:
    """Return each story gold file's article → story mapping, by file stem."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows: dict[str, str] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                rows[str(row["article_id"])] = str(row["story"])
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(f"{path}:{number}", f"not a story gold line ({error})") from error
        found[path.stem] = rows
    return found


def evaluate_clusters(
    annotations: Path, shared: Path, coder: object, *, batch_size: int = 16
) -> ClusterReport:
    """Ingest the gold's articles into a temporary store and score its events and stories."""
    from dyads.pipeline import Coder, ingest_into
    from dyads.store import Store

    assert isinstance(coder, Coder)
    groups = load_gold(annotations / "linking")
    story_gold = load_story_gold(annotations / "stories")
    articles = load_articles(
        shared,
        {r.article_id for g in groups for r in g.reports} | {a for gold in story_gold.values() for a in gold},
    )
    with tempfile.TemporaryDirectory(prefix="dyads-clusters-") as scratch:
        with Store(Path(scratch) / "gold.duckdb") as store:
            ingest_into(store, iter(articles), coder, batch_size=batch_size)
            ids = store.events_at(
                sorted({(r.article_id, r.trigger_start) for g in groups for r in g.reports})
            )
            story_of = {row["id"]: row["story_id"] for row in store.articles() if row["story_id"]}
    event_of = {
        r.id: ids[(r.article_id, r.trigger_start)]
        for g in groups
        for r in g.reports
        if (r.article_id, r.trigger_start) in ids
    }
    found = dict.fromkeys(event_of)
    links = score_partition(groups, found, event_of)
    stories = {name: score_stories(gold, story_of) for name, gold in story_gold.items()}
    return ClusterReport(links, stories, len(articles))
