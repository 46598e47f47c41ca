"""Fit the confidence model (src/dyads/data/confidence.tsv) on the gold sets; print the calibration.

    python scripts/calibrate.py

Reads ../shared/gold/petr2_gsr.jsonl, ../shared/gold/petr_validate.jsonl (with its dictionaries) and
tests/fixtures/gold/when_where.jsonl; a counted mention is "right" when it reports a gold event of its
record at the level events are kept at: the same source and target countries and CAMEO root (DESIGN.md's
"root" level). Fits a logistic regression with L2 (plain numpy gradient descent).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from dyads.confidence import FEATURES, features
from dyads.evaluate import gold_articles, judged, read_gold
from dyads.pipeline import Coder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "gold"
SETS = [
    (SHARED / "petr2_gsr.jsonl", {}),
    (
        SHARED / "petr_validate.jsonl",
        {
            "petrarch_actors": [SHARED / "petr_validate.actors.txt"],
            "petrarch_agents": [SHARED / "petr_validate.agents.txt"],
        },
    ),
    (ROOT / "tests" / "fixtures" / "gold" / "when_where.jsonl", {}),
]


def labelled(path: Path, options: dict[str, list[Path]]) -> list[tuple[dict[str, float], int]]:
    records = [r for r in read_gold(path) if r.evaluate]
    coder = Coder.create(**options)
    coded = {article.id: mentions for article, mentions in coder.code_articles(gold_articles(records))}
    return [
        (features(mention), int(right))
        for record in records
        for mention, right in judged(record, coded[record.id])
    ]


def fit(
    x: np.ndarray, y: np.ndarray, *, l2: float = 0.005, steps: int = 20000, rate: float = 0.3
) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]]
        w -= rate * gradient
    return w


def main() -> None:
    rows = []
    for path, options in SETS:
        if path.exists():
            found = labelled(path, options)
            print(f"{path.name}: {len(found)} counted mentions, {sum(y for _, y in found)} right")
            rows.extend(found)
    x = np.array([[f[name] for name in FEATURES] for f, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    w = fit(x, y)
    target = ROOT / "src" / "dyads" / "data" / "confidence.tsv"
    with target.open("w", encoding="utf-8") as handle:
        handle.write("# Written by scripts/calibrate.py -- do not edit by hand.\n")
        handle.write(
            f"# Fitted {dt.date.today().isoformat()} on {len(rows)} counted mentions of the gold sets "
            f"({', '.join(p.name for p, _ in SETS if p.exists())}).\n"
        )
        handle.write("feature\tweight\n")
        for name, value in zip(FEATURES, w, strict=True):
            handle.write(f"{name}\t{value:.4f}\n")
    p = 1 / (1 + np.exp(-x @ w))
    for low, high in ((0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)):
        band = (p >= low) & (p < high)
        share = y[band].mean() if band.any() else float("nan")
        print(f"confidence {low:.1f}-{min(high, 1):.1f}: {band.sum():4d} mentions, precision {share:.3f}")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
