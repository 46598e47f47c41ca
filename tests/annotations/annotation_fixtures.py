"""A tiny stand-in for ../shared/corpus (two articles written for the tests) and records that point into it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyads.annotations.records import sentence_hash, split_of

# Two articles of our own, in the corpus file layout (news.jsonl).
ARTICLES = [
    {
        "id": "fixture-1",
        "title": "Ministers meet",
        "text": "France condemned the coup in Mali on Monday. Its foreign minister urged the junta to free the president.",
        "date": "2021-05-24",
        "collection": "fixture",
    },
    {
        "id": "fixture-2",
        "title": None,
        "text": "Shares rose in Tokyo. Police arrested 40 protesters in Minsk.",
        "date": None,
        "collection": "fixture",
    },
]


def pointer(article: int, sentence: str, events: list[dict], **fields: object) -> dict:
    """Return a well-formed record of the sentence of the fixture article."""
    text = ARTICLES[article]["text"]
    start = text.index(sentence)
    article_id = ARTICLES[article]["id"]
    record = {
        "id": f"{article_id}@{start}",
        "split": split_of(article_id),
        "synthetic": False,
        "corpus": "news.jsonl",
        "article_id": article_id,
        "collection": "fixture",
        "start": start,
        "end": start + len(sentence),
        "sha": sentence_hash(sentence),
        "stratum": "rule",
        "annotator": "t1",
        "events": events,
        "no_event": not events,
    }
    record.update(fields)
    return record


def span(sentence: str, words: str) -> list[int]:
    start = sentence.index(words)
    return [start, start + len(words)]


S1 = "France condemned the coup in Mali on Monday."
S2 = "Its foreign minister urged the junta to free the president."
S3 = "Shares rose in Tokyo."
S4 = "Police arrested 40 protesters in Minsk."


def good_records() -> list[dict]:
    """Four well-formed records covering both articles."""
    return [
        pointer(
            0,
            S1,
            [
                {
                    "code": "111",
                    "trigger": span(S1, "condemned"),
                    "source": {"span": span(S1, "France"), "code": "FRA"},
                    "target": {"span": None, "code": "MLIMIL"},
                    "negated": False,
                    "modality": "asserted",
                }
            ],
        ),
        pointer(
            0,
            S2,
            [
                {
                    "code": "0253",
                    "trigger": span(S2, "urged"),
                    "source": {"span": span(S2, "Its foreign minister"), "code": "FRAGOV"},
                    "target": {"span": span(S2, "the junta"), "code": "MLIMIL"},
                    "negated": False,
                    "modality": "asserted",
                }
            ],
        ),
        pointer(1, S3, []),
        pointer(
            1,
            S4,
            [
                {
                    "code": "173",
                    "trigger": span(S4, "arrested"),
                    "source": {"span": span(S4, "Police"), "code": "BLRCOP"},
                    "target": {"span": span(S4, "40 protesters"), "code": "BLROPP"},
                    "negated": False,
                    "modality": "asserted",
                }
            ],
        ),
    ]


def write_folder(folder: Path, records: list[dict], name: str = "batch-01") -> Path:
    (folder / "real").mkdir(parents=True, exist_ok=True)
    path = folder / "real" / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(name="shared")
def shared_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared folder with a two-article news.jsonl, found through $DYADS_SHARED."""
    root = tmp_path / "shared"
    (root / "corpus").mkdir(parents=True)
    with (root / "corpus" / "news.jsonl").open("w", encoding="utf-8") as handle:
        for article in ARTICLES:
            handle.write(json.dumps(article) + "\n")
    monkeypatch.setenv("DYADS_SHARED", str(root))
    from dyads.corpus import load_corpus

    load_corpus.cache_clear()
    return root
