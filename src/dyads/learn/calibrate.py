"""Tune the trained event model on dev: temperature (calibration), decision threshold, and the scores they give.

The temperature is fitted to the dev candidates' negative log-likelihood, so the root probability the
model gives is a calibrated probability; the threshold on it is the one with the best dev F1 of
(sentence, root) pairs. Expected calibration error and the reliability table are computed from the
calibrated probabilities of the events the model reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dyads.learn.dataset import SentenceRows
from dyads.learn.events import EventModel, softmax

__all__ = [
    "DevScores",
    "Reliability",
    "candidate_logits",
    "ece",
    "fit_temperature",
    "role_accuracy",
    "sentence_f1",
    "tune",
]

_BINS = 10


@dataclass(frozen=True, slots=True)
class Reliability:
    """One bin of the reliability table: mean confidence, share correct, and how many events."""

    low: float
    high: float
    confidence: float
    accuracy: float
    count: int


@dataclass(frozen=True, slots=True)
class DevScores:
    """What tuning on dev found."""

    temperature: float
    threshold: float
    f1: float
    precision: float
    recall: float
    ece: float
    reliability: tuple[Reliability, ...]
    role_accuracy: float


def candidate_logits(
    model: EventModel, rows: Sequence[SentenceRows]
) -> tuple[list[np.ndarray], list[list[str]]]:
    """Return, per sentence, the trigger logits of its candidates (rows of the array) and their gold roots."""
    encoded = model.encode([r.text for r in rows])
    logits: list[np.ndarray] = []
    golds: list[list[str]] = []
    for row, sentence in zip(rows, encoded, strict=True):
        inputs, gold = [], []
        for trig in row.triggers:
            x = model.trigger_input(sentence, trig.span, trig.rule_root, trig.pattern_root)
            if x is not None:
                inputs.append(x)
                gold.append(trig.root)
        width = len(model.roots)
        logits.append(
            model.trigger_logits(np.stack(inputs)) if inputs else np.zeros((0, width), dtype=np.float32)
        )
        golds.append(gold)
    return logits, golds


def fit_temperature(logits: Sequence[np.ndarray], golds: Sequence[list[str]], roots: list[str]) -> float:
    """Return the temperature that minimises the dev candidates' negative log-likelihood."""
    x = np.concatenate([block for block in logits if len(block)])
    y = np.array([roots.index(g) for gold in golds for g in gold])

    def nll(t: float) -> float:
        p = softmax(x, t)
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    return min((t / 20 for t in range(10, 81)), key=nll)


def _predictions(logits: Sequence[np.ndarray], roots: list[str], t: float) -> list[list[tuple[str, float]]]:
    """Return, per sentence, the (root, probability) the model gives each candidate, none excluded."""
    found = []
    for sentence in logits:
        p = softmax(sentence, t) if len(sentence) else sentence
        rows = []
        for q in p:
            q = q.copy()
            q[0] = 0.0
            best = int(q.argmax())
            rows.append((roots[best], float(q[best])))
        found.append(rows)
    return found


def sentence_f1(
    predictions: Sequence[list[tuple[str, float]]], gold_roots: Sequence[list[str]], threshold: float
) -> tuple[float, float, float]:
    """Return (F1, precision, recall) of (sentence, root) pairs, as multisets, at a threshold."""
    tp = fp = fn = 0
    for predicted, gold in zip(predictions, gold_roots, strict=True):
        found = Counter(root for root, p in predicted if p >= threshold)
        want = Counter(gold)
        tp += sum((found & want).values())
        fp += sum((found - want).values())
        fn += sum((want - found).values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return (2 * precision * recall / (precision + recall) if precision + recall else 0.0), precision, recall


def ece(
    predictions: Sequence[list[tuple[str, float]]], gold_roots: Sequence[list[str]], threshold: float
) -> tuple[float, tuple[Reliability, ...]]:
    """Return the expected calibration error of the reported events and the reliability table."""
    pairs: list[tuple[float, bool]] = []
    for predicted, gold in zip(predictions, gold_roots, strict=True):
        left = Counter(gold)
        for root, p in sorted(predicted, key=lambda x: -x[1]):
            if p < threshold:
                continue
            hit = left[root] > 0
            if hit:
                left[root] -= 1
            pairs.append((p, hit))
    table: list[Reliability] = []
    error = 0.0
    for b in range(_BINS):
        low, high = b / _BINS, (b + 1) / _BINS
        inside = [(p, h) for p, h in pairs if low <= p < high or (b == _BINS - 1 and p == 1.0)]
        if not inside:
            continue
        confidence = sum(p for p, _ in inside) / len(inside)
        accuracy = sum(h for _, h in inside) / len(inside)
        error += len(inside) / len(pairs) * abs(confidence - accuracy)
        table.append(Reliability(low, high, confidence, accuracy, len(inside)))
    return error, tuple(table)


def role_accuracy(model: EventModel, rows: Sequence[SentenceRows]) -> float:
    """Return the share of gold (trigger, actor) pairs whose role (source, target, neither) the model gets right."""
    encoded = model.encode([r.text for r in rows])
    right = total = 0
    for row, sentence in zip(rows, encoded, strict=True):
        for role in row.roles:
            probs = model.roles_of(sentence, role.trigger, [role.actor], model.roots.index(role.root))
            right += model.roles[int(probs[0].argmax())] == role.role
            total += 1
    return right / total if total else 0.0


def tune(model: EventModel, dev: Sequence[SentenceRows]) -> DevScores:
    """Fit the temperature and threshold on dev and return the scores at them."""
    logits, golds = candidate_logits(model, dev)
    t = fit_temperature(logits, golds, model.roots)
    predictions = _predictions(logits, model.roots, t)
    gold_roots = [r.gold_roots for r in dev]
    threshold = max((x / 20 for x in range(2, 19)), key=lambda x: sentence_f1(predictions, gold_roots, x)[0])
    f1, precision, recall = sentence_f1(predictions, gold_roots, threshold)
    error, table = ece(predictions, gold_roots, threshold)
    return DevScores(t, threshold, f1, precision, recall, error, table, role_accuracy(model, dev))
