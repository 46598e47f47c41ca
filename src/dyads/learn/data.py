"""Training examples from the annotation corpus: each sentence with its text, context and gold events.

The text of a real sentence is read from `../shared/corpus` (the annotations hold pointers only);
`roots` is the set of CAMEO roots of the events `dyads eval` counts, the label of sentence-level
event detection (an empty set is "no event").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dyads.annotations.records import AnnotatedEvent, Annotation, corpus_article, resolve_text
from dyads.errors import InputError

__all__ = ["ROOTS", "Example", "examples", "training_hash"]

ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
_CONTEXT_CHARS = 300


@dataclass(frozen=True, slots=True)
class Example:
    """One annotated sentence, ready for a model."""

    id: str
    split: str
    text: str
    context: str
    events: tuple[AnnotatedEvent, ...]
    synthetic: bool
    collection: str

    @property
    def roots(self) -> frozenset[str]:
        """Return the roots of the sentence's counted events."""
        return frozenset(event.root for event in self.events if event.counts)


def examples(annotations: Iterable[Annotation], shared: Path | None) -> list[Example]:
    """Return the examples of the annotations whose text can be read (raise InputError if a real one cannot)."""
    found: list[Example] = []
    for annotation in annotations:
        text = resolve_text(annotation, shared)
        if text is None:
            raise InputError(
                annotation.origin or annotation.id, "sentence text unavailable (../shared absent or changed)"
            )
        context = ""
        if not annotation.synthetic and shared is not None:
            article = corpus_article(annotation, shared)
            if article is not None:
                context = article.text[max(0, annotation.start - _CONTEXT_CHARS) : annotation.start]
        found.append(
            Example(
                annotation.id,
                annotation.split,
                text,
                context,
                annotation.events,
                annotation.synthetic,
                annotation.collection or "synthetic",
            )
        )
    return found


def training_hash(annotations: Sequence[Annotation]) -> str:
    """Return the hash of the training data a model is built from (every record, in id order)."""
    hasher = hashlib.sha256()
    for annotation in sorted(annotations, key=lambda a: a.id):
        hasher.update(repr(annotation.to_json()).encode("utf-8"))
    return hasher.hexdigest()[:16]
