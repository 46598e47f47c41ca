"""Tests for dyads.ingest.iter_inputs: dispatch, directories, stdin, file ids, and Problems for bad input."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyads.ingest import iter_inputs, sniff
from dyads.model import Article, Problem, article_id_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = FIXTURES / "articles"
BAD = FIXTURES / "bad"
STORY = "Gondor Votes\n\nGondor's parliament voted on Monday to reopen the embassy in Arnor.\n"
PAGE = (
    "<html><head><title>Gondor votes</title></head><body><article><p>Gondor's parliament voted on Monday "
    "to reopen the embassy in Arnor, ending a dispute that had lasted two years.</p><p>The vote was close, "
    "and the opposition promised to keep up its campaign against the treaty.</p></article></body></html>"
)
RSS = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Courier</title><item><title>Gondor votes</title>"
    "<guid>g-1</guid><description>Gondor voted.</description></item></channel></rss>"
)
JSONL = '{"id": "r1", "text": "Gondor voted."}\n{"id": "r2", "text": "Arnor voted."}\n'


def _summary(results: list[Article | Problem]) -> list[tuple[str, str]]:
    """Return (kind, id or reason) for each result, to compare runs compactly."""
    return [("A", item.id) if isinstance(item, Article) else ("P", item.reason) for item in results]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    """Write the files (relative path → content) under root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wire_dateline.txt", [("A", "wire_dateline.txt")]),
        ("talks.md", [("A", "talks.md")]),
        ("associated.text", [("A", "associated.text")]),
        ("page.html", [("A", "page.html")]),
        ("records.jsonl", [("A", "rec-1"), ("A", "a32000209ebab711a"), ("A", "17")]),
        ("radio_feed.json", [("A", "hr-2011-0617-1"), ("A", "42")]),
        ("world.rss", [("A", "courier-1001"), ("A", "https://courier.example.org/world/harad-aid-convoys")]),
        ("world.atom", [("A", "urn:rohan-daily:2011:0616-1"), ("A", "urn:rohan-daily:2011:0616-2")]),
    ],
)
def test_inputs_dispatch_by_extension(name: str, expected: list[tuple[str, str]]) -> None:
    assert _summary(list(iter_inputs([ARTICLES / name]))) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.txt", [("P", "empty file")]),
        ("binary.txt", [("P", "binary file, not text")]),
        ("binary.dat", [("P", "binary file, not text")]),
        ("truncated.html", [("P", "no article text found in HTML")]),
        ("latin1.txt", [("A", "latin1.txt")]),
        ("cp1252.txt", [("A", "cp1252.txt")]),
        (
            "truncated.jsonl",
            [
                ("A", "ok-1"),
                ("A", "ok-2"),
                ("P", "invalid JSON: Unterminated string starting at (column 23)"),
            ],
        ),
    ],
)
def test_inputs_bad_fixtures(name: str, expected: list[tuple[str, str]]) -> None:
    assert _summary(list(iter_inputs([BAD / name]))) == expected


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"text": "x"}', "json"),
        (b"\n  [1, 2]", "json"),
        (b"\xef\xbb\xbf{}", "json"),
        ('{"text": "x"}'.encode("utf-16"), "json"),
        (b"<?xml version='1.0'?>\n<rss version='2.0'>", "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<?xml version='1.0'?><rdf:RDF>", "feed"),
        (b"<?xml version='1.0'?><note/>", "feed"),
        (b"<!DOCTYPE html><html><head>", "html"),
        (b"<?xml version='1.0'?><!DOCTYPE html><html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        (b"Some notes <p>with a paragraph</p>", "html"),
        (b"Gondor voted on Monday.", "text"),
        (b"a < b and c > d", "text"),
        (b"\x00\x01\x02", "binary"),
        (b"", "text"),
    ],
)
def test_inputs_sniff(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("story", STORY, [("A", "story")]),
        ("page.php", PAGE, [("A", "page.php")]),
        ("feed.cgi", RSS, [("A", "g-1")]),
        ("records.log", JSONL, [("A", "r1"), ("A", "r2")]),
        ("blob.bin", bytes(range(256)), [("P", "binary file, not text")]),
        ("story.TXT", STORY, [("A", "story.TXT")]),
    ],
)
def test_inputs_unknown_extension_is_sniffed(
    tmp_path: Path, name: str, content: str | bytes, expected: list[tuple[str, str]]
) -> None:
    _write(tmp_path, {name: content})
    assert _summary(list(iter_inputs([tmp_path / name]))) == expected


def test_inputs_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "b/2.txt": STORY,
            "a/sub/3.txt": STORY,
            "a/1.txt": STORY,
            "a/.hidden.txt": STORY,
            ".git/4.txt": STORY,
            "a/.cache/5.txt": STORY,
            "z.txt": STORY,
        },
    )
    paths = [item.path for item in iter_inputs([tmp_path]) if isinstance(item, Article)]
    assert paths == [str(tmp_path / name) for name in ("a/1.txt", "a/sub/3.txt", "b/2.txt", "z.txt")]


def test_inputs_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    _write(tmp_path, {".draft.txt": STORY})
    assert _summary(list(iter_inputs([tmp_path / ".draft.txt"]))) == [("A", ".draft.txt")]


def test_inputs_same_file_name_in_two_directories(tmp_path: Path) -> None:
    second = STORY.replace("Monday", "Tuesday")
    _write(tmp_path, {"one/story.txt": STORY, "two/story.txt": second})
    suffix = hashlib.sha256(second.encode()).hexdigest()[:8]
    assert _summary(list(iter_inputs([tmp_path]))) == [("A", "story.txt"), ("A", f"story.txt#{suffix}")]


def test_inputs_same_file_twice_keeps_its_name(tmp_path: Path) -> None:
    _write(tmp_path, {"story.txt": STORY})
    path = tmp_path / "story.txt"
    assert _summary(list(iter_inputs([path, str(path)]))) == [("A", "story.txt"), ("A", "story.txt")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (JSONL, [("A", "r1"), ("A", "r2")]),
        (
            PAGE,
            [
                (
                    "A",
                    article_id_for(
                        "Gondor's parliament voted on Monday to reopen the embassy in Arnor, ending a dispute that had lasted "
                        "two years.\n\nThe vote was close, and the opposition promised to keep up its campaign against the treaty."
                    ),
                )
            ],
        ),
        (
            STORY,
            [("A", article_id_for("Gondor's parliament voted on Monday to reopen the embassy in Arnor."))],
        ),
        (RSS, [("A", "g-1")]),
        ('[{"id": "l1", "text": "Gondor voted."}]', [("A", "l1")]),
        ("", [("P", "empty input")]),
        ("\n \n", [("P", "empty input")]),
    ],
)
def test_inputs_stdin_is_sniffed(content: str, expected: list[tuple[str, str]]) -> None:
    assert _summary(list(iter_inputs(["-"], stdin=io.StringIO(content)))) == expected


def test_inputs_stdin_path_and_title() -> None:
    (article,) = iter_inputs(["-"], stdin=io.StringIO(STORY))
    assert isinstance(article, Article)
    assert (article.path, article.title) == ("<stdin>", "Gondor Votes")


def test_inputs_stdin_bytes_are_decoded_like_files() -> None:
    stdin = io.TextIOWrapper(io.BytesIO("Café talks\n\nThe minister met Señor Peña.".encode("latin-1")))
    (article,) = iter_inputs(["-"], stdin=stdin)
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Café talks", "The minister met Señor Peña.")


def test_inputs_stdin_over_size_limit() -> None:
    results = list(iter_inputs(["-"], stdin=io.StringIO("x" * 101), max_bytes=100))
    assert results == [
        Problem(source="<stdin>", reason="input is more than the 100-byte limit; pass a file instead")
    ]


def test_inputs_file_over_size_limit(tmp_path: Path) -> None:
    _write(tmp_path, {"long.txt": "x" * 101})
    assert list(iter_inputs([tmp_path / "long.txt"], max_bytes=100)) == [
        Problem(source=str(tmp_path / "long.txt"), reason="file is 101 bytes, more than the 100-byte limit")
    ]


def test_inputs_jsonl_size_limit_is_per_record(tmp_path: Path) -> None:
    _write(tmp_path, {"big.jsonl": JSONL * 10})
    results = list(iter_inputs([tmp_path / "big.jsonl"], max_bytes=60))
    assert len(results) == 20
    assert all(isinstance(item, Article) for item in results)


def test_inputs_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    assert list(iter_inputs([missing])) == [Problem(source=str(missing), reason="no such file or directory")]


def test_inputs_problems_do_not_stop_iteration(tmp_path: Path) -> None:
    _write(tmp_path, {"good.txt": STORY})
    results = list(iter_inputs([tmp_path / "missing", BAD, tmp_path / "good.txt"]))
    assert results[0] == Problem(source=str(tmp_path / "missing"), reason="no such file or directory")
    assert results[-1] == Article(
        id="good.txt",
        text="Gondor's parliament voted on Monday to reopen the embassy in Arnor.",
        title="Gondor Votes",
        path=str(tmp_path / "good.txt"),
    )
    sources = [item.source for item in results if isinstance(item, Problem)]
    assert sources == [
        str(tmp_path / "missing"),
        str(BAD / "binary.dat"),
        str(BAD / "binary.txt"),
        str(BAD / "empty.txt"),
        str(BAD / "not_a_feed.xml"),
        str(BAD / "truncated.html"),
        str(BAD / "truncated.jsonl"),
        str(BAD / "wrong_shape.json[0]"),
        str(BAD / "wrong_shape.json[1]"),
        str(BAD / "wrong_shape.json[2]"),
        str(BAD / "wrong_shape.json[3]"),
        str(BAD / "wrong_shape.json[4]"),
        str(BAD / "wrong_shape.json[5]"),
    ]


def test_inputs_published_never_from_mtime(tmp_path: Path) -> None:
    _write(tmp_path, {"story.txt": STORY})
    (article,) = iter_inputs([tmp_path / "story.txt"])
    assert isinstance(article, Article)
    assert article.published is None


# Markup and JSON fragments, so that generated inputs reach the readers' parsers, not only the sniffer.
FRAGMENTS = [
    b"<rss version='2.0'>", b"<channel>", b"<item>", b"<title>", b"</title>", b"<description>", b"<feed>",
    b"<entry>", b"<html>", b"<body>", b"<p>", b"</p>", b"<!DOCTYPE html>", b"<?xml version='1.0'?>",
    b"{", b"}", b"[", b"]", b'"text": ', b'"id": ', b'"date": ', b'"title": ', b'"items": ', b'"Gondor voted."',
    b'"20040323"', b'"version": "https://jsonfeed.org/version/1"', b",", b":", b"\n", b"\n\n", b"\x00",
    b"# ", b"March 23, 2004", b"2004-03-23", b"Accessibility links", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe9",
]  # fmt: skip
INPUT_BYTES = st.one_of(
    st.binary(max_size=2048),
    st.text(max_size=500).map(str.encode),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=60).map(b"".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=INPUT_BYTES,
    suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".atom", ".dat", ""]),
)
def test_inputs_any_bytes_give_articles_or_problems(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / f"input{suffix}"
        path.write_bytes(data)
        results = list(iter_inputs([path]))
        stdin_results = list(iter_inputs(["-"], stdin=io.TextIOWrapper(io.BytesIO(data))))
    assert results
    assert all(isinstance(item, Article | Problem) for item in results + stdin_results)
    assert all(item.text and item.text == item.text.strip() for item in results if isinstance(item, Article))


def _jsonl_file(tmp_path: Path, *records: dict[str, str]) -> Path:
    import json

    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.mark.issue(23)
def test_inputs_over_long_id_refuses_the_record(tmp_path: Path) -> None:
    from dyads.ingest._article import MAX_ID_CHARS

    path = _jsonl_file(
        tmp_path,
        {"id": "x" * (MAX_ID_CHARS + 1), "text": "Gondor voted."},
        {"id": "ok", "text": "Arnor voted."},
    )
    assert _summary(list(iter_inputs([path]))) == [
        ("P", f"id is {MAX_ID_CHARS + 1:,} characters, more than the {MAX_ID_CHARS:,}-character limit"),
        ("A", "ok"),
    ]


@pytest.mark.issue(23)
def test_inputs_over_long_fields_are_cut_or_dropped_with_a_problem(tmp_path: Path) -> None:
    from dyads.ingest._article import FIELD_CAPS

    big = 5_000_000  # three fields of 5 MB: one record under the 20 MB line limit
    path = _jsonl_file(
        tmp_path,
        {"id": "r1", "text": "Gondor voted.", "title": "t" * big, "source": "s" * big, "url": "u" * big},
    )
    article, *problems = iter_inputs([path])
    assert isinstance(article, Article)
    assert article.title == "t" * FIELD_CAPS["title"][0]
    assert article.source == "s" * FIELD_CAPS["source"][0]
    assert article.url is None
    assert [(p.source, p.line, p.stage, p.reason) for p in problems if isinstance(p, Problem)] == [
        (str(path), 1, "fields", "title is longer than the 1,000-character limit; cut"),
        (str(path), 1, "fields", "source is longer than the 300-character limit; cut"),
        (str(path), 1, "fields", "url is longer than the 8,192-character limit; dropped"),
    ]
    assert all(p.is_warning for p in problems if isinstance(p, Problem))


@pytest.mark.issue(23)
@pytest.mark.parametrize(
    ("claimed", "stored"),
    [("r\x00\x071", "r1"), ("r\u202e1\u2066", "r1"), ("\u200b\ufeffr1 ", "r1"), ("\u202e\x00", None)],
)
def test_inputs_ids_lose_control_and_bidi_characters(
    tmp_path: Path, claimed: str, stored: str | None
) -> None:
    path = _jsonl_file(tmp_path, {"id": claimed, "text": "Gondor voted."})
    (article,) = iter_inputs([path])
    assert isinstance(article, Article)
    assert article.id == (stored or article_id_for("Gondor voted."))


@pytest.mark.issue(23)
def test_inputs_file_name_with_bidi_override_gives_a_clean_id(tmp_path: Path) -> None:
    (tmp_path / "news\u202etxt.exe.txt").write_text(STORY, encoding="utf-8")
    (article,) = iter_inputs([tmp_path])
    assert isinstance(article, Article)
    assert article.id == "newstxt.exe.txt"


@pytest.mark.issue(23)
def test_inputs_bidi_override_in_text_is_shown_not_obeyed(tmp_path: Path) -> None:
    path = _jsonl_file(tmp_path, {"id": "r1", "text": "Gondor \u202eattacked\u202c Arnor."})
    (article,) = iter_inputs([path])
    assert isinstance(article, Article)
    assert article.text == "Gondor ⟨U+202E⟩attacked⟨U+202C⟩ Arnor."


@pytest.mark.issue(23)
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("random", b"\x9c"),
        ("one", b"x"),
        ("script", b"<script>"),
        ("digits", b"12 345 6789"),
        ("letters", b"a b c d e"),
    ],
)
def test_inputs_junk_without_words_is_refused(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    assert _summary(list(iter_inputs([tmp_path / name]))) in (
        [("P", "not prose: article text has fewer than 2 words of 2 or more letters")],
        [("P", "article text has no letters or digits")],
    )


@pytest.mark.issue(23)
@pytest.mark.parametrize("text", ["China condemned Japan.", "Gondor voted.", "U.S. condemns Iran's move."])
def test_inputs_short_real_texts_pass(tmp_path: Path, text: str) -> None:
    (tmp_path / "short.txt").write_text(text, encoding="utf-8")
    (article,) = iter_inputs([tmp_path / "short.txt"])
    assert isinstance(article, Article) and article.text == text
