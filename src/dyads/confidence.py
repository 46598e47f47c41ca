"""How likely a mention is right: a logistic model over how it was coded, fitted on gold sets.

The weights live in `data/confidence.tsv`, written by `scripts/calibrate.py` from `dyads eval`'s
gold sets (see its header); `dyads eval` prints the calibration table it achieves.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from dyads.errors import DataFileError
from dyads.model import Actor, Mention
from dyads.resources import read_table

__all__ = ["FEATURES", "features", "score", "weights", "with_confidence"]

FEATURES = (
    "bias",
    "has_target",
    "source_named",  # a name, organization, person or institution
    "source_inferred",  # a title, capital, demonym or adjective
    "source_recalled",  # a pronoun or an earlier mention
    "target_named",
    "target_inferred",
    "target_recalled",
    "target_place",
    "asserted",
    "sub_code",  # a 3- or 4-digit code rather than a root
    "four_digit",
    "composed",  # coded through a frame, a reciprocal or reported speech, not a pattern alone
    "roles",  # the source code carries a role
    "source_country",  # the source is of a known country
    "target_country",
    "domestic",  # source and target of the same country
    "quad_verbal_cooperation",
    "quad_material_cooperation",
    "quad_verbal_conflict",
)
_NAMED = frozenset({"name", "organization", "person", "institution"})
_INFERRED = frozenset({"title", "capital", "adjective", "demonym", "region"})
_RECALLED = frozenset({"pronoun", "memory"})


def _origin(prefix: str, actor: Actor | None) -> dict[str, float]:
    origin = actor.origin if actor is not None else ""
    return {
        f"{prefix}_named": float(origin in _NAMED),
        f"{prefix}_inferred": float(origin in _INFERRED),
        f"{prefix}_recalled": float(origin in _RECALLED),
    }


def features(mention: Mention) -> dict[str, float]:
    """Return the model's features of a mention."""
    rule_file = mention.rule.rsplit(":", 1)[0]
    return {
        "bias": 1.0,
        "has_target": float(mention.target is not None),
        **_origin("source", mention.source),
        **_origin("target", mention.target),
        "target_place": float(mention.target is not None and mention.target.origin == "place"),
        "asserted": float(mention.modality == "asserted" and not mention.negated),
        "sub_code": float(len(mention.cameo) >= 3),
        "four_digit": float(len(mention.cameo) == 4),
        "composed": float(not rule_file.startswith("verbs/") or rule_file.split("/")[-1][:2].isalpha()),
        "roles": float(bool(mention.source and mention.source.roles)),
        "source_country": float(bool(mention.source and mention.source.country)),
        "target_country": float(bool(mention.target and mention.target.country)),
        "domestic": float(
            bool(mention.source and mention.target and mention.source.country)
            and mention.source.country == mention.target.country  # type: ignore[union-attr]
        ),
        "quad_verbal_cooperation": float(mention.quadclass == 1),
        "quad_material_cooperation": float(mention.quadclass == 2),
        "quad_verbal_conflict": float(mention.quadclass == 3),
    }


@functools.cache
def weights() -> Mapping[str, float]:
    """Return the fitted weight of each feature (0 for a feature the file does not list)."""
    table: dict[str, float] = {}
    for row in read_table("confidence.tsv", ("feature", "weight")):
        try:
            table[row["feature"]] = float(row["weight"])
        except ValueError as e:
            raise DataFileError(row.origin, f"weight is not a number ({e})") from e
    return MappingProxyType(table)


def score(mention: Mention) -> float:
    """Return the probability (0–1, two decimals) that the mention is right."""
    table = weights()
    z = sum(table.get(name, 0.0) * value for name, value in features(mention).items())
    return round(1.0 / (1.0 + math.exp(-z)), 2)


def with_confidence(mention: Mention) -> Mention:
    """Return the mention with its confidence scored (a model's calibrated probability stands as it is)."""
    if mention.rule.startswith("model:"):
        return mention
    return replace(mention, confidence=score(mention))
