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
# Event recall came down from 0.90 when the linker replaced keyed dedupe: c02's rewrite shares too few
# words with the others to be linked. On the real linking gold the linker is far better (pairwise
# precision 0.60 → 0.75, recall 0.56 → 0.64, B-cubed F1 0.87 → 0.92; docs/linking.md). Story recall
# came down from 0.90 with the threshold chosen on the real story gold: the April ministers' talks
# (c08, c09) become a thread of their own, apart from the March textbook row.
FLOORS = {"event_precision": 0.95, "event_recall": 0.85, "story_precision": 0.95, "story_recall": 0.80}


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


def _summary(store):
    events = sorted(
        (e["event_id"], e["num_mentions"], e["num_articles"], e["num_sources"], e["status"], e["cameo"])
        for e in store.events()
    )
    stories = _partition({row["id"]: row["story_id"] for row in store.articles() if row["story_id"]})
    return events, stories


def test_counts_and_ids_survive_reingest_and_another_order(coder, tmp_path):
    from dyads.store import Store

    items = [item for item in iter_inputs([str(FIXTURES / "articles.jsonl")]) if isinstance(item, Article)]
    with Store(tmp_path / "forward.duckdb") as forward:
        ingest_into(forward, iter(items), coder, batch_size=4)
        expected = _summary(forward)
        ingest_into(forward, iter(items), coder, batch_size=4)  # re-ingest: nothing doubles
        assert _summary(forward) == expected
    with Store(tmp_path / "backward.duckdb") as backward:
        half = len(items) // 2
        # another order, other batches, and two runs: the later half first
        ingest_into(backward, iter(list(reversed(items[half:]))), coder, batch_size=3)
        ingest_into(backward, iter(list(reversed(items[:half]))), coder, batch_size=5)
        assert _summary(backward) == expected
    assert any(count > 1 for _, count, *_ in expected[0])
