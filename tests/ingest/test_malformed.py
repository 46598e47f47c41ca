"""Issue 12: 10,000 seeded malformed inputs, mixed with good articles, through `dyads ingest`.

Zero crashes, one error line per bad file naming it and its problem, every good article stored
exactly once, and a summary with counts. See tests/malformed.py for what is generated.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyads.cli import app
from dyads.ingest import MAX_ARTICLE_CHARS, iter_inputs
from dyads.model import Problem
from dyads.store import Store
from malformed import BAD_INPUTS, BIG_FILE_BYTES, write_corpus

runner = CliRunner()
SUMMARY = re.compile(
    r"(?P<files>\d+) files read, (?P<added>\d+) articles added, (?P<skipped>\d+) already stored, "
    r"(?P<events>\d+) mentions coded, (?P<problems>\d+) problems in (?P<bad>\d+) files"
)


def _named_file(line: str, files: list[str]) -> str | None:
    """Return the corpus file an error line starts with (the longest match), or None."""
    named = [f for f in files if line.startswith(f) and line[len(f) : len(f) + 1] in (":", "[")]
    return max(named, key=len, default=None)


@pytest.mark.issue(12)
def test_ingest_10000_malformed_inputs(tmp_path: Path, coder: object) -> None:
    corpus = write_corpus(tmp_path / "in", seed=12)
    assert corpus.malformed == BAD_INPUTS
    db = tmp_path / "s.duckdb"
    started = time.perf_counter()
    result = runner.invoke(app, ["ingest", str(corpus.root), "--db", str(db)])
    seconds = time.perf_counter() - started
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output[-2000:]
    assert "Traceback" not in result.output

    lines = [
        line.removeprefix("skipped ") for line in result.output.splitlines() if line.startswith("skipped ")
    ]
    files = sorted(corpus.files)
    named = [_named_file(line, files) for line in lines]
    assert None not in named, [line for line, f in zip(lines, named, strict=True) if f is None][:5]
    assert len(named) == len(set(named)), "a file has more than one error line"
    reported = set(named)
    bad = {f for f, kind in corpus.files.items() if kind == "bad"}
    good = {f for f, kind in corpus.files.items() if kind == "good"}
    assert bad <= reported, sorted(bad - reported)[:5]
    assert not good & reported, sorted(good & reported)
    for line, file in zip(lines, named, strict=True):
        reason = line[len(file) :].split(": ", 1)[1]
        assert reason.strip() and "unexpected" not in reason, line  # a reader's own failure is a bug

    summary = SUMMARY.search(result.output)
    assert summary is not None, result.output[-500:]
    counts = {key: int(value) for key, value in summary.groupdict().items()}
    assert counts["files"] == len(corpus.files)
    assert counts["bad"] == len(reported)
    assert counts["problems"] >= corpus.must_fail

    with Store(db, read_only=True) as store:
        stored = store.articles()
        assert store.counts()["problems"] == counts["problems"]
    ids = [row["id"] for row in stored]
    assert len(ids) == len(set(ids)) == counts["added"]
    assert corpus.good_ids <= set(ids), sorted(corpus.good_ids - set(ids))
    for row in stored:
        file = _named_file(row["path"], files) or row["path"]
        assert row["id"] in corpus.good_ids or corpus.files.get(file) == "either", row["path"]
    print(
        f"\n{BAD_INPUTS} malformed inputs in {len(corpus.files)} files: {summary.group(0)} in {seconds:.1f}s"
    )


@pytest.mark.issue(12)
def test_ingest_refuses_a_50_mb_article_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"France criticized Italy. " * (BIG_FILE_BYTES // 25))
    long = tmp_path / "long.jsonl"
    long.write_text('{"id": "long", "text": "%s"}\n' % ("Egypt met India. " * 15_000), encoding="utf-8")
    started = time.perf_counter()
    results = list(iter_inputs([huge, long]))
    assert time.perf_counter() - started < 5
    assert results == [
        Problem(
            source=str(huge), reason=f"file is {huge.stat().st_size} bytes, more than the 20000000-byte limit"
        ),
        Problem(
            source=str(long),
            reason=f"article text is 254,999 characters, more than the {MAX_ARTICLE_CHARS:,}-character limit",
            line=1,
        ),
    ]
