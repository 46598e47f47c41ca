"""Decide whether two reports of one block tell the same happening: features of the pair, and the linker.

Two reports are compared only when blocking put them together (same country-level dyad and CAMEO root,
dates within a window; see `dyads.dedupe`). What then tells one happening from another is what the
reports say of it: the act's word and full code, the exact actors, the place, the numbers (killed,
arrested), the people named, the words around it, and how far apart their dates are. The linker is a
logistic model over those features; its weights are a data file (`data/linking/linker.json`, with the
training hash and figures of the gold it was fitted on, `dyads train-linker`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from dyads.dates import shifted
from dyads.errors import InputError
from dyads.resources import data_path

__all__ = ["FEATURES", "Linker", "Report", "default_linker", "load_linker", "pair_features"]

# Reports whose dates are further apart than this are never the same happening.
WINDOW_DAYS = 7

FEATURES = (
    "bias",
    "same_article",
    "same_sentence",  # one sentence, two words of acts: two acts, unless one restates the other
    "day_gap",  # days between the two reports' date windows, over WINDOW_DAYS (0 … 1)
    "same_day",  # both dated to the same day by their text
    "other_day",  # both dated to the day by their text, to different days
    "other_day_said",  # … and the act is verbal (CAMEO 01–05, 09–13): a statement on another day is another statement
    "same_trigger",  # the act's word, by its first five letters
    "same_code",  # full CAMEO code
    "same_actors",  # exact source and target codes
    "same_place",  # both placed, at one place
    "other_place",  # both placed, at different places
    "shared_number",  # a number both give (casualties, arrests, sums)
    "other_numbers",  # both give numbers, none the same
    "names",  # overlap (Jaccard) of the names both sentences give, beyond the actors'
    "words",  # overlap (Jaccard) of their content words
    "modality_differs",  # one reports the act, the other announces, plans or denies it
    "negation_differs",
)

# The verbal roots of CAMEO's quad classes: things said, not done.
_VERBAL = frozenset({"01", "02", "03", "04", "05", "09", "10", "11", "12", "13"})
_COPY = 0.6  # content words two reports share, of all theirs, when one copies the other
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*\d|\d")
_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12", "twenty": "20",
    "hundred": "100", "hundreds": "100",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Report:
    """What blocking, linking and clustering need of one mention."""

    mention_id: str
    article_id: str
    date: str | None  # ISO text at its precision
    precision: str | None  # day | week | month | year
    explicit: bool  # the text gave the date; False when it is the publication date
    place: str | None = None  # the country where the text places it (None: not placed)
    place_name: str | None = None
    cameo: str = ""
    trigger: str = ""
    sentence: str = ""
    modality: str = "asserted"
    negated: bool = False
    source: str | None = None  # exact actor codes
    target: str | None = None
    outlet: str | None = None
    place_feature: str | None = None  # city | region | country: how precise the place is
    names: frozenset[str] = field(default=frozenset(), compare=False)
    words: frozenset[str] = field(default=frozenset(), compare=False)
    numbers: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        if self.sentence and not self.words:
            names, words, numbers = _read(self.sentence)
            object.__setattr__(self, "names", names)
            object.__setattr__(self, "words", words)
            object.__setattr__(self, "numbers", numbers)


def _read(sentence: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return the names, content words and numbers of a sentence."""
    names, words, numbers = set(), set(), set()
    for position, token in enumerate(_WORD.findall(sentence)):
        lower = token.lower()
        if token[0].isdigit():
            numbers.add(token.replace(",", ""))
            continue
        if lower in _NUMBER_WORDS:
            numbers.add(_NUMBER_WORDS[lower])
        if lower in STOP_WORDS or len(lower) < 3:
            continue
        words.add(lower[:6])  # a crude stem: "attacked" and "attacks" meet at "attack"
        if token[0].isupper() and position > 0:
            names.add(lower)
    return frozenset(names), frozenset(words), frozenset(numbers)


def window(report: Report) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day a report's date allows, or None when it has no date."""
    if not report.date:
        return None
    try:
        if report.precision == "year" or len(report.date) == 4:
            year = int(report.date[:4])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if report.precision == "month" or len(report.date) == 7:
            year, month = int(report.date[:4]), int(report.date[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(report.date[:10])
    except ValueError:
        return None
    if report.precision == "week":
        return day, shifted(day, 6)
    if not report.explicit:
        # A report that gives no date tells of something that happened on, or shortly before, its publication.
        return shifted(day, -3), day
    return day, day


def day_gap(a: Report, b: Report) -> int | None:
    """Return the days between two reports' date windows (0 when they overlap; None when one is undated)."""
    wa, wb = window(a), window(b)
    if wa is None or wb is None:
        return None
    return max(0, (wb[0] - wa[1]).days, (wa[0] - wb[1]).days)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _anchored(report: Report) -> bool:
    return (
        report.explicit and report.precision == "day" and bool(report.date) and len(report.date or "") == 10
    )


def apart(a: Report, b: Report) -> bool:
    """Return whether two reports cannot tell one happening: placed in two countries or two towns, or
    things said on two different days (another day is another statement), unless one copies the other."""
    if a.place and b.place and a.place != b.place:
        return True
    if _anchored(a) and _anchored(b) and a.date != b.date and a.cameo[:2] in _VERBAL:
        # A wire story published again a day later dates "yesterday" one day on: the same words are one report.
        return _jaccard(a.words, b.words) < _COPY
    towns = a.place_feature == b.place_feature == "city"
    return towns and bool(a.place_name) and bool(b.place_name) and a.place_name != b.place_name


def pair_features(a: Report, b: Report) -> list[float]:
    """Return the linker's features of a pair of reports, in the order of FEATURES."""
    gap = day_gap(a, b)
    actor_words = {w for r in (a, b) for code in (r.source, r.target) if code for w in (code.lower(),)}
    names_a, names_b = a.names - actor_words, b.names - actor_words
    placed = bool(a.place_name) and bool(b.place_name)
    numbered = bool(a.numbers) and bool(b.numbers)
    return [
        1.0,
        float(a.article_id == b.article_id),
        float(a.article_id == b.article_id and a.sentence == b.sentence),
        1.0 if gap is None else min(gap, WINDOW_DAYS) / WINDOW_DAYS,
        float(_anchored(a) and _anchored(b) and a.date == b.date),
        float(_anchored(a) and _anchored(b) and a.date != b.date),
        float(_anchored(a) and _anchored(b) and a.date != b.date and a.cameo[:2] in _VERBAL),
        float(bool(a.trigger) and a.trigger.lower()[:5] == b.trigger.lower()[:5]),
        float(a.cameo == b.cameo),
        float(a.source == b.source and a.target == b.target),
        float(placed and a.place_name == b.place_name),
        float(placed and a.place_name != b.place_name),
        float(bool(a.numbers & b.numbers)),
        float(numbered and not a.numbers & b.numbers),
        _jaccard(names_a, names_b),
        _jaccard(a.words, b.words),
        float((a.modality == "asserted") != (b.modality == "asserted")),
        float(a.negated != b.negated),
    ]


class Linker:
    """A logistic model of "the same happening" over `pair_features`."""

    def __init__(
        self, weights: Sequence[float], threshold: float = 0.5, manifest: dict[str, Any] | None = None
    ) -> None:
        if len(weights) != len(FEATURES):
            raise ValueError(f"a linker needs {len(FEATURES)} weights, got {len(weights)}")
        self.weights = tuple(float(w) for w in weights)
        self.threshold = threshold
        self.manifest = manifest or {}

    def probability(self, a: Report, b: Report) -> float:
        """Return the probability that two reports tell the same happening (0 when their places rule it out)."""
        return 0.0 if apart(a, b) else self.probability_of(pair_features(a, b))

    def probability_of(self, features: Sequence[float]) -> float:
        """Return the probability of a pair from its features."""
        z = sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, a: Report, b: Report, top: int = 3) -> list[tuple[str, float]]:
        """Return the features that moved the decision most, with their signed contribution."""
        parts = [
            (name, w * x) for name, w, x in zip(FEATURES, self.weights, pair_features(a, b), strict=True)
        ]
        return sorted((p for p in parts[1:] if p[1]), key=lambda p: -abs(p[1]))[:top]


def load_linker(path: str | Path) -> Linker:
    """Return the linker whose weights a JSON file holds."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = [float(data["weights"][name]) for name in FEATURES]
        return Linker(weights, float(data.get("threshold", 0.5)), data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(str(path), f"not a linker weights file ({error})") from error


@lru_cache(maxsize=1)
def default_linker() -> Linker:
    """Return the packaged linker."""
    return load_linker(data_path("linking/linker.json"))
