"""The CAMEO event codebook: names, Goldstein scores and QuadClass, from `data/cameo.tsv`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dyads.errors import DataFileError
from dyads.resources import read_table

__all__ = ["CameoCode", "cameo_table", "lookup_cameo", "root_of"]


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code."""

    code: str
    name: str
    goldstein: float | None
    quadclass: int
    origin: str


def root_of(code: str) -> str:
    """Return the two-digit root of a CAMEO code ("1121" → "11")."""
    return code[:2]


@functools.cache
def cameo_table() -> Mapping[str, CameoCode]:
    """Return every CAMEO code by its code string (leading zero kept)."""
    table: dict[str, CameoCode] = {}
    for row in read_table("cameo.tsv", ("code", "name", "quadclass")):
        code = row["code"]
        if code in table:
            raise DataFileError(row.origin, f"duplicate CAMEO code {code}")
        goldstein = row.get("goldstein")
        try:
            table[code] = CameoCode(
                code, row["name"], float(goldstein) if goldstein else None, int(row["quadclass"]), row.origin
            )
        except ValueError as e:
            raise DataFileError(row.origin, f"bad number ({e})") from e
    return MappingProxyType(table)


def lookup_cameo(code: str) -> CameoCode:
    """Return the CAMEO entry for a code; raise KeyError for an unknown code."""
    return cameo_table()[code]
