"""Inter-annotator agreement: Cohen's κ on the CAMEO root, and agreement on the dyad and the code.

Two annotations of one sentence are compared event by event. Events are paired greedily, best
first: overlapping triggers count most, then the same root, then the same source and target
countries; an event the other annotator does not have is paired with "none", and a sentence both
leave empty is one ("none", "none") item. κ is computed over those items, so it counts missed and
extra events as disagreements, not only different codes of the same event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dyads.annotations.records import ActorSpan, AnnotatedEvent, Annotation

__all__ = ["Agreement", "agreement", "align", "cohen_kappa"]

NONE = "none"


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float:
    """Return Cohen's κ of two raters' labels for the same items."""
    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def _country(actor: ActorSpan | None) -> str | None:
    return actor.code[:3] if actor else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def align(
    first: Sequence[AnnotatedEvent], second: Sequence[AnnotatedEvent]
) -> list[tuple[AnnotatedEvent | None, AnnotatedEvent | None]]:
    """Pair two annotators' events of one sentence; unpaired events get None."""
    scored = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            trigger, root = _overlap(a.trigger, b.trigger), a.root == b.root
            if not (trigger or root):
                continue
            same_dyad = (_country(a.source) == _country(b.source)) + (
                _country(a.target) == _country(b.target)
            )
            scored.append((4 * trigger + 2 * root + same_dyad, i, j))
    pairs: list[tuple[AnnotatedEvent | None, AnnotatedEvent | None]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((first[i], second[j]))
    pairs.extend((a, None) for i, a in enumerate(first) if i not in used_a)
    pairs.extend((None, b) for j, b in enumerate(second) if j not in used_b)
    return pairs


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement between two annotations of the same sentences."""

    sentences: int
    items: int
    kappa_root: float
    observed_root: float
    kappa_event: float  # does the sentence report any event at all
    same_root_pairs: int
    dyad: float  # of the pairs with the same root: same source and target countries
    dyad_exact: float  # ... same full source and target codes
    code: float  # ... the same full CAMEO code
    confusions: tuple[tuple[str, str, int], ...]

    def to_dict(self) -> dict[str, object]:
        """Return the figures as plain JSON-able data."""
        return {
            "sentences": self.sentences,
            "items": self.items,
            "kappa_root": round(self.kappa_root, 4),
            "observed_root": round(self.observed_root, 4),
            "kappa_event": round(self.kappa_event, 4),
            "same_root_pairs": self.same_root_pairs,
            "dyad_country": round(self.dyad, 4),
            "dyad_exact": round(self.dyad_exact, 4),
            "code": round(self.code, 4),
            "confusions": [list(c) for c in self.confusions],
        }


def agreement(first: Iterable[Annotation], second: Iterable[Annotation]) -> Agreement:
    """Return the agreement of two annotations over the sentences both annotated."""
    by_id = {annotation.id: annotation for annotation in first}
    items: list[tuple[str, str]] = []
    sentence_labels: list[tuple[str, str]] = []
    same_root: list[tuple[AnnotatedEvent, AnnotatedEvent]] = []
    sentences = 0
    for b in second:
        a = by_id.get(b.id)
        if a is None:
            continue
        sentences += 1
        sentence_labels.append((str(bool(a.events)), str(bool(b.events))))
        pairs = align(a.events, b.events)
        if not pairs:
            items.append((NONE, NONE))
        for x, y in pairs:
            items.append((x.root if x else NONE, y.root if y else NONE))
            if x and y and x.root == y.root:
                same_root.append((x, y))
    confusions = Counter((x, y) for x, y in items if x != y)
    n = len(same_root)

    def share(test: int) -> float:
        return test / n if n else 0.0

    return Agreement(
        sentences=sentences,
        items=len(items),
        kappa_root=cohen_kappa(items),
        observed_root=sum(x == y for x, y in items) / len(items) if items else 0.0,
        kappa_event=cohen_kappa(sentence_labels),
        same_root_pairs=n,
        dyad=share(
            sum(
                _country(x.source) == _country(y.source) and _country(x.target) == _country(y.target)
                for x, y in same_root
            )
        ),
        dyad_exact=share(
            sum(
                (x.source.code if x.source else None) == (y.source.code if y.source else None)
                and (x.target.code if x.target else None) == (y.target.code if y.target else None)
                for x, y in same_root
            )
        ),
        code=share(sum(x.code == y.code for x, y in same_root)),
        confusions=tuple((x, y, count) for (x, y), count in confusions.most_common(15)),
    )
