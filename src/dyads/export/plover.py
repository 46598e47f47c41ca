"""POLECAT / PLOVER JSON: one object per event, with PLOVER event type, mode, contexts and the actors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from dyads import __version__
from dyads.export.fields import QUADS, cameo_code
from dyads.export.names import is_state, parse_code, resolved_name

__all__ = ["event_object", "write_objects"]


def _actor(prefix: str, code: str | None, raw: str | None, day: dt.date) -> dict[str, Any]:
    """Return an actor's keys: its name from the actor files, its country (ISO-3), sectors and the words used."""
    parts = parse_code(code) if code else None
    sectors = list(parts.roles) if parts else []
    country = parts.country if parts and parts.country and is_state(parts.country) else None
    return {
        f"{prefix}_name": resolved_name(code, raw, day),
        f"{prefix}_code": code,
        f"{prefix}_country": country,
        f"primary_{prefix}_sector": sectors[0] if sectors else None,
        f"{prefix}_sectors": sectors,
        f"{prefix}_name_raw": raw,
    }


def event_object(
    record: Mapping[str, Any],
    *,
    day: dt.date,
    publisher: str | None = None,
    headline: str | None = None,
    pub_date: str | None = None,
) -> dict[str, Any]:
    """Return one POLECAT-style object from a `dyads events` record, dated `day` (see `fields.event_day`)."""
    location = record.get("location") or {}
    return {
        "id": record["event_id"],
        "date": day.isoformat(),
        "event_type": record.get("plover_type"),
        "event_mode": record.get("plover_mode"),
        "contexts": record.get("plover_context") or [],
        "intensity": record.get("goldstein"),
        "quad_code": QUADS.get(record.get("quadclass") or 0),
        "cameo_code": cameo_code(record["cameo"]),
        **_actor("actor", record.get("source"), record.get("source_name"), day),
        **_actor("recipient", record.get("target"), record.get("target_name"), day),
        "placename": location.get("name"),
        "country": location.get("country"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geonames_id": location.get("geonameid"),
        "feature_type": location.get("feature"),
        "event_text": record.get("sentence"),
        "story_id": record.get("story_id"),
        "publisher": publisher,
        "headline": headline,
        "pub_date": pub_date,
        "num_mentions": record.get("num_mentions"),
        "version": f"dyads-{__version__}",
    }


def write_objects(objects: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    """Write one JSON object per line; return how many."""
    count = 0
    for item in objects:
        handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count
