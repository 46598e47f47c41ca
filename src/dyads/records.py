"""The typed records the store, the Python API and the HTTP API return.

Records are plain dicts — they serialise to JSON as they are and turn into Arrow, pandas or polars
frames with `dyads.as_frame` — typed here so that an editor and mypy know every key and its type.
The exceptions are `MentionRecord`, the record `dyads code` writes (DESIGN.md), and `EventRecord`,
which extends it: their keys are derived from the fields of `dyads.model.Mention`
(`dyads.layout.record_keys(Mention)`), and a TypedDict would be a second, hand-kept list of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeAlias, TypedDict

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


MentionRecord: TypeAlias = dict[str, Any]
"""One event as one sentence of one article reports it (DESIGN.md's record): `Mention.to_record()`."""

EventRecord: TypeAlias = dict[str, Any]
"""One real happening: its first report's `MentionRecord` plus `num_mentions`, `num_articles`,
`num_sources`, `first_seen`, `last_seen` and `story_id`; `confidence` is the event's (each outlet's
best report counted once)."""


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
