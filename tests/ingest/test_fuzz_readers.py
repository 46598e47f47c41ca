"""Issue 23: property-based fuzzing of every reader, through `iter_inputs` as an ingest reads files.

Whatever the bytes — text, HTML, JSONL, JSON, RSS/Atom, Parquet, and `sniff`/`clean_text` on their own —
reading never raises and yields only Articles and Problems; an Article's fields are within their caps,
its id holds no control or bidi character and its text is not empty; no Problem is a reader's own
failure ("unexpected … in its reader"). The budget is small by default (CI); `DYADS_FUZZ=long` runs
many more examples of each property.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyads.clean import BIDI_CONTROLS, clean_text
from dyads.ingest import MAX_ARTICLE_CHARS, iter_inputs, sniff
from dyads.ingest._article import FIELD_CAPS, MAX_ID_CHARS
from dyads.model import Article, Problem

# The budget: ~40 examples a property keeps the whole module to a few seconds on one core.
_BUDGETS = {"ci": 40, "long": 2_000}
_PROFILE = os.environ.get("DYADS_FUZZ", "ci")
FUZZ = settings(
    max_examples=_BUDGETS.get(_PROFILE, _BUDGETS["ci"]),
    deadline=None,  # HTML extraction time varies with the machine's load: never a timing assertion
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_NOT_IN_IDS = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")

# Pieces hostile input is made of: markup, entities, controls, bidi overrides, odd spaces, dates.
_PIECES = st.sampled_from(
    [
        "<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<script>", "</script>",
        "<article>", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x202e;", "<", ">", "&", "\x00", "\x07",
        "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028", "\r\n", "\n\n", " ", "0000-00-00",
        "China condemned Japan.", "Iran accused Iraq of shelling the border.", "é", "中国",
    ]
)  # fmt: skip
_HOSTILE_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=30).map("".join)
_JSON_VALUES = st.one_of(
    _HOSTILE_TEXT,
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3),
)
_RECORDS = st.dictionaries(
    st.sampled_from(["id", "text", "title", "date", "url", "source", "other"]), _JSON_VALUES, max_size=7
)


def _read(name: str, data: bytes) -> list[Article | Problem]:
    """Write the bytes to a file of that name in a fresh directory and return what ingest reads of it."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        return list(iter_inputs([path]))


def _assert_sound(items: Iterable[Article | Problem]) -> None:
    """Assert the reader properties of issue 23 on what a reader yielded."""
    for item in items:
        assert isinstance(item, Article | Problem), item
        if isinstance(item, Problem):
            assert item.reason and "in its reader" not in item.reason, item  # a reader's own failure
            continue
        assert item.text and item.text == item.text.strip()
        assert len(item.text) <= MAX_ARTICLE_CHARS
        assert 0 < len(item.id) <= MAX_ID_CHARS
        assert not [char for char in item.id if unicodedata.category(char) in _NOT_IN_IDS], item.id
        for name, (cap, _) in FIELD_CAPS.items():
            value = getattr(item, name)
            assert value is None or len(value) <= cap, name
        for value in (item.text, item.title or "", item.source or ""):
            assert not BIDI_CONTROLS & set(value)


@pytest.mark.issue(23)
@FUZZ
@given(st.binary(max_size=2_000))
def test_fuzz_sniff_names_a_kind(data: bytes) -> None:
    assert sniff(data) in ("json", "feed", "html", "text", "binary")


@pytest.mark.issue(23)
@FUZZ
@given(st.text(max_size=500))
def test_fuzz_clean_text_is_a_fixed_point_without_controls(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not BIDI_CONTROLS & set(cleaned)


@pytest.mark.issue(23)
@FUZZ
@given(st.one_of(st.binary(max_size=2_000), _HOSTILE_TEXT.map(str.encode)))
@pytest.mark.parametrize("name", ["story.txt", "story"])  # by extension, and sniffed
def test_fuzz_text_files(name: str, data: bytes) -> None:
    _assert_sound(_read(name, data))


@pytest.mark.issue(23)
@FUZZ
@given(_HOSTILE_TEXT)
def test_fuzz_html_files(markup: str) -> None:
    _assert_sound(_read("page.html", f"<html><body><p>{markup}</p></body></html>".encode()))


@pytest.mark.issue(23)
@FUZZ
@given(st.lists(st.one_of(_RECORDS.map(json.dumps), st.text(max_size=40)), max_size=8))
def test_fuzz_jsonl_files(lines: list[str]) -> None:
    _assert_sound(_read("records.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass")))


@pytest.mark.issue(23)
@FUZZ
@given(
    st.one_of(
        _RECORDS,
        st.lists(_RECORDS, max_size=5),
        st.fixed_dictionaries(
            {"version": st.just("https://jsonfeed.org/version/1.1"), "items": st.lists(_RECORDS, max_size=5)}
        ),
        _JSON_VALUES,
    )
)
def test_fuzz_json_files(value: object) -> None:
    _assert_sound(_read("records.json", json.dumps(value).encode()))


@pytest.mark.issue(23)
@FUZZ
@given(
    st.lists(st.tuples(_HOSTILE_TEXT, _HOSTILE_TEXT, _HOSTILE_TEXT, _HOSTILE_TEXT), min_size=1, max_size=4),
    st.booleans(),
)
def test_fuzz_feed_files(entries: list[tuple[str, str, str, str]], atom: bool) -> None:
    # Fields go in raw, unescaped: a feed with stray markup is a feed too, if not a well-formed one.
    if atom:
        body = "".join(
            f"<entry><id>{guid}</id><title>{title}</title><updated>{date}</updated><content type='html'>{text}</content></entry>"
            for guid, title, date, text in entries
        )
        feed = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>{body}</feed>"
    else:
        body = "".join(
            f"<item><guid>{guid}</guid><title>{title}</title><pubDate>{date}</pubDate><description>{text}</description></item>"
            for guid, title, date, text in entries
        )
        feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>{body}</channel></rss>"
    _assert_sound(_read("feed.xml", feed.encode("utf-8", "surrogatepass")))


_PARQUET_STRINGS = st.one_of(
    st.none(), _HOSTILE_TEXT.map(lambda text: text.encode("utf-8", "replace").decode())
)


@pytest.mark.issue(23)
@FUZZ
@given(
    st.lists(st.tuples(_PARQUET_STRINGS, _PARQUET_STRINGS, _PARQUET_STRINGS, _PARQUET_STRINGS), max_size=6)
)
def test_fuzz_parquet_files(rows: list[tuple[str | None, ...]]) -> None:
    columns = ("id", "text", "title", "date")
    table = pa.table(
        {name: pa.array([row[i] for row in rows], pa.string()) for i, name in enumerate(columns)}
    )
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rows.parquet"
        pq.write_table(table, path)
        _assert_sound(list(iter_inputs([path])))


_FILE_NAMES = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=60
).filter(lambda name: name not in (".", "..") and not name.startswith(".") and len(os.fsencode(name)) < 200)


@pytest.mark.issue(23)
@FUZZ
@given(_FILE_NAMES)
def test_fuzz_file_names_give_clean_ids(name: str) -> None:
    _assert_sound(_read(name + ".txt", b"Gondor voted on Monday."))
