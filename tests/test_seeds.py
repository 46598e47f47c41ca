"""The seed dispute (../shared/seeds, China–US, March 2004) must be coded end to end (issue 3)."""

from __future__ import annotations

import pytest

from conftest import shared_path
from dyads.ingest import iter_inputs
from dyads.model import Article

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.fixture(scope="module")
def seed_mentions(coder):  # type: ignore[no-untyped-def]
    directory = shared_path("seeds")
    articles = [item for item in iter_inputs([str(directory)]) if isinstance(item, Article)]
    assert len(articles) == 2
    return [m for _, coded in coder.code_articles(articles) for m in coded]


def _find(mentions, *, source=None, target=None, root=None, code=None, words=()):
    found = []
    for m in mentions:
        if source and not (m.source and m.source.code.startswith(source)):
            continue
        if target and not (m.target and m.target.code.startswith(target)):
            continue
        if root and not m.cameo.startswith(root):
            continue
        if code and m.cameo != code:
            continue
        if any(word not in m.sentence for word in words):
            continue
        found.append(m)
    return found


@pytest.mark.parametrize(
    ("source", "target", "roots", "words"),
    [
        ("USA", "CHN", ("11",), ("criticism",)),
        ("USA", "CHN", ("01", "11"), ("resolution",)),
        ("CHNGOV", "NGO", ("12",), ("Human Rights Watch",)),
        ("CHN", "PRK", ("03",), ("promised",)),
        ("NGO", "CHN", ("02",), ("calls on",)),
        ("CHN", "USA", ("16",), ("suspend",)),
        ("CHNGOV", "USAGOV", ("112",), ("accused Washington",)),
        ("CHN", "USA", ("04",), ("ambassador",)),
        ("CHNGOV", "USA", ("112",), ("Chinese officials accuse",)),
        ("NGO", "CHNGOV", ("11",), ("doubt",)),
        ("USA", "CHNGOV", ("11",), ("crackdown",)),
    ],
)
def test_seed_event_is_coded_with_evidence(seed_mentions, source, target, roots, words):
    found = [
        m
        for m in _find(seed_mentions, source=source, target=target, words=words)
        if m.cameo.startswith(roots)
    ]
    assert found, f"no {source} → {target} {roots} mention in a sentence with {words}"
    mention = found[0]
    assert mention.sentence and mention.sentence_end > mention.sentence_start


def test_seed_suspension_is_future_and_dated_tuesday(seed_mentions):
    (suspend,) = [
        m for m in _find(seed_mentions, source="CHN", target="USA", root="16") if "suspend" in m.trigger
    ]
    assert suspend.modality == "future"
    assert not suspend.negated
    assert suspend.date == "2004-03-23"
    assert suspend.date_precision == "day"
    assert suspend.date_text == "Tuesday"


@pytest.mark.parametrize(
    ("root", "trigger", "date", "date_text", "place"),
    [
        ("04", "called", "2004-03-23", "Tuesday", ("Beijing", 1816670)),
        ("11", "criticizing", "2004-03-23", None, ("Geneva", 2660646)),
    ],
)
def test_seed_when_and_where(seed_mentions, root, trigger, date, date_text, place):
    found = [m for m in seed_mentions if m.cameo.startswith(root) and trigger in m.trigger and m.place]
    assert found, f"no located {root} mention with trigger {trigger!r}"
    mention = found[0]
    assert (mention.date, mention.date_text) == (date, date_text)
    assert (mention.place.name, mention.place.geonameid) == place


def test_seed_gold_by_path_scores(coder):
    from pathlib import Path

    from dyads.evaluate import gold_articles, read_gold, score, score_when_where, scored_mentions

    shared_path("seeds")
    gold = Path(__file__).parent / "fixtures" / "gold" / "seeds.jsonl"
    records = list(read_gold(gold))
    coded = {a.id: m for a, m in coder.code_articles(gold_articles(records))}
    report = score([(scored_mentions(coded[r.id]), list(r.events)) for r in records])
    when_where = score_when_where(records, coded)
    assert report.levels["root"].recall >= 0.9
    assert when_where.rate(when_where.date_correct, when_where.dated) >= 0.9
