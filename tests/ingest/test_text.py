"""Tests for dyads.ingest.text: decoding, titles and dateline dates of plain-text and Markdown files."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest

from dyads.ingest.text import decode_text, looks_binary, read_text
from dyads.model import Article, Problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _article(data: bytes, *, path: str = "story.txt") -> Article:
    """Return the Article read from the bytes, failing the test if a Problem came back."""
    result = read_text(data, path=path, article_id="story.txt")
    assert isinstance(result, Article), result
    return result


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café talks".encode(), ("Café talks", "utf-8-sig")),
        (b"\xef\xbb\xbfCaf\xc3\xa9", ("Café", "utf-8-sig")),
        ("Café".encode("utf-16"), ("Café", "utf-16")),
        ("Café".encode("utf-32"), ("Café", "utf-32")),
        (b"Caf\xe9 \x93talks\x94", ("Café “talks”", "cp1252")),
        (b"Caf\xe9 \x81", ("Café \x81", "latin-1")),
    ],
)
def test_text_decode_text_encodings(data: bytes, expected: tuple[str, str]) -> None:
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain prose, with\ttabs and\nnewlines.", False),
        ("NUL\x00inside", True),
        ("\x01\x02\x03 mostly control", True),
        ("", False),
    ],
)
def test_text_looks_binary(text: str, expected: bool) -> None:
    assert looks_binary(text) is expected


def test_text_read_text_fixture_with_boilerplate_and_dateline() -> None:
    data = (FIXTURES / "articles" / "wire_dateline.txt").read_bytes()
    article = _article(data, path="wire_dateline.txt")
    assert article.title == "Arnor Recalls Envoy From Gondor After Border Clash"
    assert article.published == dt.date(2004, 3, 23)
    assert article.text.startswith("Arnor recalled its ambassador from Gondor on Tuesday")
    assert article.text.endswith("called for a joint inquiry.")
    assert article.id == "story.txt"
    assert article.path == "wire_dateline.txt"


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("Gondor Votes\n\nGondor voted.", "Gondor Votes", "Gondor voted."),
        ("# Talks resume\n\nGondor voted.", "Talks resume", "Gondor voted."),
        ("## Talks resume ##\nGondor voted.", "Talks resume", "Gondor voted."),
        ("Is peace near?\n\nGondor voted.", "Is peace near?", "Gondor voted."),
        ("Gondor voted on Monday.\n\nArnor did not.", None, "Gondor voted on Monday.\n\nArnor did not."),
        ("Gondor votes\n\n", None, "Gondor votes"),
        ("W" * 151 + "\n\nGondor voted.", None, "W" * 151 + "\n\nGondor voted."),
        ("Gondor Votes\n\nGondor Votes\n\nGondor voted.", "Gondor Votes", "Gondor voted."),
    ],
)
def test_text_read_text_title(text: str, title: str | None, body: str) -> None:
    article = _article(text.encode())
    assert (article.title, article.text) == (title, body)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Envoy Recalled - 2004-03-23\n\nArnor recalled its envoy.", dt.date(2004, 3, 23)),
        ("Envoy Recalled (March 23, 2004)\n\nArnor recalled its envoy.", dt.date(2004, 3, 23)),
        ("Envoy Recalled\n\n23 March 2004\n\nArnor recalled its envoy.", dt.date(2004, 3, 23)),
        ("Envoy Recalled\n\nPublished Mar. 23, 2004\n\nArnor recalled its envoy.", dt.date(2004, 3, 23)),
        (
            (
                "Envoy Recalled\n\nBEIJING, Tuesday, March 23rd, 2004 (Xinhua) -- China recalled its envoy to the "
                "conference in a move that surprised the other delegations gathered in the city."
            ),
            dt.date(2004, 3, 23),
        ),
        (
            (
                "GENEVA, 23 March 2004 - Delegates from forty countries met on Tuesday to discuss the refugee "
                "crisis, the United Nations said in a statement."
            ),
            dt.date(2004, 3, 23),
        ),
        (
            (
                "WASHINGTON, March 23 (Reuters) - The talks are due to resume on April 30, 2004, officials said "
                "after a meeting that lasted most of the day."
            ),
            None,
        ),
        ("Protests Spread\n\nUMBAR, Harad (AP) — Thousands marched on the palace on Sunday.", None),
        (
            (
                "Envoy Recalled\n\nOn March 23, 2004, the government recalled its envoy after a long dispute over "
                "the border crossings and the treatment of refugees."
            ),
            None,
        ),
        ("Envoy Recalled 2004-02-30\n\nArnor recalled its envoy.", None),
        ("Envoy Recalled\n\nOne.\n\nTwo.\n\nThree.\n\n2004-03-23", None),
        ("Envoy Recalled\n\nArnor recalled its envoy.", None),
    ],
)
def test_text_read_text_published_from_dateline(text: str, published: dt.date | None) -> None:
    assert _article(text.encode()).published == published


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Envoy Recalled - 2004-03-23\n\nGondor voted.", "Envoy Recalled"),
        ("Envoy Recalled | 23 March 2004\n\nGondor voted.", "Envoy Recalled"),
        ("Envoy Recalled (March 23, 2004)\n\nGondor voted.", "Envoy Recalled"),
        ("2004-03-23\n\nGondor voted.", None),
        ("Talks Set for 2004-03-23 in Geneva\n\nGondor voted.", "Talks Set for 2004-03-23 in Geneva"),
    ],
)
def test_text_read_text_title_loses_trailing_date(text: str, title: str | None) -> None:
    assert _article(text.encode()).title == title


def test_text_read_text_ignores_file_mtime(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Envoy Recalled\n\nArnor recalled its envoy.", encoding="utf-8")
    stamp = dt.datetime(2004, 3, 23, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    assert _article(path.read_bytes()).published is None


def test_text_read_text_latin1_has_no_replacement_characters() -> None:
    article = _article((FIXTURES / "bad" / "latin1.txt").read_bytes())
    assert "\ufffd" not in article.text
    assert article.title == "Gondor's café talks"
    assert "Señor Peña" in article.text


def test_text_read_text_reports_fallback_encoding(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="dyads.ingest.text"):
        article = _article((FIXTURES / "bad" / "cp1252.txt").read_bytes(), path="bad/cp1252.txt")
    assert article.title == "Talks “useful”, minister says"
    assert caplog.messages == ["bad/cp1252.txt: not valid UTF-8, decoded as cp1252"]


def test_text_read_text_utf8_is_not_reported(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="dyads.ingest.text"):
        _article("Café talks\n\nGondor voted.".encode())
    assert caplog.messages == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (b"Accessibility links\n\nBreaking News\n", "no article text left after cleaning"),
        (b"\x00\x01\x02binary\x00", "binary file, not text"),
        ((FIXTURES / "bad" / "binary.txt").read_bytes(), "binary file, not text"),
        ((FIXTURES / "bad" / "empty.txt").read_bytes(), "empty file"),
    ],
)
def test_text_read_text_problem(data: bytes, reason: str) -> None:
    assert read_text(data, path="in.txt") == Problem(source="in.txt", reason=reason)
