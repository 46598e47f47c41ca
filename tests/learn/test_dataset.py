"""Training rows from annotations: candidates aligned with the annotator's events, on the tests' own corpus."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annotations"))

from annotation_fixtures import S1, S3, S4, good_records, shared_fixture  # noqa: E402, F401

from dyads.annotations.records import annotation_from_json  # noqa: E402
from dyads.learn.dataset import NONE, annotated_rows  # noqa: E402


def test_rows_label_the_gold_triggers_and_their_roles(shared, coder) -> None:  # type: ignore[no-untyped-def]
    annotations = [annotation_from_json(r) for r in good_records()]
    rows = {r.text: r for r in annotated_rows(annotations, shared, coder)}
    assert set(rows) == {S1, S3, S4, "Its foreign minister urged the junta to free the president."}
    condemn = rows[S1]
    labelled = [t for t in condemn.triggers if t.root != NONE]
    assert [(S1[t.span[0] : t.span[1]], t.root, t.code) for t in labelled] == [("condemned", "11", "111")]
    assert condemn.gold_roots == ["11"]
    assert labelled[0].rule_root == "11"
    roles = {S1[r.actor[0] : r.actor[1]]: r.role for r in condemn.roles}
    assert roles["France"] == "source"
    arrest = rows[S4]
    assert {S4[r.actor[0] : r.actor[1]]: r.role for r in arrest.roles}.get("Police") == "source"
    quiet = rows[S3]
    assert quiet.gold_roots == [] and all(t.root == NONE for t in quiet.triggers)
    assert sum(r.missed for r in rows.values()) == 0


def test_a_negated_event_teaches_no_event(shared, coder) -> None:  # type: ignore[no-untyped-def]
    record = good_records()[0]
    record["events"][0]["negated"] = True
    rows = list(annotated_rows([annotation_from_json(record)], shared, coder))
    assert rows[0].gold_roots == []
    assert all(t.root == NONE for t in rows[0].triggers)
