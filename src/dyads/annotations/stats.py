"""`dyads annotations stats`: what the annotation corpus holds, by root, split, collection and stratum."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from dyads.annotations.agreement import Agreement
from dyads.annotations.records import SPLITS, Annotation
from dyads.coding.cameo import cameo_table

__all__ = ["corpus_stats"]


def _roots() -> list[str]:
    return sorted(code for code in cameo_table() if len(code) == 2)


def corpus_stats(annotations: Sequence[Annotation], rounds: Mapping[str, Agreement]) -> dict[str, Any]:
    """Return the corpus figures `dyads annotations stats --json` prints (κ of the latest agreement round)."""
    agreement = rounds[list(rounds)[-1]] if rounds else None
    real = [a for a in annotations if not a.synthetic]
    by_root = Counter(event.root for a in annotations for event in a.events)
    by_root_real = Counter(event.root for a in real for event in a.events)
    by_split = Counter(a.split for a in annotations if a.split == "train" or not a.synthetic)
    events = sum(len(a.events) for a in annotations)
    no_event = sum(1 for a in annotations if not a.events)
    real_no_event = sum(1 for a in real if not a.events)
    return {
        "sentences": len(annotations),
        "real": len(real),
        "synthetic": len(annotations) - len(real),
        "events": events,
        "no_event": no_event,
        "no_event_share_real": round(real_no_event / len(real), 4) if real else 0.0,
        "counted_events": sum(1 for a in annotations for e in a.events if e.counts),
        "by_root": {root: by_root.get(root, 0) for root in _roots()},
        "by_root_real": {root: by_root_real.get(root, 0) for root in _roots()},
        "by_split": {split: by_split.get(split, 0) for split in SPLITS},
        "by_split_real": {split: sum(1 for a in real if a.split == split) for split in SPLITS},
        "by_collection": dict(sorted(Counter(a.collection or "synthetic" for a in annotations).items())),
        "by_stratum": dict(sorted(Counter((a.stratum or "-").split(":")[0] for a in annotations).items())),
        "by_modality": dict(sorted(Counter(e.modality for a in annotations for e in a.events).items())),
        "negated": sum(1 for a in annotations for e in a.events if e.negated),
        "articles_real": len({a.article_id for a in real}),
        "kappa_root": round(agreement.kappa_root, 4) if agreement else None,
        "agreement": agreement.to_dict() if agreement else None,
        "agreement_rounds": {name: result.to_dict() for name, result in rounds.items()},
    }
