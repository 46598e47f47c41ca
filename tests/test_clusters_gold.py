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
FLOORS = {"event_precision": 0.95, "event_recall": 0.50, "story_precision": 0.95, "story_recall": 0.75}


def test_clusters_gold_floors(coder, tmp_store):
    items = (item for item in iter_inputs([str(FIXTURES / "articles.jsonl")]) if isinstance(item, Article))
    ingest_into(tmp_store, items, coder)
    stories = {a: s.id for s in group_stories(tmp_store.story_inputs()) for a in s.article_ids}
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    result = score_clusters(expected, tmp_store.mentions(), stories)
    assert result.event_precision >= FLOORS["event_precision"]
    assert result.event_recall >= FLOORS["event_recall"]
    assert result.story_precision >= FLOORS["story_precision"]
    assert result.story_recall >= FLOORS["story_recall"]
