"""Annotations as `dyads eval` gold: one record per article, scored sentence by sentence.

A record holds the whole article's text, so the coder sees the context it would see in use
(pronouns, the article's country), and a `scope` listing the annotated sentences: only mentions
of those sentences are scored, each sentence against its own events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from dyads.annotations.records import Annotation, corpus_article
from dyads.errors import InputError
from dyads.evaluate import GoldRecord, Triple, parse_date
from dyads.ingest.jsonl import write_json_lines

__all__ = ["gold_records", "write_gold"]


def _triples(annotation: Annotation) -> list[Triple]:
    return [
        (e.source.code if e.source else None, e.target.code if e.target else None, e.code)
        for e in annotation.events
        if e.counts
    ]


def gold_records(
    annotations: Iterable[Annotation], shared: Path | None, *, split: str | None
) -> list[GoldRecord]:
    """Return the gold records of the annotations of one split (all splits when None)."""
    chosen = [a for a in annotations if split is None or a.split == split]
    by_article: dict[str, list[Annotation]] = defaultdict(list)
    records: list[GoldRecord] = []
    for annotation in chosen:
        if annotation.synthetic:
            text = annotation.text or ""
            found = _triples(annotation)
            records.append(
                GoldRecord(
                    annotation.id,
                    text,
                    parse_date(annotation.date),
                    tuple(found),
                    True,
                    category="synthetic",
                    scope=((0, len(text)),),
                    event_starts=tuple(0 for _ in found),
                )
            )
        else:
            by_article[annotation.article_id or ""].append(annotation)
    if by_article and shared is None:
        raise InputError("../shared", "the corpus the annotations point into is not here (set DYADS_SHARED)")
    for article_id, sentences in sorted(by_article.items()):
        sentences.sort(key=lambda a: a.start)
        article = corpus_article(sentences[0], shared) if shared else None
        if article is None:
            raise InputError(
                sentences[0].origin or article_id, f"article {article_id!r} not found in the corpus"
            )
        events: list[Triple] = []
        starts: list[int | None] = []
        for sentence in sentences:
            found = _triples(sentence)
            events.extend(found)
            starts.extend(sentence.start for _ in found)
        records.append(
            GoldRecord(
                article_id,
                article.text,
                article.date,
                tuple(events),
                True,
                category=article.collection,
                scope=tuple((s.start, s.end) for s in sentences),
                event_starts=tuple(starts),
            )
        )
    return records


def write_gold(path: Path, records: Sequence[GoldRecord]) -> int:
    """Write gold records as `dyads eval` JSONL (with text: keep it outside the project)."""
    return write_json_lines(
        path,
        (
            {
                "id": record.id,
                "text": record.text,
                "date": record.date.isoformat() if record.date else None,
                "category": record.category,
                "scope": [list(pair) for pair in record.scope],
                "events": [
                    {"source": s, "target": t, "code": c, "sentence_start": at}
                    for (s, t, c), at in zip(record.events, record.event_starts, strict=True)
                ],
            }
            for record in records
        ),
    )
