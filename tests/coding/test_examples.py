"""Every CAMEO code is reachable: some pattern's example sentence (written for dyads) codes to it."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.coding.cameo import cameo_table
from dyads.coding.verbs import NO_EVENT
from dyads.model import Article

# Share of all pattern examples that code to their own pattern's code; it only goes up (eval-gate habit).
EXAMPLE_FLOOR = 0.85


@pytest.fixture(scope="module")
def example_results(coder):  # type: ignore[no-untyped-def]
    patterns = [
        p
        for group in (*coder.lexicon.verbs.values(), *coder.lexicon.nouns.values())
        for p in group
        if p.example
    ]
    articles = [Article(f"ex{i}", p.example, published=dt.date(2004, 3, 25)) for i, p in enumerate(patterns)]
    coded = {article.id: mentions for article, mentions in coder.code_articles(articles)}
    return [(pattern, coded[f"ex{i}"]) for i, pattern in enumerate(patterns)]


def _codes(example_results):  # type: ignore[no-untyped-def]
    return [(p, {m.cameo for m in mentions}) for p, mentions in example_results if p.code != NO_EVENT]


def test_examples_reach_every_cameo_code(example_results):
    reached = {pattern.code for pattern, codes in _codes(example_results) if pattern.code in codes}
    missing = sorted(set(cameo_table()) - reached)
    assert not missing, f"no example codes to {missing}"


def test_examples_mostly_code_to_their_own_pattern(example_results):
    results = _codes(example_results)
    hits = sum(pattern.code in codes for pattern, codes in results)
    share = hits / len(results)
    failures = [(p.origin, p.code, p.example, sorted(c)) for p, c in results if p.code not in c][:10]
    assert share >= EXAMPLE_FLOOR, (
        f"{share:.3f} of examples code to their pattern; first failures: {failures}"
    )


def test_examples_of_other_senses_code_nothing(example_results):
    # Their examples are written with no other event in them.
    coded = [(p.origin, m.trigger) for p, mentions in example_results if p.code == NO_EVENT for m in mentions]
    assert not coded
