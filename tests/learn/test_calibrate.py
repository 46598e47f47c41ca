"""Tuning on dev: temperature, threshold, F1 of (sentence, root) pairs, expected calibration error."""

from __future__ import annotations

import numpy as np

from dyads.learn.calibrate import ece, fit_temperature, sentence_f1


def test_sentence_f1_counts_roots_as_multisets() -> None:
    predicted = [[("11", 0.9), ("11", 0.8), ("01", 0.2)], [("04", 0.6)]]
    gold = [["11"], ["04", "19"]]
    f1, precision, recall = sentence_f1(predicted, gold, 0.5)
    assert (precision, recall) == (2 / 3, 2 / 3)
    assert round(f1, 4) == round(2 / 3, 4)
    assert sentence_f1(predicted, gold, 0.95) == (0.0, 0.0, 0.0)


def test_ece_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident() -> None:
    honest = [[("11", 0.75)], [("11", 0.75)], [("11", 0.75)], [("11", 0.75)]]
    gold = [["11"], ["11"], ["11"], []]
    error, table = ece(honest, gold, 0.5)
    assert abs(error) < 1e-9 and table[0].count == 4 and table[0].accuracy == 0.75
    boastful = [[("11", 0.99)]] * 4
    assert ece(boastful, [["11"], [], [], []], 0.5)[0] > 0.7


def test_fit_temperature_softens_an_overconfident_model() -> None:
    rng = np.random.default_rng(0)
    roots = ["none", "01", "02"]
    labels = rng.integers(0, 3, size=300)
    logits = rng.normal(size=(300, 3))
    logits[np.arange(300), labels] += 1.0
    sharp = [logits[i : i + 1] * 4 for i in range(300)]
    golds = [[roots[label]] for label in labels]
    assert fit_temperature(sharp, golds, roots) > 2.0
