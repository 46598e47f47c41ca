import json

import pytest

from dyads.errors import InputError
from dyads.evaluate import parse_date, read_gold, score


def test_score_counts_multisets_per_record():
    pairs = [
        ([("USA", "CHN", "111"), ("USA", "CHN", "111")], [("USA", "CHN", "111")]),
        ([("CHNGOV", "USAGOV", "112")], [("CHNGOV", "USA", "112"), ("NGO", "CHN", "111")]),
    ]
    report = score(pairs)
    triple = report.levels["triple"]
    assert (triple.tp, triple.fp, triple.fn) == (1, 2, 2)
    root = report.levels["root"]
    assert (root.tp, root.fp, root.fn) == (2, 1, 1)
    assert report.levels["code"].tp == 2
    assert report.levels["rootcode"].tp == 2
    assert report.gold_events == 3 and report.predicted_events == 3


def test_score_f1_of_perfect_prediction_is_one():
    report = score([([("A", None, "010")], [("A", None, "010")])])
    assert report.levels["triple"].f1 == 1.0


def test_read_gold_normalises_unknown_country_marker(tmp_path):
    path = tmp_path / "gold.jsonl"
    record = {
        "id": "x",
        "text": "t",
        "date": "20150609",
        "events": [{"source": "---GOV", "target": "---", "code": "013"}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (gold,) = read_gold(path)
    assert gold.events == (("GOV", None, "013"),)
    assert gold.date.isoformat() == "2015-06-09"


def test_read_gold_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x", "events": []}\n{"id": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:2: invalid JSON"):
        list(read_gold(path))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20040323", "2004-03-23"),
        ("2004-03-23", "2004-03-23"),
        ("2004-03-23T10:00:00", "2004-03-23"),
        ("", None),
        ("121108", None),
    ],
)
def test_parse_date_formats(value, expected):
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


def test_score_actors_on_found_events():
    from dyads.evaluate import score_actors

    pairs = [
        (
            [("CHNGOV", "USA", "112"), ("USA", "CHN", "042")],
            [("CHNGOV", "USAGOV", "112"), ("NGO", "CHN", "141")],
        ),
    ]
    actors = score_actors(pairs)
    assert actors.found == 1  # the 141 has no predicted event of root 14
    assert (actors.source_code, actors.target_code) == (1, 0)
    assert (actors.source_country, actors.target_country) == (1, 1)
    assert actors.rate(actors.source_code) == 1.0


def test_score_when_where_dates_and_places(coder, tmp_path):
    from dyads.evaluate import score_when_where

    record = {
        "id": "w1",
        "date": "2004-03-25",
        "text": "France criticized Italy in Geneva on Tuesday. Spain criticized Portugal.",
        "events": [
            {
                "source": "FRA",
                "target": "ITA",
                "code": "111",
                "date": "2004-03-23",
                "location": {"name": "Geneva", "country": "CHE", "geonameid": 2660646},
            },
            {"source": "ESP", "target": "PRT", "code": "111", "date": "2004-03-25", "location": None},
            {"source": "DEU", "target": "AUT", "code": "111", "date": "2004-03-25", "location": None},
        ],
    }
    path = tmp_path / "ww.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    records = list(read_gold(path))
    from dyads.model import Article

    coded = {
        a.id: m for a, m in coder.code_articles([Article(r.id, r.text, published=r.date) for r in records])
    }
    result = score_when_where(records, coded)
    assert (result.dated, result.date_correct) == (2, 2)  # the DEU event is not found, so not scored
    assert (result.placed, result.place_exact, result.place_country) == (2, 2, 2)


def test_read_gold_record_by_path(tmp_path):
    from dyads.evaluate import gold_articles

    (tmp_path / "a.txt").write_text(
        "France Criticizes Italy - 2004-03-23\n\nFrance criticized Italy.\n", encoding="utf-8"
    )
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        '{"id": "x", "path": "a.txt", "events": []}\n{"id": "y", "path": "missing.txt"}\n', encoding="utf-8"
    )
    records = list(read_gold(gold))
    (article,) = gold_articles(records[:1])
    assert article.id == "x" and article.published.isoformat() == "2004-03-23"
    with pytest.raises(InputError, match="missing.txt: article file of gold record 'y' not found"):
        gold_articles(records[1:])


def test_read_gold_record_needs_text_or_path(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "x", "events": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.jsonl:1: record has neither `text` nor `path`"):
        list(read_gold(gold))


def test_calibration_bins_count_right_mentions(coder, tmp_path):
    from dyads.evaluate import calibration
    from dyads.model import Article

    path = tmp_path / "g.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "c",
                "text": "France criticized Italy. Spain praised Peru.",
                "events": [{"source": "FRA", "target": "ITA", "code": "111"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    records = list(read_gold(path))
    coded = {a.id: m for a, m in coder.code_articles([Article(r.id, r.text) for r in records])}
    bins = calibration(records, coded)
    assert sum(b.mentions for b in bins) == 2
    assert sum(b.correct for b in bins) == 1
    assert all(0 <= m.confidence <= 1 for m in coded["c"])


def test_score_clusters_pairwise():
    from dyads.evaluate import score_clusters

    expected = {
        "happenings": [
            {"id": "h1", "source": "CHN", "target": "JPN", "root": "11", "articles": ["a", "b", "c"]},
            {"id": "h2", "source": "JPN", "target": "CHN", "root": "11", "articles": ["d"]},
        ],
        "stories": [{"id": "s", "articles": ["a", "b", "c", "d"]}],
    }

    def mention(article, source, target, event):
        return {"article_id": article, "source": source, "target": target, "cameo": "111", "event_id": event}

    mentions = [
        mention("a", "CHNGOV", "JPN", "e1"),
        mention("b", "CHN", "JPN", "e1"),
        mention("c", "CHN", "JPN", "e2"),
        mention("d", "JPN", "CHN", "e1"),
    ]
    result = score_clusters(expected, mentions, {"a": "s1", "b": "s1", "c": "s1", "d": "s2"})
    # reports a, b, d share e1: 3 predicted pairs, of which (a, b) is right; gold pairs ab, ac, bc
    assert (round(result.event_precision, 3), round(result.event_recall, 3)) == (0.333, 0.333)
    assert (result.story_precision, result.story_recall) == (1.0, 0.5)
    assert (result.found, result.expected) == (4, 4)
