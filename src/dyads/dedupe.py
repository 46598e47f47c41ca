"""Mentions → events: reports of the same happening share one stable event id.

Two mentions report the same happening when they have the same source and target countries, the same
CAMEO root, the same date (at the precision the text gave), and the same standing (asserted, or
negated, or not yet happened). The event id is a hash of that key, so it does not depend on which
report came first, on ingest order, or on how many reports arrive later; the store counts them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from dyads.model import Mention

__all__ = ["assign_events", "event_key"]

# Modalities of things that did not (yet) happen: kept apart from the happening itself.
_UNREALISED = frozenset({"future", "intended", "hypothetical", "conditional", "demanded", "attempted"})


def event_key(mention: Mention) -> tuple[str, ...]:
    """Return what identifies the happening a mention reports."""
    standing = "negated" if mention.negated else ("unrealised" if mention.modality in _UNREALISED else "real")
    # Country level: one outlet's "Beijing" (CHNGOV) is another's "China" (CHN) for the same act.
    return (
        _country_level(mention.source.code) if mention.source else "",
        _country_level(mention.target.code) if mention.target else "",
        mention.cameo[:2],
        mention.date or "",
        standing,
    )


def _country_level(code: str) -> str:
    """Return the country part of a code, or the whole code for IGOs, NGOs and role-only actors."""
    return code if code[:3] in {"IGO", "NGO"} or len(code) <= 3 else code[:3]


def _event_id(key: tuple[str, ...]) -> str:
    return "e" + hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:16]


def assign_events(mentions: Iterable[Mention]) -> list[Mention]:
    """Return the mentions with their event ids set."""
    return [replace(mention, event_id=_event_id(event_key(mention))) for mention in mentions]
