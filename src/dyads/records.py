"""The typed records the store, the Python API and the HTTP API return.

Records are plain dicts — they serialise to JSON as they are and turn into Arrow, pandas or polars
frames with `dyads.as_frame` — typed here so that an editor and mypy know every key and its type.
`MentionRecord` is the record `dyads code` writes (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

__all__ = [
    "ActorRecord",
    "ArticleRecord",
    "EdgeRecord",
    "EventRecord",
    "LocationRecord",
    "MentionRecord",
    "ProblemRecord",
    "SeriesRecord",
    "StoryRecord",
]


class LocationRecord(TypedDict):
    """Where an event happened: a place with coordinates and its GeoNames id."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str | None


class MentionRecord(TypedDict):
    """One event as one sentence of one article reports it (DESIGN.md's record)."""

    article_id: str
    event_id: str | None
    source: str | None
    target: str | None
    source_name: str | None
    target_name: str | None
    source_resolved_from: str | None
    target_resolved_from: str | None
    cameo: str
    goldstein: float | None
    quadclass: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: list[str]
    trigger: str
    negated: bool
    modality: str
    date: str | None
    date_precision: str | None
    date_text: str | None
    location: LocationRecord | None
    sentence: str
    sentence_start: int
    sentence_end: int
    confidence: float
    rule: str


class EventRecord(MentionRecord):
    """One real happening: its first report's record, with how often and by whom it was reported.

    `confidence` is the event's: each outlet's best report counted once.
    """

    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: str | None
    last_seen: str | None
    story_id: str | None


class StoryRecord(TypedDict):
    """A thread of articles about one developing story."""

    id: str
    title: str
    start: str | None
    end: str | None
    num_articles: int
    num_events: int


class ArticleRecord(TypedDict):
    """A stored article."""

    id: str
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    path: str | None
    text: str
    ingested_at: dt.datetime
    story_id: str | None


class SeriesRecord(TypedDict):
    """One period of a dyad's time series: events, mean Goldstein and events per QuadClass."""

    period: dt.date
    events: int
    goldstein: float | None
    quad1: int
    quad2: int
    quad3: int
    quad4: int


class EdgeRecord(TypedDict):
    """One actor-to-actor edge of the event network."""

    source: str
    target: str
    events: int
    mentions: int
    goldstein: float | None
    conflict: float


class ActorRecord(TypedDict):
    """An actor code with how often it acts and is acted on."""

    code: str
    as_source: int
    as_target: int


class ProblemRecord(TypedDict):
    """An input that could not be read, as stored."""

    source: str
    line: int | None
    stage: str
    reason: str
    seen_at: dt.datetime
