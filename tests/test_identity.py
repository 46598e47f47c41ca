"""Issue 23: an article is its text; a second text under a used id is stored under an id of its own."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dyads.identity import candidate_ids, place_articles, text_digest
from dyads.ingest import iter_inputs
from dyads.model import RENAMED, Article
from dyads.pipeline import CodedBatch, ingest_into, store_coded
from dyads.store import Store

CHINA = "China condemned Japan."
IRAN = "Iran accused Iraq."


def _derived(claimed: str, text: str) -> str:
    return f"{claimed}#{text_digest(text)[:8]}"


def _nothing_stored(ids: object) -> dict[str, str]:
    return {}


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def _stored_texts(store: Store) -> dict[str, str]:
    return {row["id"]: row["text"] for row in store.articles()}


@pytest.mark.issue(23)
def test_candidate_ids_start_with_the_claim_then_derive_from_the_text() -> None:
    candidates = candidate_ids("1", text_digest(IRAN))
    assert [next(candidates) for _ in range(3)] == ["1", _derived("1", IRAN), _derived("1", IRAN) + ".2"]


@pytest.mark.issue(23)
def test_place_articles_same_id_same_text_is_a_duplicate() -> None:
    placed = place_articles([Article("1", CHINA), Article("1", CHINA)], _nothing_stored)
    assert placed == ["1", None]


@pytest.mark.issue(23)
def test_place_articles_same_id_other_text_gets_a_derived_id() -> None:
    placed = place_articles([Article("1", CHINA), Article("1", IRAN)], _nothing_stored)
    assert placed == ["1", _derived("1", IRAN)]


@pytest.mark.issue(23)
def test_place_articles_checks_the_store_and_a_taken_derived_id() -> None:
    # A hostile record may claim the derived id first: the next candidate is tried, never a mix.
    stored = {"1": text_digest(CHINA), _derived("1", IRAN): text_digest("Something else entirely.")}

    def lookup(ids: object) -> dict[str, str]:
        return {i: stored[i] for i in ids if i in stored}  # type: ignore[attr-defined]

    placed = place_articles([Article("1", CHINA), Article("1", IRAN)], lookup)
    assert placed == [None, _derived("1", IRAN) + ".2"]


@pytest.mark.issue(23)
@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_ingest_same_id_other_text_is_stored_and_reported(tmp_path: Path, coder, batch_size: int) -> None:
    source = _write_jsonl(tmp_path / "x.jsonl", [{"id": "1", "text": CHINA}, {"id": "1", "text": IRAN}])
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest_into(store, iter_inputs([source]), coder, batch_size=batch_size)
        assert (summary.articles_added, summary.articles_skipped) == (2, 0)
        assert _stored_texts(store) == {"1": CHINA, _derived("1", IRAN): IRAN}
        # Each text's events hang on that text's article: evidence is always the stored text.
        quoted = {(m["article_id"], m["sentence"]) for m in store.mentions()}
        assert quoted == {("1", CHINA), (_derived("1", IRAN), IRAN)}
        assert store.check() == []
    (problem,) = summary.problems
    assert (problem.source, problem.line, problem.stage) == (str(source), 2, RENAMED)
    assert "'1'" in problem.reason and repr(_derived("1", IRAN)) in problem.reason


@pytest.mark.issue(23)
@pytest.mark.parametrize("batch_size", [1, 2])
def test_ingest_repeated_ids_lose_nothing_across_batches_and_runs(
    tmp_path: Path, coder, batch_size: int
) -> None:
    pairs = [("France", "Italy"), ("China", "Japan"), ("Russia", "Georgia"), ("Iran", "Iraq")]
    verbs = ["criticized", "praised", "accused"]
    # 12 distinct texts under 5 ids, plus two exact repeats (same id, same text).
    texts = [f"{a} {verb} {b}." for a, b in pairs for verb in verbs]
    records = [{"id": f"r{index % 5}", "text": text} for index, text in enumerate(texts)]
    records += [records[0], records[7]]
    source = _write_jsonl(tmp_path / "x.jsonl", records)
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest_into(store, iter_inputs([source]), coder, batch_size=batch_size)
        assert (first.articles_added, first.articles_skipped) == (12, 2)
        assert sorted(_stored_texts(store).values()) == sorted(texts)
        assert len(first.problems) == 7  # every text after the first under each id
        assert store.check() == []
        again = ingest_into(store, iter_inputs([source]), coder, batch_size=batch_size)
        assert (again.articles_added, again.articles_skipped, again.problems) == (0, 14, ())
        assert store.counts()["articles"] == 12


@pytest.mark.issue(23)
def test_ingest_new_text_under_an_id_stored_by_an_earlier_run(tmp_path: Path, coder) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest_into(
            store, iter_inputs([_write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": CHINA}])]), coder
        )
        later = ingest_into(
            store, iter_inputs([_write_jsonl(tmp_path / "b.jsonl", [{"id": "1", "text": IRAN}])]), coder
        )
        assert later.articles_added == 1
        assert _stored_texts(store) == {"1": CHINA, _derived("1", IRAN): IRAN}


@pytest.mark.issue(23)
def test_store_coded_renames_coded_articles_as_coding_under_the_new_id_would(tmp_path: Path, coder) -> None:
    # The Ray engine hands store_coded articles coded under their claimed ids.
    coded = list(coder.code_articles([Article("1", CHINA), Article("1", IRAN)]))
    with Store(tmp_path / "s.duckdb") as store:
        summary = store_coded(store, [CodedBatch(1, coded[:1], []), CodedBatch(1, coded[1:], [])])
        assert summary.articles_added == 2
        assert store.check() == []
    direct = next(coder.code_articles([Article(_derived("1", IRAN), IRAN)]))[1]
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as con:
        stored = con.execute(
            "SELECT id, event_id FROM mentions WHERE article_id = ? ORDER BY id", [_derived("1", IRAN)]
        ).fetchall()
    assert stored == sorted((m.id, m.event_id) for m in direct)
    assert stored
