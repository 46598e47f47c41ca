"""Ingest with worker processes stores exactly what one process stores (issue 11)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from dyads.identity import text_digest
from dyads.ingest import iter_inputs
from dyads.pipeline import Coder, CoderSpec, ingest_into
from dyads.store import Store

SAMPLES = sorted(str(p) for p in Path(str(resources.files("dyads") / "data" / "samples")).glob("*.txt"))
FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _contents(store: Store) -> dict[str, Any]:
    """Return what a run stored, without the ingest timestamps."""
    return {
        "articles": [{k: v for k, v in row.items() if k != "ingested_at"} for row in store.articles()],
        "mentions": store.mentions(),
        "events": store.events(),
        "stories": store.stories(),
    }


@pytest.mark.issue(11)
def test_workers_two_processes_store_what_one_process_stores(tmp_path: Path, coder: Coder) -> None:
    # Several small batches in flight at once, with repeats across them; worker start-up is most of the time.
    inputs = [
        *SAMPLES[:5],
        str(FIXTURES / "records.jsonl"),
        str(FIXTURES / "wire_dateline.txt"),
        *SAMPLES[:2],
    ]
    # Issue 23: one id under several texts, spread over batches that are in flight together.
    clashes = tmp_path / "clashes.jsonl"
    texts = [
        "China condemned Japan.",
        "Iran accused Iraq.",
        "China condemned Japan.",
        "Russia threatened Georgia.",
    ]
    clashes.write_text("".join(f'{{"id": "c1", "text": "{text}"}}\n' for text in texts), encoding="utf-8")
    inputs.append(str(clashes))
    results = []
    for processes in (1, 2):
        with Store(tmp_path / f"p{processes}.duckdb") as store:
            summary = ingest_into(
                store,
                iter_inputs(inputs),
                coder if processes == 1 else CoderSpec(coder="rules"),
                batch_size=2,
                processes=processes,
            )
            results.append((summary, _contents(store)))
    (one, stored_one), (two, stored_two) = results
    assert stored_one["mentions"] and stored_one["events"]
    assert (two.articles_added, two.articles_skipped, two.mentions_added) == (
        one.articles_added,
        one.articles_skipped,
        one.mentions_added,
    )
    assert stored_two == stored_one
    clashing = {row["id"]: row["text"] for row in stored_one["articles"] if row["id"].startswith("c1")}
    assert clashing == {
        "c1": texts[0],
        "c1#" + text_digest(texts[1])[:8]: texts[1],
        "c1#" + text_digest(texts[3])[:8]: texts[3],
    }


@pytest.mark.issue(11)
def test_workers_need_a_spec_to_rebuild_the_coder(tmp_store: Store, coder: Coder) -> None:
    from dataclasses import replace

    bare = replace(coder, spec=None)
    with pytest.raises(ValueError, match="CoderSpec"):
        ingest_into(tmp_store, iter_inputs(SAMPLES[:1]), bare, processes=2)
    with pytest.raises(ValueError, match="at least 1"):
        ingest_into(tmp_store, iter_inputs(SAMPLES[:1]), coder, processes=0)


@pytest.mark.issue(11)
def test_workers_batched_dedup_check(tmp_store: Store, coder: Coder) -> None:
    ingest_into(tmp_store, iter_inputs(SAMPLES[:2]), coder)
    ids = [row["id"] for row in tmp_store.articles()]
    assert tmp_store.stored_article_ids([*ids, "not-stored"]) == set(ids)
    assert tmp_store.stored_article_ids([]) == set()
    again = ingest_into(tmp_store, iter_inputs(SAMPLES[:2]), coder)
    assert (again.articles_added, again.articles_skipped) == (0, 2)


@pytest.mark.issue(11)
def test_workers_report_a_dyads_error_from_a_worker(tmp_store: Store) -> None:
    from dyads.errors import DyadsError

    with pytest.raises(DyadsError, match="no spaCy English model"):
        ingest_into(tmp_store, iter_inputs(SAMPLES[:1]), CoderSpec(model="no_such_model"), processes=2)
