"""Action patterns: parse the verb files into an index from trigger lemma to patterns.

Pattern syntax (docs/dictionaries.md): `trigger +particle [object|…] (pobj|…) {prep|…} {prep:S}`,
with `~` before a noun trigger. See `Pattern` for what each piece constrains.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from dyads.coding.cameo import cameo_table
from dyads.errors import DataFileError
from dyads.model import Actor
from dyads.resources import Row, data_files, read_table, read_user_table

__all__ = ["NO_EVENT", "Lexicon", "Pattern", "default_lexicon", "load_lexicon", "parse_pattern"]

# The code of a pattern that names a sense of the trigger which is no event ("gave birth", "seized
# the chance"): it wins over the trigger's less specific patterns and codes nothing.
NO_EVENT = "-"

FRAMES = ("intent", "appeal", "demand", "threaten", "reject", "halt")
_PIECE = re.compile(
    r"^(?:\+(?P<prt>[\w'-]+)|\[(?P<obj>[^\]]+)\]|<(?P<tobj>[^>]+)>|\((?P<pobj>[^)]+)\)|\{(?P<prep>[^}]+)\}"
    r"|\^(?P<comp>[\w|'-]+))$"
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One action pattern: what must be around the trigger, and where source and target are."""

    trigger: str
    noun: bool
    particle: str | None
    objects: frozenset[str]
    object_is_target: bool  # `<a|b>`: the named object is the target ("called the ambassador")
    pobjs: frozenset[str]
    complements: frozenset[
        str
    ]  # `^leave`: an infinitive complement with one of these lemmas ("ordered X to leave")
    target_preps: frozenset[str]
    source_preps: frozenset[str]
    code: str  # a CAMEO code, NO_EVENT, or "frame:<name>" in frame_verbs.tsv
    origin: str
    example: str = ""

    @property
    def specificity(self) -> int:
        """Return how much the pattern asks for (more specific patterns win)."""
        return (
            2 * bool(self.objects)
            + any(" " in word for word in self.objects)
            + 2 * bool(self.pobjs)
            + 2 * bool(self.complements)
            + bool(self.particle) * 2
            + bool(self.target_preps)
            + bool(self.source_preps)
        )


def _alternatives(text: str) -> frozenset[str]:
    """Split `a|b` into lower-case alternatives."""
    return frozenset(part.strip().lower() for part in text.split("|") if part.strip())


def parse_pattern(text: str, code: str, origin: str, example: str = "") -> Pattern:
    """Parse one pattern string; raise DataFileError naming the row when it is malformed."""
    # Brackets may hold spaces ("[human right]"): split on spaces outside brackets.
    pieces = re.findall(r"\[[^\]]*\]|<[^>]*>|\([^)]*\)|\{[^}]*\}|\S+", text.strip())
    if not pieces:
        raise DataFileError(origin.rsplit(":", 1)[0], "empty pattern", line=_line(origin))
    trigger = pieces[0].lower()
    noun = trigger.startswith("~")
    trigger = trigger.lstrip("~")
    if not re.fullmatch(r"[\w'.-]+", trigger):
        raise DataFileError(origin.rsplit(":", 1)[0], f"bad trigger {pieces[0]!r}", line=_line(origin))
    particle = None
    objects: frozenset[str] = frozenset()
    object_is_target = False
    pobjs: frozenset[str] = frozenset()
    complements: frozenset[str] = frozenset()
    targets: set[str] = set()
    sources: set[str] = set()
    for piece in pieces[1:]:
        match = _PIECE.match(piece)
        if match is None:
            raise DataFileError(
                origin.rsplit(":", 1)[0], f"cannot read {piece!r} in pattern {text!r}", line=_line(origin)
            )
        if match.group("prt"):
            particle = match.group("prt").lower()
        elif match.group("obj"):
            objects = _alternatives(match.group("obj"))
        elif match.group("tobj"):
            objects = _alternatives(match.group("tobj"))
            object_is_target = True
        elif match.group("pobj"):
            pobjs = _alternatives(match.group("pobj"))
        elif match.group("comp"):
            complements = _alternatives(match.group("comp"))
        else:
            for prep in _alternatives(match.group("prep")):
                if prep.endswith(":s"):
                    sources.add(prep[:-2])
                else:
                    targets.add(prep.removesuffix(":t"))
    return Pattern(
        trigger,
        noun,
        particle,
        objects,
        object_is_target,
        pobjs,
        complements,
        frozenset(targets),
        frozenset(sources),
        code,
        origin,
        example,
    )


def _line(origin: str) -> int | None:
    """Return the line number part of an origin ("verbs/x.tsv:12" → 12)."""
    tail = origin.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the action coder reads from data files."""

    verbs: Mapping[str, tuple[Pattern, ...]]  # trigger lemma → patterns, most specific first
    nouns: Mapping[str, tuple[Pattern, ...]]
    frame_verbs: Mapping[str, tuple[Pattern, ...]]  # trigger lemma → patterns whose code is the frame name
    frames: Mapping[tuple[str, str], str]  # (frame, framed code or root, or "*") → CAMEO code
    modality: Mapping[str, str]  # word → negation | future | hypothetical | conditional | intended | denied
    mirrors: Mapping[str, tuple[str, str]]  # code → (reciprocal code, origin row): a visit is also a hosting
    speech: Mapping[str, tuple[str, str]]  # verb lemma → (say | allege, origin row)
    informants: frozenset[str] = frozenset()  # roles whose report of violence accuses nobody
    light_verbs: frozenset[str] = frozenset()  # verbs whose subject does what their object noun names
    restrictions: tuple[tuple[tuple[str, ...], str, frozenset[str]], ...] = ()  # (code prefixes, side, roles)
    role_senses: tuple[tuple[str, frozenset[str], str, frozenset[str], str], ...] = ()  # role_senses.tsv rows

    def sense_for(self, code: str, trigger: str, source: Actor, target: Actor | None) -> str:
        """Return the code as the roles of who takes part make it (role_senses.tsv), else the code."""
        for from_code, triggers, side, roles, to_code in self.role_senses:
            if code != from_code or ("*" not in triggers and trigger not in triggers):
                continue
            actor = source if side == "source" else target
            if actor is not None and roles & set(actor.roles):
                return to_code
        return code

    def allows(self, code: str, source: Actor, target: Actor | None, *, thing_object: bool = False) -> bool:
        """Return whether actors of these roles can take part in an event of this code (restrictions.tsv).

        `thing_object`: the verb's direct object is a common noun that is no actor and no place.
        """
        for prefixes, side, roles in self.restrictions:
            if "*" not in prefixes and not code.startswith(prefixes):
                continue
            if side == "thing":
                if thing_object:
                    return False
                continue
            actor = target if side == "target" else source
            if side == "alone" and target is not None:
                continue
            if actor is not None and roles & set(actor.roles):
                return False
        return True

    def frame_code(self, frame: str, code: str | None) -> str:
        """Return the code of a frame over an action of the given code (or over nothing)."""
        return self.framed_code(frame, code) or self.frames[(frame, "*")]

    def framed_code(self, frame: str, code: str | None) -> str | None:
        """Return the frame's own row for the framed code's longest listed prefix, else None."""
        for length in (4, 3, 2):
            if code is not None and len(code) >= length and (frame, code[:length]) in self.frames:
                return self.frames[(frame, code[:length])]
        return None


def _index(patterns: Iterable[Pattern]) -> Mapping[str, tuple[Pattern, ...]]:
    """Group patterns by trigger, later rows overriding earlier identical ones, most specific first."""
    by_key: dict[tuple[object, ...], Pattern] = {}
    for pattern in patterns:
        key = (
            pattern.trigger,
            pattern.noun,
            pattern.particle,
            pattern.objects,
            pattern.object_is_target,
            pattern.pobjs,
            pattern.complements,
            pattern.target_preps,
            pattern.source_preps,
        )
        by_key[key] = pattern
    grouped: dict[str, list[Pattern]] = {}
    for pattern in by_key.values():
        grouped.setdefault(pattern.trigger, []).append(pattern)
    return MappingProxyType(
        {trigger: tuple(sorted(group, key=lambda p: -p.specificity)) for trigger, group in grouped.items()}
    )


def _patterns(rows: Sequence[Row], *, code_column: str) -> list[Pattern]:
    """Parse pattern rows, checking each code against the CAMEO table."""
    table = cameo_table()
    patterns = []
    for row in rows:
        code = row[code_column]
        if code_column == "cameo" and code not in table and code != NO_EVENT:
            file, _, line = row.origin.rpartition(":")
            raise DataFileError(file, f"unknown CAMEO code {code!r}", line=int(line))
        if code_column == "frame":
            if code not in FRAMES:
                file, _, line = row.origin.rpartition(":")
                raise DataFileError(
                    file, f"unknown frame {code!r} (want one of {', '.join(FRAMES)})", line=int(line)
                )
            code = f"frame:{code}"
        patterns.append(parse_pattern(row["pattern"], code, row.origin, row.get("example")))
    return patterns


def load_lexicon(*, user_verbs: Sequence[str | Path] = ()) -> Lexicon:
    """Return the lexicon of the packaged verb files plus users' verb files (which override)."""
    rows: list[Row] = []
    for name in data_files("verbs", "[0-9][0-9]_*.tsv"):
        rows.extend(read_table(name, ("pattern", "cameo")))
    for path in user_verbs:
        rows.extend(read_user_table(path, ("pattern", "cameo")))
    patterns = _patterns(rows, code_column="cameo")
    frame_patterns = _patterns(read_table("verbs/frame_verbs.tsv", ("pattern", "frame")), code_column="frame")
    frames: dict[tuple[str, str], str] = {}
    table = cameo_table()
    for row in read_table("verbs/frames.tsv", ("frame", "root", "cameo")):
        if row["cameo"] not in table:
            file, _, line = row.origin.rpartition(":")
            raise DataFileError(file, f"unknown CAMEO code {row['cameo']!r}", line=int(line))
        frames[(row["frame"], row["root"])] = row["cameo"]
    for frame in FRAMES:
        if (frame, "*") not in frames:
            raise DataFileError("verbs/frames.tsv", f"frame {frame!r} has no '*' row")
    modality = {
        row["word"].lower(): row["kind"] for row in read_table("verbs/modality.tsv", ("word", "kind"))
    }
    mirrors = {}
    for row in read_table("verbs/mirrors.tsv", ("cameo", "mirror")):
        for code in (row["cameo"], row["mirror"]):
            if code not in table:
                file, _, line = row.origin.rpartition(":")
                raise DataFileError(file, f"unknown CAMEO code {code!r}", line=int(line))
        mirrors[row["cameo"]] = (row["mirror"], row.origin)
    return Lexicon(
        verbs=_index(p for p in patterns if not p.noun),
        nouns=_index(p for p in patterns if p.noun),
        frame_verbs=_index(frame_patterns),
        frames=MappingProxyType(frames),
        modality=MappingProxyType(modality),
        mirrors=MappingProxyType(mirrors),
        speech=MappingProxyType(
            {
                row["word"].lower(): (row["kind"], row.origin)
                for row in read_table("verbs/speech.tsv", ("word", "kind"))
            }
        ),
        informants=frozenset(row["role"] for row in read_table("verbs/informants.tsv", ("role", "note"))),
        light_verbs=frozenset(row["word"].lower() for row in read_table("verbs/light.tsv", ("word",))),
        restrictions=tuple(
            (tuple(row["code"].split()), _side(row["side"], row.origin), frozenset(row["roles"].split()))
            for row in read_table("verbs/restrictions.tsv", ("code", "side", "roles", "note"))
        ),
        role_senses=tuple(
            _role_sense(row, table) for row in read_table("verbs/role_senses.tsv", _ROLE_SENSE)
        ),
    )


_ROLE_SENSE = ("code", "triggers", "side", "roles", "cameo", "note")


def _role_sense(
    row: Row, table: Mapping[str, object]
) -> tuple[str, frozenset[str], str, frozenset[str], str]:
    """Check and parse one row of role_senses.tsv."""
    path, _, line = row.origin.rpartition(":")
    for code in (row["code"], row["cameo"]):
        if code not in table:
            raise DataFileError(path, f"unknown CAMEO code {code!r}", line=int(line))
    if row["side"] not in {"source", "target"}:
        raise DataFileError(path, f"side {row['side']!r}: want source or target", line=int(line))
    triggers = frozenset(row["triggers"].lower().split())
    return row["code"], triggers, row["side"], frozenset(row["roles"].split()), row["cameo"]


def _side(value: str, origin: str) -> str:
    """Check a restriction's side."""
    if value not in {"source", "target", "alone", "thing"}:
        path, _, line = origin.rpartition(":")
        raise DataFileError(path, f"side {value!r}: want source, target, alone or thing", line=int(line))
    return value


@functools.cache
def default_lexicon() -> Lexicon:
    """Return the lexicon of the packaged files (parsed once per process)."""
    return load_lexicon()
