"""The linking and story gold: loaders, scores, and the packaged linker's manifest."""

import json
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.evaluate import score_stories
from dyads.gold_clusters import load_story_gold
from dyads.learn.linking import GoldGroup, GoldReport, gold_hash, load_gold, score_partition
from dyads.linking import FEATURES, default_linker

ANNOTATIONS = Path(__file__).resolve().parents[2] / "annotations"


def test_linking_gold_is_well_formed_and_big_enough():
    groups = load_gold(ANNOTATIONS / "linking")
    pairs = same = 0
    for group in groups:
        scored = [r.id for r in group.reports if r.id in group.cluster_of]
        for i, a in enumerate(scored):
            for b in scored[i + 1 :]:
                pairs += 1
                same += group.cluster_of[a] == group.cluster_of[b]
    assert pairs >= 300
    assert pairs - same >= pairs / 2  # most pairs are hard: same dyad and root, other happenings


def test_linking_gold_holds_no_corpus_text():
    for line in (ANNOTATIONS / "linking" / "groups.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) <= {"group", "reports", "clusters", "not_events", "note", "annotator"}
        assert all(set(r) == {"report", "article_id", "sentence", "trigger"} for r in row["reports"])


def test_packaged_linker_was_fitted_on_the_committed_gold():
    linker = default_linker()
    assert list(linker.manifest["weights"]) == list(FEATURES)
    assert linker.manifest["training_data"]["hash"] == gold_hash(ANNOTATIONS / "linking")
    assert linker.manifest["cross_validated"]["bcubed_f1"] >= 0.85


def test_score_partition_pairs_and_bcubed():
    reports = tuple(GoldReport(f"G-{i}", "a", i) for i in range(1, 5))
    group = GoldGroup("G", reports, {"G-1": 0, "G-2": 0, "G-3": 1, "G-4": 1})
    found = dict.fromkeys(("G-1", "G-2", "G-3", "G-4"))
    perfect = score_partition([group], found, {"G-1": "x", "G-2": "x", "G-3": "y", "G-4": "y"})
    assert (perfect.pair_precision, perfect.pair_recall, perfect.bcubed_f1) == (1.0, 1.0, 1.0)
    merged = score_partition([group], found, dict.fromkeys(found, "x"))
    assert (merged.pair_precision, merged.pair_recall) == (round(2 / 6, 3), 1.0)
    assert merged.bcubed_precision == 0.5 and merged.bcubed_recall == 1.0


def test_load_gold_names_the_bad_line(tmp_path):
    (tmp_path / "groups.jsonl").write_text('{"group": "L1", "reports": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match="groups.jsonl:1"):
        load_gold(tmp_path)


def test_story_gold_and_its_score():
    gold = load_story_gold(ANNOTATIONS / "stories")
    assert set(gold) == {"guardian", "bbc-politics"}
    stories = sum(
        sum(1 for n in (list(g.values()).count(s) for s in set(g.values())) if n > 1) for g in gold.values()
    )
    assert stories >= 30
    toy = {"a": "s1", "b": "s1", "c": "s2"}
    assert score_stories(toy, {"a": "x", "b": "x", "c": "y"}).purity == 1.0
    lumped = score_stories(toy, {"a": "x", "b": "x", "c": "x"})
    assert (round(lumped.purity, 3), lumped.inverse_purity) == (0.667, 1.0)
