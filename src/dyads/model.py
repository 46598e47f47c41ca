"""The records that flow through dyads: Article → Sentence → Actor → Mention → Event.

Records are frozen and slotted; a stage returns new records and never patches its input,
so every field can be traced back to the stage (and data-file row) that produced it.
They hold plain values and character offsets, never spaCy objects, so they pickle and store as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from dyads.records import LocationRecord, MentionRecord

__all__ = [
    "Actor",
    "Article",
    "Event",
    "Mention",
    "Place",
    "Problem",
    "Sentence",
    "article_id_for",
    "mention_id_for",
]

MODALITIES = (
    "asserted",
    "future",
    "intended",
    "attempted",
    "alleged",
    "hypothetical",
    "conditional",
    "denied",
    "demanded",
    "averted",
)


def _digest(*parts: str, size: int = 16) -> str:
    """Return a short, stable hex digest of the parts."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x1f")
    return hasher.hexdigest()[:size]


def article_id_for(text: str) -> str:
    """Return the content-hash id of an article that came without one."""
    return "a" + _digest(text)


def mention_id_for(
    article_id: str, sentence_start: int, trigger_start: int, cameo: str, source: str, target: str
) -> str:
    """Return the stable id of one coded report (same article, place in text and coding → same id)."""
    return "m" + _digest(article_id, str(sentence_start), str(trigger_start), cameo, source, target)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested: `text` is the cleaned text all offsets refer to."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None  # the outlet ("Reuters"), when known
    url: str | None = None
    path: str | None = None  # file (and line) it came from

    def to_row(self) -> dict[str, Any]:
        """Return the article as a flat dict (store and JSON)."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "path": self.path,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be turned into an Article: stored and reported, never raised mid-batch."""

    source: str
    reason: str
    stage: str = "ingest"
    line: int | None = None
    # The input file a record's or feed entry's problem came from (its source is `file[3]`); None when
    # the source is the file itself. Not part of equality: it says where, not what.
    file: str | None = field(default=None, compare=False)

    @property
    def input_file(self) -> str:
        """Return the file (or `<stdin>`) this problem belongs to."""
        return self.file or self.source

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, by offsets into `Article.text`."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor: CAMEO-style code plus what it was resolved from."""

    code: str  # "CHNGOV", "USA", "NGO", "IGOUNOHCR"
    name: str  # the words as written ("Foreign Ministry spokesman Liu Jianchao")
    country: str | None = None  # ISO 3166-1 alpha-3, or None for NGOs/IGOs
    roles: tuple[str, ...] = ()  # ("GOV",), ("REF",) …
    origin: str = (
        "name"  # name | title | capital | demonym | pronoun | memory | organization | person | unknown
    )
    rule: str | None = None  # data file:line of the dictionary row that matched
    start: int | None = None  # character offsets of the name in the article text
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A located place from the offline gazetteer."""

    name: str
    country: str | None
    lat: float
    lon: float
    geonameid: int | None = None
    feature: str | None = None  # city | region | country: how precise the coordinates are

    def to_record(self) -> LocationRecord:
        """Return the DESIGN.md `location` object."""
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "feature": self.feature,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """One event as one sentence of one article reports it."""

    id: str
    article_id: str
    source: Actor | None
    target: Actor | None
    cameo: str
    goldstein: float | None
    quadclass: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]
    trigger: str
    trigger_start: int
    trigger_end: int
    negated: bool
    modality: str
    date: str | None
    date_precision: str | None
    date_text: str | None
    place: Place | None
    sentence_index: int
    sentence: str
    sentence_start: int
    sentence_end: int
    confidence: float
    rule: str  # verbs file:line of the pattern that coded the action
    event_id: str | None = None

    def to_record(self) -> MentionRecord:
        """Return the record `dyads code` writes (DESIGN.md), one JSON object per mention."""
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "source": self.source.code if self.source else None,
            "target": self.target.code if self.target else None,
            "source_name": self.source.name if self.source else None,
            "target_name": self.target.name if self.target else None,
            "source_resolved_from": self.source.origin if self.source else None,
            "target_resolved_from": self.target.origin if self.target else None,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quadclass": self.quadclass,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "plover_context": list(self.plover_context),
            "trigger": self.trigger,
            "negated": self.negated,
            "modality": self.modality,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "location": self.place.to_record() if self.place else None,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "confidence": self.confidence,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world happening: the cluster of its Mentions."""

    id: str
    mention_ids: tuple[str, ...]
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: str | None = None
    last_seen: str | None = None
    story_id: str | None = None
