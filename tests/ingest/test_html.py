"""Tests for dyads.ingest.html: main text and metadata from web pages, boilerplate left behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyads.ingest.html import read_html
from dyads.model import Article, Problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = FIXTURES / "articles" / "page.html"
BODY = (
    "<p>The minister called the talks \u201cuseful\u201d on Monday, a rare word of praise after months of "
    "bitter dispute over the border.</p><p>Officials from both countries said a further meeting would take "
    "place in Geneva next month to settle the remaining questions.</p>"
)


@pytest.fixture(name="page")
def fixture_page() -> Article:
    """Return the Article of the hand-written page fixture."""
    result = read_html(PAGE.read_bytes(), path="page.html", article_id="page.html")
    assert isinstance(result, Article), result
    return result


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("id", "page.html"),
        ("title", "Rohan and Harad sign ceasefire"),
        ("published", dt.date(2011, 6, 15)),
        ("source", "The Middle-earth Courier"),
        ("url", "https://courier.example.org/world/2011/06/15/rohan-harad-ceasefire"),
        ("path", "page.html"),
    ],
)
def test_html_read_html_metadata(page: Article, field: str, expected: object) -> None:
    assert getattr(page, field) == expected


def test_html_read_html_main_text_in_paragraphs(page: Article) -> None:
    paragraphs = page.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0] == (
        "Rohan and Harad signed a ceasefire on Wednesday after three days of talks in Geneva, "
        "ending a border war that had lasted eleven months."
    )
    assert paragraphs[3] == (
        "Refugee groups welcomed the deal and urged both governments to let aid convoys reach "
        "the border villages before winter."
    )


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Skip to content",
        "Breaking News",
        "We use cookies",
        "Most read",
        "Celebrity chef",
        "All rights reserved",
        "Privacy policy",
        "Business",
    ],
)
def test_html_read_html_drops_boilerplate(page: Article, boilerplate: str) -> None:
    assert boilerplate not in page.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'<html><head><meta charset="windows-1252"><title>Talks</title></head><body><article>'
            + BODY.encode("cp1252")
            + b"</article></body></html>",
            "talks “useful” on Monday",
        ),
        (
            b"<html><head><title>Talks</title></head><body><article>"
            + BODY.encode("utf-8")
            + b"</article></body></html>",
            "talks “useful” on Monday",
        ),
    ],
)
def test_html_read_html_decodes_bytes(data: bytes, expected: str) -> None:
    result = read_html(data, path="talks.html")
    assert isinstance(result, Article)
    assert expected in result.text
    assert "\ufffd" not in result.text


def test_html_read_html_without_id_hashes_text() -> None:
    data = b"<html><body><article>" + BODY.encode() + b"</article></body></html>"
    result = read_html(data, path="talks.html")
    assert isinstance(result, Article)
    assert result.id.startswith("a")
    assert len(result.id) == 17


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ((FIXTURES / "bad" / "truncated.html").read_bytes(), "no article text found in HTML"),
        (
            b"<html><head><style>p {}</style></head><body><script>var x = 1;</script></body></html>",
            "no article text found in HTML",
        ),
        (b"<html><body></body></html>", "no article text found in HTML"),
        (b"", "empty file"),
        (b"\n  \n", "empty file"),
    ],
)
def test_html_read_html_problem(data: bytes, reason: str) -> None:
    assert read_html(data, path="page.html") == Problem(source="page.html", reason=reason)


@pytest.mark.issue(23)
def test_html_control_character_after_a_script_is_no_reader_failure() -> None:
    # Found by tests/ingest/test_fuzz_readers.py: lxml refused to move the "\x1f" when the script was dropped.
    page = b"<html><body><p><script></script>\x1f Gondor voted on Monday.</p></body></html>"
    article = read_html(page, path="page.html")
    assert isinstance(article, Article) and article.text == "Gondor voted on Monday."
