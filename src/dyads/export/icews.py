"""ICEWS coded-event files: the Dataverse layout (20 tab-separated columns with a header, `NA` for missing)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import IO, Any

from dyads.coding.cameo import cameo_table
from dyads.export.fields import cameo_code, numeric_id, write_tsv
from dyads.export.names import is_state, known_name, parse_code, place_name, roles
from dyads.resources import read_table

__all__ = ["COLUMNS", "country_name", "event_row", "write_rows"]

COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
_NA = "NA"


@functools.cache
def _icews_names() -> Mapping[str, tuple[str, str]]:
    """ISO-3 → (country-column name, name inside actor names) where ICEWS spells a country its own way."""
    rows = read_table("export/icews_countries.tsv", ("iso3", "country"))
    return MappingProxyType({row["iso3"]: (row["country"], row.get("actor", row["country"])) for row in rows})


def country_name(code: str) -> str | None:
    """Return a state's name as ICEWS's country columns write it ("TUR" → "Turkey"); None for a region."""
    if not is_state(code):
        return None
    own = _icews_names().get(code)
    return own[0] if own else place_name(code)


def _place_in_name(code: str) -> str | None:
    """Return a place as ICEWS writes it inside an actor's name ("Police (Russia)", "Government (Africa)")."""
    own = _icews_names().get(code)
    return own[1] if own else place_name(code)


def _name(code: str, raw: str | None, day: dt.date) -> str:
    """Return the actor's name the ICEWS way: a person or body by name, else "Sector (Country)", else the country."""
    known = known_name(code, raw, day)
    if known:
        return known
    parts = parse_code(code)
    label = roles()[parts.roles[-1]].label if parts.roles else None
    # Whose the role is: the place, else the kind of body ("Rights Activist (Nongovernmental Organization)").
    owner = _place_in_name(parts.country) if parts.country else None
    if owner is None and parts.head in ("IGO", "NGO") and parts.roles[-1:] != (parts.head,):
        owner = roles()[parts.head].label
    return f"{label} ({owner})" if label and owner else owner or label or code


def _actor(code: str | None, raw: str | None, day: dt.date) -> tuple[str, str, str]:
    """Return (name, sectors, country) columns of an actor."""
    if not code:
        return _NA, _NA, _NA
    parts = parse_code(code)
    sectors = ",".join(dict.fromkeys(sector for role in parts.roles for sector in roles()[role].sectors))
    country = country_name(parts.country) if parts.country else None
    return _name(code, raw, day), sectors or _NA, country or _NA


def event_row(record: Mapping[str, Any], *, day: dt.date, publisher: str = "") -> list[str]:
    """Return one ICEWS row from a `dyads events` record, dated `day` (see `fields.event_day`).

    The Event ID is the event id as a number, so it is the same in every export of the store.
    """
    location = record.get("location") or {}
    cameo = cameo_code(record["cameo"])
    entry = cameo_table().get(cameo)
    return [
        str(numeric_id(record["event_id"])),
        day.isoformat(),
        *_actor(record.get("source"), record.get("source_name"), day),
        entry.name if entry else _NA,
        cameo,
        _NA if record.get("goldstein") is None else f"{record['goldstein']:g}",
        *_actor(record.get("target"), record.get("target_name"), day),
        record.get("story_id") or record["article_id"],
        str(record.get("sentence_index", 0) + 1),
        publisher or _NA,
        location.get("name", _NA) if location.get("feature") == "city" else _NA,
        _NA,
        location.get("name", _NA) if location.get("feature") == "region" else _NA,
        (country_name(location["country"]) or _NA) if location.get("country") else _NA,
        f"{location['lat']:g}" if location else _NA,
        f"{location['lon']:g}" if location else _NA,
    ]


def write_rows(rows: Iterable[list[str]], handle: IO[str]) -> int:
    """Write the header and the rows, tab-separated; return how many rows."""
    return write_tsv(rows, handle, header=COLUMNS)
