"""POLECAT / PLOVER JSON: one object per event, with PLOVER event type, mode, contexts and the actors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from dyads import __version__

__all__ = ["event_object", "write_objects"]

_QUADS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}
_ROLES = frozenset(
    "GOV MIL LEG JUD COP SPY OPP REB SEP INS UAF REF CVL MED BUS LAB EDU REL HLH HRI ELI CRM "
    "AGR ENV DEV MOD RAD NGO IGO PTY".split()
)


def _actor(prefix: str, code: str | None, name: str | None) -> dict[str, Any]:
    parts = [code[i : i + 3] for i in range(0, len(code), 3)] if code else []
    sectors = [part for part in parts if part in _ROLES]
    return {
        f"{prefix}_name": name,
        f"{prefix}_code": code,
        f"{prefix}_country": parts[0] if parts and parts[0] not in _ROLES else None,
        f"primary_{prefix}_sector": sectors[0] if sectors else None,
        f"{prefix}_sectors": sectors,
        f"{prefix}_name_raw": name,
    }


def event_object(
    record: Mapping[str, Any],
    *,
    publisher: str | None = None,
    headline: str | None = None,
    pub_date: str | None = None,
) -> dict[str, Any]:
    """Return one POLECAT-style object from a `dyads events` record."""
    location = record.get("location") or {}
    return {
        "id": record["event_id"],
        "date": record.get("date"),
        "event_type": record.get("plover_type"),
        "event_mode": record.get("plover_mode"),
        "contexts": record.get("plover_context") or [],
        "intensity": record.get("goldstein"),
        "quad_code": _QUADS.get(record.get("quadclass") or 0),
        "cameo_code": record["cameo"],
        **_actor("actor", record.get("source"), record.get("source_name")),
        **_actor("recipient", record.get("target"), record.get("target_name")),
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
