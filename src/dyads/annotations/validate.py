"""What a well-formed annotation code is: a CAMEO event code, and a CAMEO-style actor code.

An actor code is three-letter parts, general to specific (actor codebook §3.1). Its first part says
where the actor belongs: a country (ISO 3166-1 alpha-3, or a dissolved state's ISO 3166-3 code), an
international type, a region, a religion or a transnational ethnic group, or a role alone when the
country cannot be known. Later parts are roles or organisation codes.
"""

from __future__ import annotations

import functools
import re

from dyads.coding.cameo import cameo_table
from dyads.resources import read_table

__all__ = ["actor_code_problem", "event_code_problem", "first_parts"]

_PARTS = re.compile(r"^(?:[A-Z]{3})+$")
_MAX_PARTS = 5  # the codebook's fifteen-character limit

# Actor codebook table 3.2 (international types) and 3.3 (regions), and its religion codes.
_INTERNATIONAL = frozenset({"IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS"})
_REGIONS = frozenset(
    "AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS SEA SAF WAF WST".split()
)
_RELIGIONS = frozenset("CHR CTH PRO DOX MUS SHI SNI SUF JEW BUD HIN JAN ATH MOS".split())


@functools.cache
def first_parts() -> frozenset[str]:
    """Return every three-letter part an actor code may start with."""
    parts = set(_INTERNATIONAL | _REGIONS | _RELIGIONS)
    for name in ("actors/countries.tsv", "actors/historical.tsv", "actors/demonyms.tsv", "actors/ethnic.tsv"):
        parts.update(row["code"][:3] for row in read_table(name, ("code",)) if len(row["code"]) >= 3)
    parts.update(row["role"] for row in read_table("actors/roles.tsv", ("role",)))
    return frozenset(p for p in parts if len(p) == 3 and p.isalpha() and p.isupper())


def actor_code_problem(code: str) -> str | None:
    """Return what is wrong with an actor code, or None when it is well formed."""
    if not _PARTS.match(code):
        return "not a sequence of three capital letters"
    if len(code) > 3 * _MAX_PARTS:
        return f"more than {_MAX_PARTS} parts"
    if code[:3] not in first_parts():
        return f"{code[:3]!r} is no country, international type, region, religion, ethnic group or role"
    return None


def event_code_problem(code: str) -> str | None:
    """Return what is wrong with a CAMEO event code, or None when it is a code of the codebook."""
    if code not in cameo_table():
        return "not a CAMEO event code" + (" (codes keep their leading zero: 042)" if code.isdigit() else "")
    if len(code) == 2:
        return "a root alone is not a code: use the root's residual code (e.g. 110)"
    return None
