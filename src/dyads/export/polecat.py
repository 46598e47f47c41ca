"""POLECAT v1 weekly files: 40 tab-separated columns with a header, `None` for empty, `;` between values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from dyads import __version__
from dyads.export.fields import QUADS, write_tsv
from dyads.export.names import cow_code, is_state, parse_code, resolved_name

__all__ = ["COLUMNS", "event_row", "write_rows"]

_ACTOR_COLUMNS = 8  # name, country, COW, primary sector, sectors, title, raw name, Wikipedia id
COLUMNS = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)
_NONE = "None"


def _value(value: object) -> str:
    """Return a field as POLECAT writes it: `None` when empty, values of a list joined by `;`."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        value = ";".join(str(item) for item in value if item)
    return _NONE if value is None or value == "" else str(value)


def _actor(code: str | None, raw: str | None, day: dt.date) -> list[object]:
    """Return the eight columns of an actor (name, country, COW, sectors, title, raw name, Wikipedia id)."""
    if not code:
        return [None] * _ACTOR_COLUMNS
    parts = parse_code(code)
    country = parts.country if parts.country and is_state(parts.country) else None
    primary = parts.roles[0] if parts.roles else None
    # dyads resolves no title or Wikipedia page: those stay empty.
    return [resolved_name(code, raw, day), country, cow_code(country), primary, parts.roles, None, raw, None]


def event_row(
    record: Mapping[str, Any], *, day: dt.date, source: str | None = None, published: str | None = None
) -> list[str]:
    """Return one POLECAT row from a `dyads events` record, dated `day` (see `fields.event_day`).

    `source` is the publisher, `published` the publication date of the event's article. The Event ID
    has POLECAT's `<story>_<n>` shape with the dyads event id for the story: one row per event, n = 1.
    """
    location = record.get("location") or {}
    feature = location.get("feature")
    goldstein = record.get("goldstein")
    fields: list[object] = [
        f"{record['event_id']}_1",
        day.isoformat(),
        record.get("plover_type"),
        record.get("plover_mode"),
        None if goldstein is None else f"{goldstein:g}",
        QUADS.get(record.get("quadclass") or 0),
        record.get("plover_context") or (),
        *_actor(record.get("source"), record.get("source_name"), day),
        *_actor(record.get("target"), record.get("target_name"), day),
        location.get("name"),
        location.get("name") if feature == "city" else None,
        None,
        location.get("name") if feature == "region" else None,
        location.get("country"),
        f"{location['lat']:g}" if location else None,
        f"{location['lon']:g}" if location else None,
        location.get("geonameid"),
        None,
        feature,
        source,
        published,
        None,
        None,
        None,
        "en",
        f"dyads-{__version__}",
    ]
    return [_value(field) for field in fields]


def write_rows(rows: Iterable[list[str]], handle: IO[str]) -> int:
    """Write the header and the rows, tab-separated; return how many rows."""
    return write_tsv(rows, handle, header=COLUMNS)
