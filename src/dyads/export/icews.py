"""ICEWS coded-event files: the Dataverse layout (20 tab-separated columns with a header, `NA` for missing)."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping
from typing import IO, Any

import pycountry

from dyads.coding.cameo import cameo_table

__all__ = ["COLUMNS", "event_row", "write_rows"]

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
# CAMEO role codes as ICEWS sector names.
SECTORS = {
    "GOV": "Government",
    "MIL": "Military",
    "LEG": "Legislative / Parliamentary",
    "JUD": "Judicial",
    "COP": "Police",
    "SPY": "Intelligence",
    "OPP": "Opposition",
    "REB": "Rebel",
    "SEP": "Separatists",
    "INS": "Insurgents",
    "UAF": "Unidentified Forces",
    "REF": "Refugees / Displaced",
    "CVL": "Civilian",
    "MED": "Media",
    "BUS": "Business",
    "LAB": "Labor",
    "EDU": "Education",
    "REL": "Religious",
    "HLH": "Health",
    "HRI": "Human Rights",
    "ELI": "Elite",
    "CRM": "Criminal",
    "AGR": "Agricultural",
    "ENV": "Environment",
    "DEV": "Development",
    "NGO": "Nongovernmental Organization",
    "IGO": "International Government Organization",
    "PTY": "Parties",
}
_NA = "NA"


@functools.cache
def _country_name(code: str) -> str | None:
    """Return the English name of an ISO-3 country code."""
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or (country.name if country else None)


def _actor(code: str | None, name: str | None) -> tuple[str, str, str]:
    """Return (name, sectors, country) columns of an actor."""
    if not code:
        return _NA, _NA, _NA
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    sectors = ",".join(dict.fromkeys(SECTORS[p] for p in parts if p in SECTORS)) or _NA
    country = _country_name(parts[0]) if parts[0] not in SECTORS else None
    label = f"{name or code} ({country})" if country else (name or code)
    return label, sectors, country or _NA


def event_row(record: Mapping[str, Any], *, number: int, publisher: str = "") -> list[str]:
    """Return one ICEWS row from a `dyads events` record; `number` is the row's numeric Event ID."""
    location = record.get("location") or {}
    cameo = record["cameo"]
    entry = cameo_table().get(cameo)
    return [
        str(number),
        record.get("date") or record.get("first_seen") or _NA,
        *_actor(record.get("source"), record.get("source_name"))[:2],
        _actor(record.get("source"), record.get("source_name"))[2],
        entry.name if entry else _NA,
        cameo,
        _NA if record.get("goldstein") is None else f"{record['goldstein']:g}",
        *_actor(record.get("target"), record.get("target_name")),
        record.get("story_id") or record["article_id"],
        str(record.get("sentence_index", 0) + 1),
        publisher or _NA,
        location.get("name", _NA) if location.get("feature") == "city" else _NA,
        _NA,
        location.get("name", _NA) if location.get("feature") == "region" else _NA,
        (_country_name(location["country"]) or _NA) if location.get("country") else _NA,
        f"{location['lat']:g}" if location else _NA,
        f"{location['lon']:g}" if location else _NA,
    ]


def write_rows(rows: Iterable[list[str]], handle: IO[str]) -> int:
    """Write the header and the rows, tab-separated; return how many rows."""
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([value.replace("\t", " ").replace("\n", " ") for value in row])
        count += 1
    return count
