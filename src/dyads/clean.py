"""Normalise article text: Unicode, newlines, spaces, leading boilerplate and a repeated title.

`Article.text` is the output of `clean_text`; every later offset (sentences, actors, evidence) refers to it.
The phrases dropped from the start of a text are data, one per line in `data/boilerplate.txt`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

__all__ = [
    "BIDI_CONTROLS",
    "VISIBLE_MARK",
    "boilerplate_phrases",
    "clean_text",
    "is_boilerplate",
    "same_title",
]

# Bidi embeddings, overrides and isolates reorder the text around them: "Iran⟨RLO⟩qarI" displays as
# something it does not say. They are shown instead of obeyed — each becomes a visible mark such as
# "⟨U+202E⟩" — so every view of an evidence sentence (CLI, API, dashboard, exports) shows the same
# characters, and offsets refer to the text with the marks (issue 23). Marks that only nudge neutral
# characters (LRM, RLM, ALM) belong to right-to-left prose and are kept.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MARK_FORMAT = "⟨U+{:04X}⟩"
VISIBLE_MARK = re.compile(r"⟨U\+[0-9A-F]{4,6}⟩")

# Line and paragraph separators other than "\n": CRLF, CR, NEL, VT, FF, LINE/PARAGRAPH SEPARATOR.
_NEWLINES = re.compile(r"\r\n|[\r\x85\x0b\x0c\u2028\u2029]")
# Every whitespace character except "\n" and "\t" (spaces, NBSP, thin and ideographic spaces …).
_SPACES = re.compile(r"[^\S\n\t]+")
_LINE_EDGES = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
# Invisible characters that only get in the way of matching: BOM, zero-width space, soft hyphen.
_INVISIBLE = frozenset("\ufeff\u200b\u00ad")
_KEEP_CONTROLS = frozenset("\n\t")
_TRAILING_PUNCTUATION = " \t.:;,!?-–—|"
_BOILERPLATE_FILE = "boilerplate.txt"
_PREFIX_MARK = " *"


def _is_dropped(char: str) -> bool:
    """Return True for control, surrogate and invisible characters that never belong in article text."""
    if char in _KEEP_CONTROLS:
        return False
    return char in _INVISIBLE or unicodedata.category(char) in ("Cc", "Cs")


def _shown(char: str) -> str:
    """Return the character, or its visible mark when it is a bidi control."""
    return _MARK_FORMAT.format(ord(char)) if char in BIDI_CONTROLS else char


def _normalise_line(line: str) -> str:
    """Return the line case-folded, with inner spaces collapsed and edge punctuation removed."""
    return " ".join(line.split()).strip(_TRAILING_PUNCTUATION).casefold()


@functools.cache
def boilerplate_phrases() -> tuple[frozenset[str], tuple[str, ...]]:
    """Return the boilerplate phrases of `data/boilerplate.txt`: (whole-line phrases, line prefixes)."""
    raw = (resources.files("dyads") / "data" / _BOILERPLATE_FILE).read_text(encoding="utf-8")
    exact: set[str] = set()
    prefixes: list[str] = []
    for line in raw.splitlines():
        phrase = line.strip()
        if not phrase or phrase.startswith("#"):
            continue
        if phrase.endswith(_PREFIX_MARK):
            prefixes.append(_normalise_line(phrase.removesuffix(_PREFIX_MARK)) + " ")
        else:
            exact.add(_normalise_line(phrase))
    return frozenset(exact), tuple(prefixes)


def is_boilerplate(line: str) -> bool:
    """Return True when the line is one of the boilerplate phrases (or starts with a prefix phrase)."""
    exact, prefixes = boilerplate_phrases()
    normalised = _normalise_line(line)
    return normalised in exact or (normalised + " ").startswith(prefixes)


def same_title(line: str, title: str) -> bool:
    """Return True when the line repeats the title (ignoring case, spacing and edge punctuation)."""
    normalised = _normalise_line(title)
    return bool(normalised) and _normalise_line(line) == normalised


def _normalise(text: str) -> str:
    """Return the text in NFC with "\n" newlines, no control characters and single spaces."""
    text = _NEWLINES.sub("\n", text)
    text = "".join(_shown(char) for char in text if not _is_dropped(char))
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = _LINE_EDGES.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _drop_leading_lines(lines: list[str], title: str | None) -> list[str]:
    """Return the lines without leading boilerplate, blank lines and one line that repeats the title."""
    start = 0
    title_seen = title is None
    while start < len(lines):
        line = lines[start]
        if not line or is_boilerplate(line):
            start += 1
        elif not title_seen and same_title(line, title or ""):
            title_seen = True
            start += 1
        else:
            break
    return lines[start:]


def clean_text(text: str, *, title: str | None = None) -> str:
    """Return the cleaned text: NFC, normalised spaces and newlines, no leading boilerplate or repeated `title`.

    Newlines become "\n"; control characters other than "\n" and "\t" go; bidi controls become visible marks
    ("⟨U+202E⟩", see `BIDI_CONTROLS`); runs of spaces become one space
    and lines lose their edge spaces; three or more newlines become two. Leading lines listed in
    `data/boilerplate.txt` are dropped, and so is the first line after them when it repeats `title`.
    """
    lines = _normalise(text).split("\n")
    return "\n".join(_drop_leading_lines(lines, title)).strip()
