"""Read PETRARCH-format actor and agent dictionaries (the format of the field's validation suite).

Only the format is supported here; dyads ships no PETRARCH dictionary. Actors: `PHRASE [CODE]`,
`+SYNONYM` lines, indented `[CODE <date]`/`[CODE a - b]`/`[CODE >date]` blocks, `#` and `<!-- -->`
comments. Agents: `PHRASE {PLURALS} [~ROLE]` (role appended to the country) or `[ROLE~]` (prepended),
with `!MACRO! = A, B` substitutions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from dyads.actors.kb import Entry
from dyads.errors import DataFileError

__all__ = ["read_actors", "read_agents"]

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_COMMENT_BLOCK = re.compile(r"<!--.*?-->", re.S)


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) with comments removed and blank lines skipped."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(str(path), "no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    # Keep line numbers: replace comment blocks by as many newlines as they span.
    text = _COMMENT_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].rstrip()
        if stripped.strip():
            yield number, stripped


def _petr_date(value: str) -> dt.date:
    """Parse PETRARCH dates: YYMMDD or YYYYMMDD."""
    value = value.strip()
    if len(value) == 6:
        year = int(value[:2])
        value = f"{1900 + year if year > 30 else 2000 + year}{value[2:]}"
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def _code_entry(block: str, phrase: str, origin: str) -> Entry | None:
    """Turn one `[CODE …]` block into an Entry (None for an empty block)."""
    block = block.strip()
    if not block:
        return None
    start = end = None
    if "<" in block:
        code, _, when = block.partition("<")
        end = _petr_date(when)
    elif ">" in block:
        code, _, when = block.partition(">")
        start = _petr_date(when)
    elif re.search(r"\d+\s*-\s*\d+", block):
        code, _, span = block.partition(" ")
        first, _, last = span.partition("-")
        start, end = _petr_date(first), _petr_date(last)
    else:
        code = block
    code = code.strip().upper()
    # A bare three-letter code is a state ("ARNOR [ARN]"): it composes with roles like a country name.
    kind = "name" if len(code) == 3 and code.isalpha() else "organization"
    return Entry(phrase, kind, code, origin, start=start, end=end)


def _phrase(raw: str) -> str:
    """Return a dictionary phrase in plain words ("NORTH_KOREA" → "NORTH KOREA")."""
    return " ".join(raw.replace("_", " ").split())


def read_actors(path: str | Path) -> list[tuple[str, Entry]]:
    """Return (phrase, Entry) pairs from a PETRARCH actors dictionary."""
    label = str(path)
    pairs: list[tuple[str, Entry]] = []
    group: list[str] = []  # phrases of the current entry (main + synonyms)
    codes: list[Entry] = []

    def flush() -> None:
        for phrase in group:
            for entry in codes:
                pairs.append(
                    (
                        phrase,
                        Entry(phrase, entry.kind, entry.code, entry.origin, start=entry.start, end=entry.end),
                    )
                )

    for number, line in _lines(path):
        origin = f"{label}:{number}"
        blocks = _CODE_BLOCK.findall(line)
        head = _CODE_BLOCK.sub("", line).strip()
        if line[0].isspace() and not head:
            codes.extend(entry for block in blocks if (entry := _code_entry(block, "", origin)))
            continue
        if head.startswith("+"):
            group.append(_phrase(head[1:]))
            codes.extend(entry for block in blocks if (entry := _code_entry(block, "", origin)))
            continue
        flush()
        group = [_phrase(head)] if head else []
        codes = [entry for block in blocks if (entry := _code_entry(block, "", origin))]
    flush()
    return pairs


def read_agents(path: str | Path) -> list[tuple[str, Entry]]:
    """Return (phrase, Entry) pairs of role entries from a PETRARCH agents dictionary."""
    label = str(path)
    macros: dict[str, list[str]] = {}
    pairs: list[tuple[str, Entry]] = []
    for number, line in _lines(path):
        origin = f"{label}:{number}"
        macro = re.match(r"\s*(![A-Z]+!)\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = [word.strip() for word in macro.group(2).split(",") if word.strip()]
            continue
        blocks = _CODE_BLOCK.findall(line)
        if not blocks:
            continue
        head = _CODE_BLOCK.sub("", line)
        plurals_match = re.search(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        if not head:
            continue
        role = blocks[0].strip().upper()
        if role.startswith("~"):
            role = role[1:].strip()
        elif role.endswith("~"):
            role = role[:-1].strip() + "~"
        phrases = [head]
        if plurals_match and plurals_match.group(1).strip():
            phrases.append(plurals_match.group(1).strip())
        for name, words in macros.items():
            phrases = (
                [p.replace(name, word) for p in phrases for word in words]
                if any(name in p for p in phrases)
                else phrases
            )
        for phrase in phrases:
            text = _phrase(phrase)
            pairs.append((text, Entry(text, "role", role, origin, priority=10)))
    return pairs
