"""The records that flow through dyads: Article → Sentence → Actor → Mention → Event.

Records are frozen and slotted; a stage returns new records and never patches its input,
so every field can be traced back to the stage (and data-file row) that produced it.
They hold plain values and character offsets, never spaCy objects, so they pickle and store as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from dyads.layout import Column, Key, Layout, stored, to_record
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


# Stages of Problems about an article that was stored all the same: warnings, not failures (issue 23).
RENAMED = "identity"  # a new text under a used id, stored under a derived id (`dyads.identity`)
FIELD_CUT = "fields"  # a field over its cap, cut or dropped (`dyads.ingest._article.FIELD_CAPS`)
WARNING_STAGES = frozenset((RENAMED, FIELD_CUT))


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

    @classmethod
    def about(cls, article: Article, reason: str, *, stage: str = "ingest") -> Problem:
        """Return a Problem about an article, placed at the file (and line or entry) it was read from."""
        where = article.path or article.id
        source, line = where, None
        head, _, tail = where.rpartition(":")
        if head and tail.isdigit():
            source, line = head, int(tail)
        # A feed entry's or JSON array item's path is `file[3]`: its problems belong to that file.
        file = source.rpartition("[")[0] if source.endswith("]") else None
        return cls(source=source, reason=reason, stage=stage, line=line, file=file or None)

    @property
    def is_warning(self) -> bool:
        """Return True when the article it is about was stored all the same (see WARNING_STAGES)."""
        return self.stage in WARNING_STAGES

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
        return cast(LocationRecord, asdict(self))


# An actor is stored in eight columns and written as three record keys; `{}` is the field's name.
_ACTOR = Layout(
    columns=(
        Column("{}", "VARCHAR", "code"),
        Column("{}_name", "VARCHAR", "name"),
        Column("{}_country", "VARCHAR", "country"),
        Column("{}_roles", "VARCHAR[]", "roles"),
        Column("{}_origin", "VARCHAR", "origin"),
        Column("{}_rule", "VARCHAR", "rule"),
        Column("{}_start", "INTEGER", "start"),
        Column("{}_end", "INTEGER", "end"),
    ),
    keys=(Key("{}", "code"), Key("{}_name", "name"), Key("{}_resolved_from", "origin")),
    nested=Actor,
    paired=True,
).metadata()

# A place is stored in six columns and written as one `location` object.
_PLACE = Layout(
    columns=(
        Column("place_name", "VARCHAR", "name"),
        Column("place_country", "VARCHAR", "country"),
        Column("lat", "DOUBLE", "lat"),
        Column("lon", "DOUBLE", "lon"),
        Column("geonameid", "BIGINT", "geonameid"),
        Column("place_feature", "VARCHAR", "feature"),
    ),
    keys=(Key("location"),),
    nested=Place,
).metadata()


@dataclass(frozen=True, slots=True)
class Mention:
    """One event as one sentence of one article reports it.

    Each field declares here, once, its store columns and record keys (`dyads.layout`): the `mentions`
    table, its rows, the Mention read back from a row and `to_record` are all derived from these fields.
    """

    id: str = field(metadata=stored("VARCHAR", record=False, lead=True))
    article_id: str = field(metadata=stored("VARCHAR", lead=True))
    # Keyword-only, so that it can sit with the ids (where the table and the record put it) and still
    # be the one optional argument.
    event_id: str | None = field(default=None, kw_only=True, metadata=stored("VARCHAR", lead=True))
    source: Actor | None = field(metadata=_ACTOR)
    target: Actor | None = field(metadata=_ACTOR)
    cameo: str = field(metadata=stored("VARCHAR"))
    goldstein: float | None = field(metadata=stored("DOUBLE"))
    quadclass: int = field(metadata=stored("INTEGER"))
    plover_type: str | None = field(metadata=stored("VARCHAR"))
    plover_mode: str | None = field(metadata=stored("VARCHAR"))
    plover_context: tuple[str, ...] = field(metadata=stored("VARCHAR[]"))
    trigger: str = field(metadata=stored("VARCHAR"))
    trigger_start: int = field(metadata=stored("INTEGER", record=False))
    trigger_end: int = field(metadata=stored("INTEGER", record=False))
    negated: bool = field(metadata=stored("BOOLEAN"))
    modality: str = field(metadata=stored("VARCHAR"))
    date: str | None = field(metadata=stored("VARCHAR"))
    date_precision: str | None = field(metadata=stored("VARCHAR"))
    date_text: str | None = field(metadata=stored("VARCHAR"))
    place: Place | None = field(metadata=_PLACE)
    sentence_index: int = field(metadata=stored("INTEGER", record=False, lead=True))
    sentence: str = field(metadata=stored("VARCHAR", lead=True))
    sentence_start: int = field(metadata=stored("INTEGER", lead=True))
    sentence_end: int = field(metadata=stored("INTEGER", lead=True))
    confidence: float = field(metadata=stored("DOUBLE"))
    rule: str = field(metadata=stored("VARCHAR"))  # verbs file:line of the pattern that coded the action

    def to_record(self) -> MentionRecord:
        """Return the record `dyads code` writes (DESIGN.md), one JSON object per mention."""
        return to_record(self)


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
