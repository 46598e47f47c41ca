"""Fields every export writes the same way: the event's day, its CAMEO code, numeric ids, tab-separated rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

__all__ = ["QUADS", "cameo_code", "event_day", "numeric_id", "write_tsv"]

QUADS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}


def _iso_day(value: object) -> dt.date | None:
    """Return a YYYY-MM-DD value as a date (None for a month, a year or nothing)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def event_day(record: Mapping[str, Any]) -> dt.date | None:
    """Return the day an export dates an event by: its own date when known to the day, else its first report's.

    GDELT dates an event by the article's publication day when the text gives no exact day, and the
    ICEWS and POLECAT files always carry a full date, so a "2004-03" or "last week" event takes the
    day it was first reported (issue 22). None when neither is known: such an event cannot be exported.
    """
    precision = record.get("date_precision")
    if precision in (None, "day"):
        day = _iso_day(record.get("date"))
        if day is not None:
            return day
    return _iso_day(record.get("first_seen"))


def cameo_code(code: str) -> str:
    """Return a CAMEO code in its 3–4 digit form: a root ("03") becomes its unspecified code ("030")."""
    digits = code.strip()
    if len(digits) == 1:  # a root written as a number ("3")
        digits = "0" + digits
    return digits + "0" if len(digits) == 2 else digits


def numeric_id(event_id: str) -> int:
    """Return a stable 60-bit integer for an event id ("e" + 16 hex digits): its first 15 hex digits.

    Both GDELT and ICEWS ids are integers that readers load as 64-bit; 60 bits keep them positive.
    """
    return int(event_id.lstrip("e")[:15], 16)


def _clean(value: str) -> str:
    # Tabs and newlines would split the row; a double quote opens a quoted field for pandas' and R's
    # readers, and the real GDELT and ICEWS files contain none.
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ").replace('"', "'")


def write_tsv(rows: Iterable[Sequence[str]], handle: IO[str], *, header: Sequence[str] | None = None) -> int:
    """Write tab-separated rows (after the header, when given), unquoted; return how many rows."""
    if header is not None:
        handle.write("\t".join(header) + "\n")
    count = 0
    for row in rows:
        handle.write("\t".join(_clean(value) for value in row) + "\n")
        count += 1
    return count
