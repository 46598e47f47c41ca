"""Fit the confidence model (src/dyads/data/confidence.tsv) on gold sets and judged real news; print the calibration.

    python scripts/calibrate.py

Reads ../shared/gold/petr2_gsr.jsonl, ../shared/gold/petr_validate.jsonl (with its dictionaries) and
tests/fixtures/gold/when_where.jsonl; a counted mention is "right" when it reports a gold event of its
record at the level events are kept at: the same source and target countries and CAMEO root (DESIGN.md's
"root" level). Reads benchmarks/judged_news.tsv, reviewers' labels of mentions on real articles of
../shared/corpus/news.jsonl: the articles are coded again and each mention dyads still writes unchanged
takes its label ("correct" is right). Fits a logistic regression with L2 (plain numpy gradient descent)
and prints, for real news, the calibration of models fitted without each audit on that audit (held out).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from dyads.confidence import FEATURES, features
from dyads.evaluate import gold_articles, judged, read_gold
from dyads.ingest import iter_inputs
from dyads.model import Article
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
JUDGED = ROOT / "benchmarks" / "judged_news.tsv"
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"
BANDS = ((0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 1.01))


def labelled(path: Path, options: dict[str, list[Path]]) -> list[tuple[dict[str, float], int]]:
    records = [r for r in read_gold(path) if r.evaluate]
    coder = Coder.create(**options)
    coded = {article.id: mentions for article, mentions in coder.code_articles(gold_articles(records))}
    return [
        (features(mention), int(right))
        for record in records
        for mention, right in judged(record, coded[record.id])
    ]


def judged_news() -> list[tuple[dict[str, float], int, str]]:
    """Return (features, right, audit) of the judged real-news mentions dyads still writes unchanged."""
    rows = [
        dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
        for lines in [[x for x in JUDGED.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]]
        for header in [lines[0].split("\t")]
        for line in lines[1:]
        if line
    ]
    wanted = {row["article_id"] for row in rows}
    articles = [a for a in iter_inputs([CORPUS]) if isinstance(a, Article) and a.id in wanted]
    coded = {}
    for article, mentions in Coder.create().code_articles(articles):
        for m in mentions:
            key = (article.id, str(m.sentence_start), m.trigger, m.source.code if m.source else "")
            coded[(*key, m.target.code if m.target else "", m.cameo)] = m
    found: dict[tuple[str, ...], tuple[dict[str, float], int, str]] = {}
    for row in rows:
        key = tuple(row[k] for k in ("article_id", "sentence_start", "trigger", "source", "target", "cameo"))
        if key in coded and key not in found:
            found[key] = (features(coded[key]), int(row["label"] == "correct"), row["audit"])
    return list(found.values())


def _matrix(rows: list[dict[str, float]]) -> np.ndarray:
    return np.array([[f[name] for name in FEATURES] for f in rows])


def _print_bands(p: np.ndarray, y: np.ndarray) -> None:
    for low, high in BANDS:
        band = (p >= low) & (p < high)
        share = y[band].mean() if band.any() else float("nan")
        print(f"  confidence {low:.1f}-{min(high, 1):.1f}: {band.sum():4d} mentions, precision {share:.3f}")


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
    rows: list[tuple[dict[str, float], int]] = []
    for path, options in SETS:
        if path.exists():
            found = labelled(path, options)
            print(f"{path.name}: {len(found)} counted mentions, {sum(y for _, y in found)} right")
            rows.extend(found)
    news = judged_news() if CORPUS.exists() else []
    print(f"{JUDGED.name}: {len(news)} judged mentions still written, {sum(y for _, y, _ in news)} correct")
    if news:
        print("real news, each audit held out of the fit that scores it:")
        held_p, held_y = [], []
        for audit in sorted({a for _, _, a in news}):
            train = rows + [(f, y) for f, y, a in news if a != audit]
            w = fit(_matrix([f for f, _ in train]), np.array([y for _, y in train], dtype=float))
            test = [(f, y) for f, y, a in news if a == audit]
            held_p.append(1 / (1 + np.exp(-_matrix([f for f, _ in test]) @ w)))
            held_y.append(np.array([y for _, y in test], dtype=float))
        _print_bands(np.concatenate(held_p), np.concatenate(held_y))
    rows += [(f, y) for f, y, _ in news]
    x = _matrix([f for f, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    w = fit(x, y)
    target = ROOT / "src" / "dyads" / "data" / "confidence.tsv"
    with target.open("w", encoding="utf-8") as handle:
        handle.write("# Written by scripts/calibrate.py -- do not edit by hand.\n")
        handle.write(
            f"# Fitted {dt.date.today().isoformat()} on {len(rows) - len(news)} counted mentions of the gold sets "
            f"({', '.join(p.name for p, _ in SETS if p.exists())}) and {len(news)} judged mentions of real news "
            f"({JUDGED.name}).\n"
        )
        handle.write("feature\tweight\n")
        for name, value in zip(FEATURES, w, strict=True):
            handle.write(f"{name}\t{value:.4f}\n")
    print("all, in sample:")
    _print_bands(1 / (1 + np.exp(-x @ w)), y)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
