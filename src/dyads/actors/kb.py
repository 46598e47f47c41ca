"""The actor knowledge base: every phrase dyads can resolve to a country, role, organization or person.

Built from the package's TSV files (`data/actors/`), plus users' files of the same formats and
PETRARCH-format dictionaries. Phrases are tokenized with the same tokenizer as the text, stored in a
word trie, and matched on each token's lower-case form or its lemma (so plurals match singular rows).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Span, Token

from dyads.errors import DataFileError
from dyads.resources import Row, read_table, read_user_table

__all__ = ["ActorKB", "Entry", "Match", "default_kb", "load_kb"]

# Kinds that name a country (and so give an actor its country code).
COUNTRY_KINDS = frozenset({"name", "capital", "region", "adjective", "demonym"})
# Kinds that carry a full actor code of their own.
CODE_KINDS = frozenset({"institution", "organization", "person"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary phrase and what it means."""

    phrase: str
    kind: str  # name | capital | adjective | demonym | institution | role | organization | person | ethnic
    code: str  # ISO-3 for country kinds, role code for roles, full code otherwise
    origin: str
    priority: int = 0
    start: dt.date | None = None
    end: dt.date | None = None
    case_sensitive: bool = False
    homeland: str | None = None  # an ethnic group's country when the text names none
    names: frozenset[str] = frozenset()  # a person's words in all their names ("tony", "abbott")

    def active_on(self, day: dt.date | None) -> bool:
        """Return whether the entry holds on that day (always, when the day is unknown)."""
        if day is None:
            return True
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day > self.end)


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary phrase found in the text: token offsets (doc-level) and its entries."""

    start: int
    end: int
    entries: tuple[Entry, ...]

    def best(self, day: dt.date | None) -> Entry | None:
        """Return the entry that holds on that day (None for a person not yet in any office then)."""
        active = [entry for entry in self.entries if entry.active_on(day)]
        if not active and day is not None and all(entry.kind == "person" for entry in self.entries):
            return _former(self.entries, day)
        active = active or list(self.entries)
        if day is None:
            # Without a date prefer entries still in force (no end), then the latest.
            active.sort(key=_recency, reverse=True)
        return active[0]


def _recency(entry: Entry) -> tuple[bool, dt.date]:
    """Sort key: entries still in force first, then by start."""
    return entry.end is None, entry.start or dt.date.min


def _former(entries: tuple[Entry, ...], day: dt.date) -> Entry | None:
    """A person out of office on that day: a former officeholder (country + ELI) if they held one before."""
    past = [entry for entry in entries if entry.end is not None and entry.end < day]
    if not past:
        return None
    last = max(past, key=_recency)
    country = last.code[:3]
    if country in {"IGO", "NGO"}:
        return None
    return Entry(last.phrase, "person", country + "ELI", last.origin, start=last.end)


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


class ActorKB:
    """A word trie over every actor phrase; `find` returns the longest matches in a span."""

    # Not a dataclass: it is built incrementally, then only read (and shared across workers).
    __slots__ = ("_root", "_name_starts", "size")

    def __init__(self) -> None:
        self._root = _Node()
        self._name_starts: set[str] = set()
        self.size = 0

    def add(self, words: Sequence[str], entry: Entry) -> None:
        """Add one phrase (already tokenized) to the trie."""
        node = self._root
        for word in words:
            key = word if entry.case_sensitive else word.lower()
            node = node.children.setdefault(key, _Node())
        node.entries.append(entry)
        if entry.kind != "role" and words:
            self._name_starts.add(words[0].lower())
        self.size += 1

    def starts_name(self, word: str) -> bool:
        """Return whether a name the KB knows (not a role word) starts with this word ("Human" Rights Watch)."""
        return word.lower() in self._name_starts

    def find(self, span: Span) -> list[Match]:
        """Return the non-overlapping longest dictionary matches in the span, left to right."""
        matches: list[Match] = []
        doc = span.doc
        # Each token's keys once: building Token views and lower-casing per start position is the cost.
        # Ordered, not a set: a set's order changes with the process's hash seed, and so would which
        # of "forces" and its lemma "force" matched. The word as written comes first and wins.
        keys = [
            dict.fromkeys(
                (
                    token.text,
                    token.lower_,
                    token.lemma_.lower(),
                    *_plural_stem(token),
                    *_straight_quotes(token),
                )
            )
            for token in span
        ]
        starts = self._root.children
        i = span.start
        while i < span.end:
            if starts.keys().isdisjoint(keys[i - span.start]):
                i += 1
                continue
            best: Match | None = None
            frontier = [self._root]
            j = i
            while frontier and j < span.end:
                here = keys[j - span.start]
                frontier = [node.children[key] for node in frontier for key in here if key in node.children]
                j += 1
                for node in frontier:
                    entries = [e for e in node.entries if not e.case_sensitive or _exact(doc[i:j], e)]
                    if entries:
                        best = Match(i, j, tuple(entries))
                        break
            if best is not None:
                matches.append(best)
                i = best.end
            else:
                i += 1
        return matches


def _straight_quotes(token: Token) -> tuple[str, ...]:
    """Return the word with typographic apostrophes made straight ("Workers’" as in "Workers' Party")."""
    if "’" not in token.text and "‘" not in token.text:
        return ()
    straight = token.text.replace("’", "'").replace("‘", "'")
    return (straight, straight.lower())


def _plural_stem(token: Token) -> tuple[str, ...]:
    """Return the singular of a plural the tagger took for a name ("Rebels shelled …" → "rebel").

    Not inside a longer name: the "Workers" of the Kurdistan Workers' Party are no labour role.
    """
    if token.tag_ != "NNPS" or (
        token.ent_iob_ == "I" or (token.i + 1 < len(token.doc) and token.nbor(1).ent_iob_ == "I")
    ):
        return ()
    word = token.lower_
    if word.endswith("ies"):
        return (word[:-3] + "y",)
    if word.endswith(("ches", "shes", "sses", "xes")):
        return (word[:-2],)
    return (word[:-1],) if word.endswith("s") else ()


def _exact(span: Span, entry: Entry) -> bool:
    """Return whether a case-sensitive entry matches the span's exact spelling."""
    return " ".join(token.text for token in span) == entry.phrase


def _date(value: str, origin: str) -> dt.date | None:
    """Parse an ISO date cell (empty → None)."""
    if not value:
        return None
    padded = {4: "-01-01", 7: "-01"}.get(len(value), "")
    try:
        return dt.date.fromisoformat(value + padded)
    except ValueError as e:
        raise DataFileError(origin, f"bad date {value!r} (want YYYY-MM-DD)") from e


def _is_acronym(phrase: str) -> bool:
    """Short all-capital phrases ("US", "UN") must match case-sensitively ("us" is a pronoun)."""
    letters = [char for char in phrase if char.isalpha()]
    return bool(letters) and phrase.upper() == phrase and len(letters) <= 4


def _entries_from_rows(rows: Iterable[Row], kind_of: str | None) -> Iterable[tuple[str, Entry]]:
    """Turn rows of one of the actor formats into (phrase, Entry) pairs."""
    for row in rows:
        if "name" in row.values and "aliases" in row.values:  # people.tsv
            start, end = _date(row.get("start"), row.origin), _date(row.get("end"), row.origin)
            names = [
                row["name"],
                *[alias.strip() for alias in row.get("aliases").split("|") if alias.strip()],
            ]
            words = frozenset(w.lower() for name in names for w in name.replace(".", ". ").split())
            for name in dict.fromkeys(names):
                # A surname alone must be written as a name: "Power", not "powers".
                yield (
                    name,
                    Entry(
                        name,
                        "person",
                        row["code"],
                        row.origin,
                        start=start,
                        end=end,
                        case_sensitive=" " not in name,
                        names=words,
                    ),
                )
            continue
        phrase = row["phrase"]
        kind = kind_of or row.get("kind", "name")
        if kind == "role":
            code = row["role"]
            priority = int(row.get("priority", "0") or 0)
        else:
            code = row["code"]
            priority = 0
        start, end = _date(row.get("start"), row.origin), _date(row.get("end"), row.origin)
        yield (
            phrase,
            Entry(
                phrase,
                kind,
                code,
                row.origin,
                priority=priority,
                start=start,
                end=end,
                case_sensitive=_is_acronym(phrase) or row.get("case") == "exact",
                homeland=(row.get("country") or None) if kind == "ethnic" else None,
            ),
        )


# (file, kind override, required columns); kind None means the file has a `kind` column.
PACKAGED_FILES: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("actors/countries.tsv", None, ("phrase", "code", "kind")),
    ("actors/demonyms.tsv", None, ("phrase", "code", "kind")),
    ("actors/historical.tsv", None, ("phrase", "code", "kind")),
    ("actors/institutions.tsv", "institution", ("phrase", "code")),
    ("actors/roles.tsv", "role", ("phrase", "role")),
    ("actors/ethnic.tsv", "ethnic", ("phrase", "code")),
    ("actors/organizations.tsv", "organization", ("phrase", "code")),
    ("actors/parties.tsv", "organization", ("phrase", "code")),
    ("actors/people.tsv", None, ("name", "code")),
)


def _user_kind(rows: Sequence[Row]) -> str | None:
    """Guess the format of a user's actor file from its columns."""
    columns = set(rows[0].values) if rows else set()
    if "role" in columns:
        return "role"
    if "kind" in columns or "name" in columns:
        return None
    return "organization"


def load_kb(
    nlp: Language,
    *,
    user_files: Sequence[str | Path] = (),
    petrarch_actors: Sequence[str | Path] = (),
    petrarch_agents: Sequence[str | Path] = (),
) -> ActorKB:
    """Return a KB of the packaged actor files plus users' TSV and PETRARCH-format files."""
    from dyads.actors.petrarch import read_actors, read_agents

    pairs: list[tuple[str, Entry]] = []
    for name, kind, required in PACKAGED_FILES:
        pairs.extend(_entries_from_rows(read_table(name, required), kind))
    for path in user_files:
        rows = read_user_table(path)
        pairs.extend(_entries_from_rows(rows, _user_kind(rows)))
    for path in petrarch_actors:
        pairs.extend(read_actors(path))
    for path in petrarch_agents:
        pairs.extend(read_agents(path))
    # A later file overrides an earlier one for the same phrase and kind family (users over package).
    final: dict[tuple[str, bool], list[Entry]] = {}
    for phrase, entry in pairs:
        key = (phrase if entry.case_sensitive else phrase.lower(), entry.kind == "role")
        kept = final.get(key, [])
        same_file = kept and kept[0].origin.rsplit(":", 1)[0] == entry.origin.rsplit(":", 1)[0]
        final[key] = [*kept, entry] if same_file or not kept else [entry]
    kb = ActorKB()
    for entries in final.values():
        words = [token.text for token in nlp.make_doc(entries[0].phrase.replace("_", " "))]
        for entry in entries:
            kb.add(words, entry)
    return kb


@functools.cache
def default_kb(nlp: Language) -> ActorKB:
    """Return the KB of the packaged files only (built once per process and model)."""
    return load_kb(nlp)
