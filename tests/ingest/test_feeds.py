"""Tests for dyads.ingest.feeds: RSS, Atom and JSON Feed entries as Articles; non-feeds as Problems."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dyads.ingest.feeds import html_to_text, is_json_feed, iter_feed, iter_json_feed
from dyads.model import Article, Problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RSS = FIXTURES / "articles" / "world.rss"
ATOM = FIXTURES / "articles" / "world.atom"
JSON_FEED = FIXTURES / "articles" / "radio_feed.json"


def _articles(results: list[Article | Problem]) -> list[Article]:
    """Return the results, failing the test if any is a Problem."""
    assert all(isinstance(item, Article) for item in results), results
    return [item for item in results if isinstance(item, Article)]


def test_feeds_iter_feed_rss_entries() -> None:
    articles = _articles(list(iter_feed(RSS.read_bytes(), path="world.rss")))
    assert articles == [
        Article(
            id="courier-1001",
            text="Gondor expelled three Arnor diplomats on Wednesday.\n\nThe foreign ministry accused them of spying.",
            title="Gondor expels Arnor diplomats",
            published=dt.date(2004, 3, 24),
            source="Courier World News",
            url="https://courier.example.org/world/gondor-expels-diplomats",
            path="world.rss[0]",
        ),
        Article(
            id="https://courier.example.org/world/harad-aid-convoys",
            text=(
                "Harad opened its southern border to United Nations aid convoys on Thursday.\n\n"
                "The first trucks crossed at dawn, officials said."
            ),
            title="Harad opens border to aid convoys",
            published=dt.date(2004, 3, 25),
            source="Courier World News",
            url="https://courier.example.org/world/harad-aid-convoys",
            path="world.rss[1]",
        ),
    ]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("id", ["urn:rohan-daily:2011:0616-1", "urn:rohan-daily:2011:0616-2"]),
        ("title", ["Rohan parliament ratifies ceasefire", "Harad frees prisoners"]),
        ("published", [dt.date(2011, 6, 16), dt.date(2011, 6, 16)]),
        ("source", ["Rohan Daily - World", "Rohan Daily - World"]),
        (
            "text",
            [
                "Rohan's parliament ratified the ceasefire with Harad on Thursday.\n\nOnly four members voted against it.",
                "Harad freed forty Rohirrim prisoners, as the ceasefire requires.",
            ],
        ),
        (
            "url",
            [
                "https://rohan-daily.example.net/2011/06/16/ceasefire-ratified",
                "https://rohan-daily.example.net/2011/06/16/prisoners-freed",
            ],
        ),
    ],
)
def test_feeds_iter_feed_atom_entries(field: str, expected: list[object]) -> None:
    articles = _articles(list(iter_feed(ATOM.read_bytes(), path="world.atom")))
    assert [getattr(article, field) for article in articles] == expected


@pytest.mark.parametrize(
    ("pub_date", "expected"),
    [
        ("Thu, 25 Mar 2004 23:30:00 -0500", dt.date(2004, 3, 25)),
        ("Fri, 26 Mar 2004 01:30:00 +0900", dt.date(2004, 3, 26)),
        ("2004-03-25T23:30:00-05:00", dt.date(2004, 3, 25)),
        ("not a date", None),
    ],
)
def test_feeds_iter_feed_date_as_written(pub_date: str, expected: dt.date | None) -> None:
    data = (
        "<rss version='2.0'><channel><title>T</title><item><title>A</title>"
        f"<description>Gondor voted.</description><pubDate>{pub_date}</pubDate></item></channel></rss>"
    ).encode()
    (article,) = _articles(list(iter_feed(data, path="f.rss")))
    assert article.published == expected


def test_feeds_iter_feed_json_feed_items() -> None:
    feed = json.loads(JSON_FEED.read_text(encoding="utf-8"))
    articles = _articles(list(iter_json_feed(feed, path="radio_feed.json")))
    assert [(a.id, a.title, a.published, a.source, a.path) for a in articles] == [
        (
            "hr-2011-0617-1",
            "Aid convoys reach border villages",
            dt.date(2011, 6, 17),
            "Harad Radio",
            "radio_feed.json[0]",
        ),
        ("42", "UN monitors arrive", dt.date(2011, 6, 18), "Harad Radio", "radio_feed.json[1]"),
    ]
    assert articles[0].text == (
        "The first aid convoys reached the border villages on Friday.\n\nAid workers said food would last a month."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"version": "https://jsonfeed.org/version/1", "items": []}, True),
        ({"version": "https://jsonfeed.org/version/1.1"}, True),
        ({"version": "2.0", "items": []}, False),
        ({"text": "Gondor voted."}, False),
        ([{"version": "https://jsonfeed.org/version/1"}], False),
    ],
)
def test_feeds_is_json_feed(value: object, expected: bool) -> None:
    assert is_json_feed(value) is expected


@pytest.mark.parametrize(
    ("feed", "problems"),
    [
        (
            {"version": "https://jsonfeed.org/version/1"},
            [Problem(source="f.json", reason="JSON Feed has no 'items' array")],
        ),
        (
            {
                "version": "https://jsonfeed.org/version/1",
                "items": ["x", {"id": "1", "title": "Only a title"}],
            },
            [
                Problem(source="f.json[0]", reason="JSON Feed item is not an object"),
                Problem(source="f.json[1]", reason="feed entry has no text"),
            ],
        ),
    ],
)
def test_feeds_iter_json_feed_problem(feed: dict[str, object], problems: list[Problem]) -> None:
    assert list(iter_json_feed(feed, path="f.json")) == problems


def test_feeds_iter_feed_entry_without_text() -> None:
    data = b"<rss version='2.0'><channel><title>T</title><item><title>Only a title</title></item></channel></rss>"
    assert list(iter_feed(data, path="f.rss")) == [
        Problem(source="f.rss[0]", reason="feed entry has no text")
    ]


def test_feeds_iter_feed_empty_feed_yields_nothing() -> None:
    data = b"<rss version='2.0'><channel><title>Quiet day</title></channel></rss>"
    assert list(iter_feed(data, path="f.rss")) == []


@pytest.mark.parametrize(
    "data",
    [
        b"<root><item>1</item></root>",
        b"<html><body><p>A web page</p></body></html>",
    ],
)
def test_feeds_iter_feed_not_a_feed(data: bytes) -> None:
    assert list(iter_feed(data, path="f.xml")) == [
        Problem(source="f.xml", reason="not a feed: no RSS, Atom or RDF root element")
    ]


def test_feeds_iter_feed_not_a_feed_fixture() -> None:
    (problem,) = iter_feed((FIXTURES / "bad" / "not_a_feed.xml").read_bytes(), path="not_a_feed.xml")
    assert isinstance(problem, Problem)
    assert problem.reason.startswith("not a feed: ")
    assert problem.source == "not_a_feed.xml"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three.\n\n"),
        ("Line<br>next", "Line\nnext"),
        ("<p>Text<script>alert(1)</script></p>", "Text\n\n"),
        ("plain text", "plain text"),
        ("", ""),
        ("   ", ""),
        ("<<>>", "<<>>"),
    ],
)
def test_feeds_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


_BAD_DATE_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><guid>a</guid><pubDate>Tue, 23 Mar 2004 10:00:00 GMT</pubDate><description>China condemned Japan on Tuesday.</description></item>
<item><guid>b</guid><pubDate>{date}</pubDate><description>Iran accused Iraq of shelling.</description></item>
<item><guid>c</guid><pubDate>Wed, 24 Mar 2004 10:00:00 GMT</pubDate><description>Russia threatened Georgia again.</description></item>
</channel></rss>"""


@pytest.mark.issue(23)
@pytest.mark.parametrize("date", ["0000-00-00", "Tue, 23 Mar 99999999999 10:00:00 GMT", "", "soon"])
def test_feeds_bad_pub_date_costs_only_that_entry_its_date(date: str) -> None:
    data = _BAD_DATE_RSS.format(date=date).encode()
    articles = _articles(list(iter_feed(data, path="wire.rss")))
    assert [(a.id, a.published) for a in articles] == [
        ("a", dt.date(2004, 3, 23)),
        ("b", None),
        ("c", dt.date(2004, 3, 24)),
    ]


@pytest.mark.issue(23)
def test_feeds_control_character_in_html_costs_nothing_else() -> None:
    # Found by tests/ingest/test_fuzz_readers.py: lxml refused the "\x1b" after "<p></p>" and the feed ended.
    data = _BAD_DATE_RSS.format(date="").replace("China condemned", "<p></p>\x1bChina condemned").encode()
    articles = _articles(list(iter_feed(data, path="wire.rss")))
    assert [(a.id, a.text) for a in articles][0] == ("a", "China condemned Japan on Tuesday.")
    assert len(articles) == 3
