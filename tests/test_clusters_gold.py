"""Clustering gate on our own corpus (tests/fixtures/clusters, written for dyads): floors only go up."""

from __future__ import annotations

import json
from pathlib import Path

from dyads.evaluate import score_clusters
from dyads.ingest import iter_inputs
from dyads.model import Article
from dyads.pipeline import ingest_into
from dyads.stories import group_stories

FIXTURES = Path(__file__).parent / "fixtures" / "clusters"
FLOORS = {"event_precision": 0.95, "event_recall": 0.90, "story_precision": 0.95, "story_recall": 0.90}


def _partition(groups: dict[str, str]) -> set[frozenset[str]]:
    """Return the groups of a member → group mapping as a set of member sets."""
    found: dict[str, set[str]] = {}
    for member, group in groups.items():
        found.setdefault(group, set()).add(member)
    return {frozenset(members) for members in found.values()}


def test_clusters_gold_floors(coder, tmp_store):
    items = (item for item in iter_inputs([str(FIXTURES / "articles.jsonl")]) if isinstance(item, Article))
    # small batches: events and stories are built incrementally, batch by batch
    ingest_into(tmp_store, items, coder, batch_size=4)
    stories = {row["id"]: row["story_id"] for row in tmp_store.articles() if row["story_id"]}
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    result = score_clusters(expected, tmp_store.mentions(), stories)
    assert result.event_precision >= FLOORS["event_precision"]
    assert result.event_recall >= FLOORS["event_recall"]
    assert result.story_precision >= FLOORS["story_precision"]
    assert result.story_recall >= FLOORS["story_recall"]
    # incremental grouping gives the stories a regrouping of the whole store gives
    regrouped = {a: s.id for s in group_stories(tmp_store.story_inputs()) for a in s.article_ids}
    assert _partition(stories) == _partition(regrouped)
