"""Tests for dyads.ingest.jsonl: JSONL and JSON records, their fields, and a Problem per bad line or record."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from dyads.ingest.jsonl import iter_json, iter_jsonl, record_to_article
from dyads.model import Article, Problem, article_id_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MAX_BYTES = 20_000_000


def _jsonl(data: bytes, *, path: str = "in.jsonl", max_bytes: int = MAX_BYTES) -> list[Article | Problem]:
    """Return everything iter_jsonl yields for the bytes."""
    return list(iter_jsonl(data.splitlines(keepends=True), path=path, max_bytes=max_bytes))


def _json(data: bytes, *, path: str = "in.json") -> list[Article | Problem]:
    """Return everything iter_json yields for the bytes."""
    return list(iter_json(data, path=path, max_bytes=MAX_BYTES))


def test_jsonl_iter_jsonl_fixture_records() -> None:
    results = _jsonl((FIXTURES / "articles" / "records.jsonl").read_bytes(), path="records.jsonl")
    assert results == [
        Article(
            id="rec-1",
            text="Gondor and Arnor agreed on Monday to reopen their embassies.",
            title="Embassies to reopen",
            published=dt.date(2004, 3, 29),
            source="Courier",
            url="https://courier.example.org/1",
            path="records.jsonl:1",
        ),
        Article(
            id=article_id_for("Harad's president dismissed his defence minister on Tuesday."),
            text="Harad's president dismissed his defence minister on Tuesday.",
            published=dt.date(2004, 3, 30),
            path="records.jsonl:2",
        ),
        Article(
            id="17",
            text="Rohan voters elected a new parliament on Sunday.",
            title="Rohan holds election",
            published=dt.date(2004, 4, 4),
            path="records.jsonl:4",
        ),
    ]


def test_jsonl_iter_jsonl_truncated_last_line() -> None:
    results = _jsonl((FIXTURES / "bad" / "truncated.jsonl").read_bytes(), path="truncated.jsonl")
    assert [item.id for item in results[:2] if isinstance(item, Article)] == ["ok-1", "ok-2"]
    assert results[2:] == [
        Problem(
            source="truncated.jsonl",
            reason="invalid JSON: Unterminated string starting at (column 23)",
            line=3,
        )
    ]


def test_jsonl_iter_jsonl_bad_line_does_not_stop_reading() -> None:
    data = b'{"text": "Gondor voted."}\nnot json at all\n{"text": "Arnor voted."}\n'
    results = _jsonl(data)
    assert results[1] == Problem(source="in.jsonl", reason="invalid JSON: Expecting value (column 1)", line=2)
    assert [item.text for item in results if isinstance(item, Article)] == ["Gondor voted.", "Arnor voted."]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"text": "Caf\xe9"}\n', "invalid JSON: not UTF-8 (invalid continuation byte at offset 13)"),
        (b"[" * 100_000 + b"\n", "invalid JSON: nested too deeply"),
        (b'["a", "list"]\n', "expected a JSON object, got an array"),
        (b"null\n", "expected a JSON object, got null"),
    ],
)
def test_jsonl_iter_jsonl_line_problem(data: bytes, reason: str) -> None:
    assert _jsonl(data) == [Problem(source="in.jsonl", reason=reason, line=1)]


def test_jsonl_iter_jsonl_huge_number_is_a_problem() -> None:
    (result,) = _jsonl(b'{"text": "x", "n": ' + b"9" * 5000 + b"}\n")
    assert isinstance(result, Problem)
    assert (result.line, result.reason[:36]) == (1, "invalid JSON: Exceeds the limit (430")


def test_jsonl_iter_jsonl_record_over_size_limit() -> None:
    data = b'{"text": "short text"}\n{"text": "' + b"x" * 200 + b'"}\n'
    results = _jsonl(data, max_bytes=100)
    assert isinstance(results[0], Article)
    assert results[1] == Problem(
        source="in.jsonl", reason="record is 213 bytes, more than the 100-byte limit", line=2
    )


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf\n"])
def test_jsonl_iter_jsonl_empty(data: bytes) -> None:
    assert _jsonl(data) == [Problem(source="in.jsonl", reason="empty file")]


def test_jsonl_iter_jsonl_skips_bom_and_blank_lines() -> None:
    data = b'\xef\xbb\xbf{"id": "x", "text": "Gondor voted."}\r\n\r\n{"id": "y", "text": "Arnor voted."}'
    results = _jsonl(data)
    assert [(item.id, item.path) for item in results if isinstance(item, Article)] == [
        ("x", "in.jsonl:1"),
        ("y", "in.jsonl:3"),
    ]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("20040329", dt.date(2004, 3, 29)),
        (20040329, dt.date(2004, 3, 29)),
        ("2004-03-29", dt.date(2004, 3, 29)),
        ("2004-03-29T23:30:00Z", dt.date(2004, 3, 29)),
        ("2004-03-29T23:30:00-05:00", dt.date(2004, 3, 29)),
        ("2004-03-29 08:00:00", dt.date(2004, 3, 29)),
        (None, None),
    ],
)
def test_jsonl_record_to_article_date(date: object, expected: dt.date | None) -> None:
    result = record_to_article({"text": "Gondor voted.", "date": date}, path="in.jsonl", line=1)
    assert isinstance(result, Article)
    assert result.published == expected


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"title": "No text"}, "missing field 'text'"),
        ({"text": None}, "field 'text' is null, not a string"),
        ({"text": 42}, "field 'text' is a number, not a string"),
        ({"text": ["a"]}, "field 'text' is an array, not a string"),
        ({"text": " \n "}, "field 'text' is empty"),
        ({"text": "Accessibility links"}, "no article text left after cleaning"),
        ({"text": "x", "title": 3}, "field 'title' is a number, not a string"),
        ({"text": "x", "url": {"href": "u"}}, "field 'url' is an object, not a string"),
        ({"text": "x", "source": True}, "field 'source' is a boolean, not a string"),
        ({"text": "x", "id": 1.5}, "field 'id' is a number, not a string"),
        ({"text": "x", "id": False}, "field 'id' is a boolean, not a string"),
        ({"text": "x", "date": ["2004"]}, "field 'date' is an array, not a string"),
        ({"text": "x", "date": True}, "field 'date' is a boolean, not a string"),
        ("a string", "expected a JSON object, got a string"),
    ],
)
def test_jsonl_record_to_article_problem(record: object, reason: str) -> None:
    assert record_to_article(record, path="in.jsonl", line=7) == Problem(
        source="in.jsonl", reason=reason, line=7
    )


@pytest.mark.parametrize(
    ("record", "expected_id"),
    [
        ({"id": "rec-9", "text": "Gondor voted."}, "rec-9"),
        ({"id": 9, "text": "Gondor voted."}, "9"),
        ({"id": "", "text": "Gondor voted."}, article_id_for("Gondor voted.")),
        ({"id": None, "text": "Gondor voted."}, article_id_for("Gondor voted.")),
        ({"text": "  Gondor   voted.  "}, article_id_for("Gondor voted.")),
    ],
)
def test_jsonl_record_to_article_id(record: dict[str, object], expected_id: str) -> None:
    result = record_to_article(record, path="in.jsonl")
    assert isinstance(result, Article)
    assert result.id == expected_id


@pytest.mark.parametrize("date", ["121108", "March 2004", "2004-13-01", 2004])
def test_jsonl_record_to_article_unreadable_date_is_logged_and_left_out(
    caplog: pytest.LogCaptureFixture, date: object
) -> None:
    with caplog.at_level(logging.WARNING, logger="dyads.ingest.jsonl"):
        result = record_to_article(
            {"id": "d", "text": "Gondor voted.", "date": date}, path="in.jsonl", line=3
        )
    assert result == Article(id="d", text="Gondor voted.", path="in.jsonl:3")
    assert caplog.messages == [
        f"in.jsonl:3: field 'date' is not a date (YYYYMMDD or ISO 8601): {date}; left empty"
    ]


def test_jsonl_record_to_article_removes_repeated_title() -> None:
    record = {"title": "Rohan votes", "text": "Breaking News\nRohan votes\n\nRohan voted on Sunday."}
    result = record_to_article(record, path="in.jsonl")
    assert isinstance(result, Article)
    assert result.text == "Rohan voted on Sunday."


def test_jsonl_iter_json_wrong_shapes() -> None:
    results = _json((FIXTURES / "bad" / "wrong_shape.json").read_bytes(), path="wrong_shape.json")
    assert [(item.source, item.reason) for item in results if isinstance(item, Problem)] == [
        ("wrong_shape.json[0]", "missing field 'text'"),
        ("wrong_shape.json[1]", "expected a JSON object, got a string"),
        ("wrong_shape.json[2]", "field 'text' is a number, not a string"),
        ("wrong_shape.json[3]", "field 'text' is empty"),
        ("wrong_shape.json[4]", "field 'date' is an object, not a string"),
        ("wrong_shape.json[5]", "field 'title' is an array, not a string"),
    ]
    assert [(item.id, item.path) for item in results if isinstance(item, Article)] == [
        ("good", "wrong_shape.json[6]")
    ]


def test_jsonl_iter_json_single_object() -> None:
    results = _json(b'{\n  "id": "one",\n  "text": "Gondor voted."\n}\n')
    assert results == [Article(id="one", text="Gondor voted.", path="in.json")]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b"42",
            Problem(source="in.json", reason="expected a JSON object or an array of objects, got a number"),
        ),
        (b"[]", Problem(source="in.json", reason="JSON array has no records")),
        (
            b'{\n  "id": "one",\n  "text": \n}',
            Problem(source="in.json", reason="invalid JSON: Expecting value (column 1)", line=4),
        ),
    ],
)
def test_jsonl_iter_json_problem(data: bytes, problem: Problem) -> None:
    assert _json(data) == [problem]


def test_jsonl_iter_json_reads_jsonl_content() -> None:
    data = b'{"id": "x", "text": "Gondor voted."}\n{"id": "y", "text": "Arnor vot'
    results = _json(data)
    assert isinstance(results[0], Article)
    assert results[0].path == "in.json:1"
    assert results[1] == Problem(
        source="in.json", reason="invalid JSON: Unterminated string starting at (column 21)", line=2
    )
