"""CAMEO → PLOVER 2021 (event type, mode, context), from `data/plover.tsv`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dyads.resources import read_table

__all__ = ["PloverCoding", "plover_for", "plover_table"]


@dataclass(frozen=True, slots=True)
class PloverCoding:
    """The PLOVER reading of one CAMEO code."""

    type: str | None
    mode: str | None
    context: tuple[str, ...]


@functools.cache
def plover_table() -> Mapping[str, PloverCoding]:
    """Return the PLOVER coding of each CAMEO code."""
    table: dict[str, PloverCoding] = {}
    for row in read_table("plover.tsv", ("cameo",)):
        contexts = tuple(part.strip() for part in row.get("plover_context").split(";") if part.strip())
        table[row["cameo"]] = PloverCoding(
            row.get("plover_type") or None, row.get("plover_mode") or None, contexts
        )
    return MappingProxyType(table)


def plover_for(code: str) -> PloverCoding:
    """Return the PLOVER coding of a CAMEO code, falling back to its parent codes."""
    table = plover_table()
    for size in (len(code), 3, 2):
        coding = table.get(code[:size])
        if coding is not None and coding.type is not None:
            return coding
    return table.get(code, PloverCoding(None, None, ()))
