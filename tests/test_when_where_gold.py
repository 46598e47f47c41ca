"""Accuracy gate on our own when/where gold set (tests/fixtures/gold/when_where.jsonl, written for dyads).

Floors only go up (trafilatura's eval-gate habit): raise them when the coder gets better.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.evaluate import read_gold, score, score_when_where, scored_mentions
from dyads.model import Article

GOLD = Path(__file__).parent / "fixtures" / "gold" / "when_where.jsonl"
FLOORS = {"date": 0.95, "place_geonameid": 0.85, "place_country": 0.88, "root_f1": 0.84, "triple_f1": 0.60}


@pytest.fixture(scope="module")
def results(coder):  # type: ignore[no-untyped-def]
    records = list(read_gold(GOLD))
    articles = [Article(r.id, r.text, published=r.date) for r in records]
    coded = {article.id: mentions for article, mentions in coder.code_articles(articles)}
    report = score([(scored_mentions(coded[r.id]), list(r.events)) for r in records])
    return report, score_when_where(records, coded)


def test_when_where_gold_dates(results):
    _, when_where = results
    assert when_where.dated >= 80
    assert when_where.rate(when_where.date_correct, when_where.dated) >= FLOORS["date"]


def test_when_where_gold_places(results):
    _, when_where = results
    assert when_where.placed >= 80
    assert when_where.rate(when_where.place_exact, when_where.placed) >= FLOORS["place_geonameid"]
    assert when_where.rate(when_where.place_country, when_where.placed) >= FLOORS["place_country"]


def test_when_where_gold_events(results):
    report, _ = results
    assert report.levels["root"].f1 >= FLOORS["root_f1"]
    assert report.levels["triple"].f1 >= FLOORS["triple_f1"]
