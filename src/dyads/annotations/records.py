"""The annotation record: one sentence with all of its events (or none), pointing into the shared corpus.

A real sentence is stored as a pointer (corpus file, article id, character offsets) and the hash of
its text, never as text: `resolve` reads the text back from `../shared/corpus` and tells when the
source changed. A synthetic sentence, written by the team, is stored whole. Spans inside a sentence
(trigger, source, target) are offsets relative to the sentence's start.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyads.corpus import CorpusArticle, load_corpus
from dyads.errors import InputError
from dyads.ingest.jsonl import json_objects, write_json_lines
from dyads.model import MODALITIES

__all__ = [
    "ANNOTATION_MODALITIES",
    "ActorSpan",
    "AnnotatedEvent",
    "Annotation",
    "SPLITS",
    "iter_annotation_files",
    "read_annotations",
    "resolve_text",
    "sentence_hash",
    "split_of",
    "write_annotations",
]

SPLITS = ("train", "dev", "test")
# The annotation modalities: dyads' own, less those the guideline codes as their own event
# ("urged to release" is an appeal, "denied" a denial or `negated`).
ANNOTATION_MODALITIES = tuple(m for m in MODALITIES if m not in {"denied", "demanded"})
_SPLIT_SALT = "dyads-annotation-split-v1"
_HASH_SIZE = 16


def split_of(article_id: str) -> str:
    """Return the fixed split of an article: 70/15/15 train/dev/test by a salted hash of its id."""
    bucket = int(hashlib.sha256(f"{_SPLIT_SALT}:{article_id}".encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def sentence_hash(text: str) -> str:
    """Return the hash stored with a sentence pointer (sha256 of its text, first 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_SIZE]


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """A source or target: its span in the sentence (None when the text names it nowhere) and its code."""

    code: str
    span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"span": list(self.span) if self.span else None, "code": self.code}


@dataclass(frozen=True, slots=True)
class AnnotatedEvent:
    """One event of a sentence, as the guideline (docs/annotation.md) codes it."""

    code: str
    trigger: tuple[int, int]
    source: ActorSpan | None
    target: ActorSpan | None
    negated: bool = False
    modality: str = "asserted"

    @property
    def root(self) -> str:
        """Return the CAMEO root ("1121" → "11")."""
        return self.code[:2]

    @property
    def counts(self) -> bool:
        """Return whether `dyads eval` counts the event (not negated; asserted, future, intended, attempted)."""
        return not self.negated and self.modality in {"asserted", "future", "intended", "attempted"}

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "trigger": list(self.trigger),
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "negated": self.negated,
            "modality": self.modality,
        }


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotated sentence: where it is (or its text, if synthetic), its split and its events."""

    id: str
    split: str
    events: tuple[AnnotatedEvent, ...]
    annotator: str
    synthetic: bool = False
    corpus: str | None = None
    article_id: str | None = None
    collection: str | None = None
    start: int = 0
    end: int = 0
    sha: str | None = None
    text: str | None = None  # synthetic sentences only
    date: str | None = None  # synthetic sentences only: the date the sentence is written as of
    stratum: str | None = None
    note: str | None = None
    origin: str = field(default="", compare=False)  # file:line it was read from

    @property
    def no_event(self) -> bool:
        return not self.events

    def to_json(self) -> dict[str, Any]:
        """Return the record as stored (keys in a fixed order)."""
        record: dict[str, Any] = {"id": self.id, "split": self.split, "synthetic": self.synthetic}
        if self.synthetic:
            record.update(text=self.text, date=self.date)
        else:
            record.update(
                corpus=self.corpus,
                article_id=self.article_id,
                collection=self.collection,
                start=self.start,
                end=self.end,
                sha=self.sha,
            )
        record.update(
            stratum=self.stratum,
            annotator=self.annotator,
            events=[event.to_json() for event in self.events],
            no_event=not self.events,
        )
        if self.note:
            record["note"] = self.note
        return record


def _span(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value[0], value[1])
    raise ValueError(f"span {value!r} is not [start, end]")


def _actor(value: object) -> ActorSpan | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        raise ValueError(f"actor {value!r} is not {{span, code}}")
    return ActorSpan(value["code"], _span(value.get("span")))


def annotation_from_json(record: dict[str, Any], origin: str = "") -> Annotation:
    """Build an Annotation from its stored JSON (raise ValueError on a malformed one)."""
    events = tuple(
        AnnotatedEvent(
            str(event["code"]),
            _span(event["trigger"]) or (0, 0),
            _actor(event.get("source")),
            _actor(event.get("target")),
            bool(event.get("negated", False)),
            str(event.get("modality", "asserted")),
        )
        for event in record.get("events") or []
    )
    return Annotation(
        id=str(record["id"]),
        split=str(record["split"]),
        events=events,
        annotator=str(record.get("annotator", "")),
        synthetic=bool(record.get("synthetic", False)),
        corpus=record.get("corpus"),
        article_id=record.get("article_id"),
        collection=record.get("collection"),
        start=int(record.get("start", 0)),
        end=int(record.get("end", 0)),
        sha=record.get("sha"),
        text=record.get("text"),
        date=record.get("date"),
        stratum=record.get("stratum"),
        note=record.get("note"),
        origin=origin,
    )


def iter_annotation_files(folder: Path, *, include_agreement: bool = False) -> list[Path]:
    """Return the record files of an annotations folder (`real/`, `synthetic/`; `agreement/` on request)."""
    if not folder.is_dir():
        raise InputError(str(folder), "annotations folder not found")
    parts = ["real", "synthetic"] + (["agreement"] if include_agreement else [])
    return [path for part in parts for path in sorted((folder / part).glob("*.jsonl"))]


def read_annotations(paths: Iterable[Path]) -> Iterator[Annotation]:
    """Yield the annotations of JSONL files; raise InputError naming the line of a malformed one."""
    for path in paths:
        for number, record, problem in json_objects(path):
            if record is None:
                raise InputError(str(path), problem or "bad record", line=number)
            try:
                yield annotation_from_json(record, f"{path}:{number}")
            except (KeyError, TypeError, ValueError) as e:
                raise InputError(str(path), f"malformed annotation ({e})", line=number) from e


def write_annotations(path: Path, annotations: Iterable[Annotation]) -> int:
    """Write annotations as JSONL (one per line); return how many were written."""
    return write_json_lines(path, (annotation.to_json() for annotation in annotations))


def corpus_article(annotation: Annotation, shared: Path) -> CorpusArticle | None:
    """Return the corpus article a real annotation points into (None when it is not there)."""
    if annotation.synthetic or annotation.corpus is None or annotation.article_id is None:
        return None
    return load_corpus(shared, annotation.corpus).get(annotation.article_id)


def resolve_text(annotation: Annotation, shared: Path | None) -> str | None:
    """Return the sentence's text: stored (synthetic) or read from the corpus; None if unavailable or changed."""
    if annotation.synthetic:
        return annotation.text
    if shared is None:
        return None
    article = corpus_article(annotation, shared)
    if article is None:
        return None
    text = article.text[annotation.start : annotation.end]
    return text if sentence_hash(text) == annotation.sha else None
