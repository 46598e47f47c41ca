"""Ingest: files, directories and standard input → `Article` records, or `Problem` records for bad input.

Formats are chosen by extension and, when that says nothing, by sniffing the content:

    .txt .text .md .markdown   plain text / Markdown   (text.py)
    .html .htm .xhtml          web page, trafilatura   (html.py)
    .jsonl .ndjson             one record per line     (jsonl.py)
    .json                      record, list, JSON Feed, or JSONL after all (jsonl.py, feeds.py)
    .xml .rss .atom            RSS / Atom feed         (feeds.py)
    .parquet                   one record per row      (parquet.py)

Nothing here raises for bad input: every unreadable file, line or record becomes a Problem and the
iteration goes on.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import pyarrow as pa

from dyads.ingest._article import MAX_ARTICLE_CHARS, fit_fields
from dyads.ingest.feeds import iter_feed
from dyads.ingest.html import read_html
from dyads.ingest.jsonl import iter_json, iter_jsonl
from dyads.ingest.parquet import iter_parquet
from dyads.ingest.text import read_text
from dyads.model import Article, Problem

__all__ = ["MAX_ARTICLE_CHARS", "STDIN", "iter_inputs", "sniff"]

STDIN = "-"
STDIN_SOURCE = "<stdin>"
DEFAULT_MAX_BYTES = 20_000_000

_KINDS_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".parquet": "parquet",
}
_SINGLE_ARTICLE_KINDS = ("text", "html")
_SNIFF_BYTES = 4096
_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# The first of these tags decides between a feed and a web page.
_ROOT_TAG = re.compile(r"<(rss|feed|rdf:rdf|html|!doctype\s+html|head|body)\b")
_FEED_ROOTS = ("rss", "feed", "rdf:rdf")
_HTML_TAG = re.compile(r"<(p|div|span|a|article|section|br|title|meta|h[1-6]|table|ul|ol|li)\b[^>]*>")
_SUFFIX_DIGITS = 8


def sniff(data: bytes) -> str:
    """Return the kind of content by its first bytes: "json", "feed", "html", "text" or "binary"."""
    head = data[:_SNIFF_BYTES]
    for bom, encoding in _UTF_BOMS:
        if head.startswith(bom):
            start = head[len(bom) :]
            start = start[: len(start) - len(start) % (4 if "32" in encoding else 2)]
            sample = start.decode(encoding, errors="replace")
            break
    else:
        if b"\x00" in head:
            return "binary"
        # latin-1 maps every byte to one character, so ASCII markup is found whatever the encoding.
        sample = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    sample = sample.lstrip().lower()
    if sample.startswith(("{", "[")):
        return "json"
    root = _ROOT_TAG.search(sample)
    if root is not None:
        return "feed" if root.group(1) in _FEED_ROOTS else "html"
    if sample.startswith("<?xml"):
        return "feed"
    if _HTML_TAG.search(sample):
        return "html"
    return "text"


class _FileIds:
    """Gives single-article files their ids: the file name, made unique within one ingest run.

    The first file of a name keeps the bare name (`001_25ef2ffea485434d.txt`, as DESIGN.md's `article_id`).
    A later file with the same name in another directory gets `#` and the first 8 hex digits of the
    SHA-256 of its bytes (`001.txt#3fa2b1c0`): the suffix depends only on content, so re-running the same
    inputs gives the same ids, and a byte-identical copy gets the same id as its twin (the store keeps one).
    Which file keeps the bare name follows the (sorted) input order of the run.
    """

    __slots__ = ("_paths_by_name",)

    # Not a dataclass: it is mutable per-run state, never a record.
    def __init__(self, first: dict[str, Path] | None = None) -> None:
        # `first` lets a worker reading some of a run's files give the ids a sequential run would.
        self._paths_by_name: dict[str, Path] = dict(first or {})

    def assign(self, path: Path, data: bytes) -> str:
        """Return the id of the file at `path` holding `data`."""
        name = path.name
        real = path.resolve()
        first = self._paths_by_name.setdefault(name, real)
        if first == real:
            return name
        return f"{name}#{hashlib.sha256(data).hexdigest()[:_SUFFIX_DIGITS]}"


def _os_reason(error: OSError) -> str:
    """Return a short lower-case reason for an OS error ("no such file or directory")."""
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    return f"cannot read ({error.strerror or error})"


def _walk(root: Path) -> Iterator[Path | Problem]:
    """Yield the files under a directory, sorted, skipping hidden files and dot-directories."""
    errors: list[OSError] = []
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        files.extend(Path(dirpath, name) for name in filenames if not name.startswith("."))
    for error in errors:
        yield Problem(source=str(error.filename or root), reason=_os_reason(error))
    yield from sorted(files)


def _unconfined(path: Path, root: Path) -> str | None:
    """Return why `path` may not be read under `root` (outside it, or hidden once resolved), else None."""
    real = path.resolve()
    if not real.is_relative_to(root):
        return "outside the only directory ingest may read"
    # A plainly named link to `.env` or into `.git/` exposes what the walk's name check skips.
    if any(part.startswith(".") for part in real.relative_to(root).parts):
        return "a hidden file or in a dot-directory, which ingest does not read"
    return None


def _dispatch(
    kind: str, data: bytes, *, path: str, article_id: str | None, max_bytes: int
) -> Iterator[Article | Problem]:
    """Yield what the reader of `kind` makes of the bytes."""
    if kind == "text":
        yield read_text(data, path=path, article_id=article_id)
    elif kind == "html":
        yield read_html(data, path=path, article_id=article_id)
    elif kind == "json":
        yield from iter_json(data, path=path, max_bytes=max_bytes)
    elif kind == "jsonl":
        yield from iter_jsonl(data.splitlines(keepends=True), path=path, max_bytes=max_bytes)
    elif kind == "feed":
        yield from iter_feed(data, path=path)
    elif kind == "parquet":
        yield from iter_parquet(pa.BufferReader(data), path=path, max_bytes=max_bytes)
    else:
        yield Problem(source=path, reason="binary file, not text")


def _too_large(size: int, max_bytes: int) -> str:
    """Return the reason given for an input over the size limit."""
    return f"file is {size} bytes, more than the {max_bytes}-byte limit"


def _read_jsonl_file(path: Path, *, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield the records of a JSONL file, streamed line by line (the size limit is per record)."""
    try:
        stream = path.open("rb")
    except OSError as e:
        yield Problem(source=str(path), reason=_os_reason(e))
        return
    with stream:
        yield from iter_jsonl(stream, path=str(path), max_bytes=max_bytes)


def _read_file(path: Path, *, ids: _FileIds, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield the Articles and Problems of one file."""
    try:
        status = path.stat()
    except OSError as e:
        yield Problem(source=str(path), reason=_os_reason(e))
        return
    if not stat.S_ISREG(status.st_mode):
        yield Problem(source=str(path), reason="not a regular file")
        return
    kind = _KINDS_BY_SUFFIX.get(path.suffix.lower())
    if kind == "jsonl":
        yield from _read_jsonl_file(path, max_bytes=max_bytes)
        return
    if kind == "parquet":
        # Streamed by row group: the size limit is per record, as for JSONL.
        yield from iter_parquet(str(path), path=str(path), max_bytes=max_bytes)
        return
    if status.st_size > max_bytes:
        yield Problem(source=str(path), reason=_too_large(status.st_size, max_bytes))
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Problem(source=str(path), reason=_os_reason(e))
        return
    yield from read_data(str(path), data, ids=ids, max_bytes=max_bytes)


def read_data(path: str, data: bytes, *, ids: _FileIds, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield the Articles and Problems of one whole file's bytes (its kind by suffix, else sniffed).

    `path` is the file's name as given (a local path or a URI such as s3://bucket/key.html). A reader's
    own failure ends the file as a Problem, and Problems from inside it have `file` set to it.
    """
    yield from _guarded(_read_data(path, data, ids=ids, max_bytes=max_bytes), path=path)


def _read_data(path: str, data: bytes, *, ids: _FileIds, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield what the reader of the data's kind makes of it (unguarded: see `read_data`)."""
    if not data.strip():
        yield Problem(source=path, reason="empty file")
        return
    kind = _KINDS_BY_SUFFIX.get(Path(path).suffix.lower()) or sniff(data)
    article_id = ids.assign(Path(path), data) if kind in _SINGLE_ARTICLE_KINDS else None
    yield from _dispatch(kind, data, path=path, article_id=article_id, max_bytes=max_bytes)


def fitted(items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
    """Yield the items with each Article's fields within their caps, followed by a Problem for each field cut."""
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        article, problems = fit_fields(item)
        yield article
        yield from problems


def _guarded(items: Iterator[Article | Problem], *, path: str) -> Iterator[Article | Problem]:
    """Yield a file's items, each Problem tagged with the file; a reader's own failure ends the file as a Problem."""
    try:
        for item in fitted(items):
            if isinstance(item, Problem) and item.source != path:
                item = replace(item, file=path)
            yield item
    except (RecursionError, MemoryError) as e:
        yield Problem(
            source=path, reason=f"cannot be read: too deeply nested or too large ({type(e).__name__})"
        )
    except Exception as e:
        # Third-party parsers (lxml, feedparser, trafilatura) may raise anything; one unreadable file
        # must not end an ingest of thousands, and what was read before it is kept.
        yield Problem(
            source=path, reason=f"cannot be read: unexpected {type(e).__name__} in its reader ({e})"
        )


def _read_stdin(stdin: TextIO, *, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield the Articles and Problems of standard input, its format sniffed from its content."""
    # Read bytes when the stream has them, so encodings are detected as for files.
    binary = getattr(stdin, "buffer", None)
    try:
        data = binary.read(max_bytes + 1) if binary is not None else stdin.read(max_bytes + 1).encode()
    except (OSError, UnicodeError) as e:
        yield Problem(source=STDIN_SOURCE, reason=f"cannot read standard input ({e})")
        return
    if len(data) > max_bytes:
        reason = f"input is more than the {max_bytes}-byte limit; pass a file instead"
        yield Problem(source=STDIN_SOURCE, reason=reason)
        return
    if not data.strip():
        yield Problem(source=STDIN_SOURCE, reason="empty input")
        return
    yield from _dispatch(sniff(data), data, path=STDIN_SOURCE, article_id=None, max_bytes=max_bytes)


def iter_inputs(
    paths: Sequence[str | Path],
    *,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str], None] | None = None,
    within: str | Path | None = None,
) -> Iterator[Article | Problem]:
    """Yield an Article or a Problem for every article in the files, directories and `-` (stdin) given.

    Directories are read recursively in sorted order, skipping hidden files and dot-directories.
    `max_bytes` bounds each file read whole and each JSONL line; an article's text is bounded by
    `MAX_ARTICLE_CHARS`. A text or HTML file's article id is its file name (see `_FileIds` for names
    that repeat); a record's id is its own, else a hash of its text. `on_file` is called with each
    file (or `<stdin>`) before it is read. A Problem from inside a file has `file` set to that file.
    With `within` (a directory), a file that resolves outside it (through `..` or a symbolic link) or
    to a hidden file or into a dot-directory under it is a Problem and is not read (the HTTP API's
    ingest directory).
    """
    ids = _FileIds()
    root = Path(within).resolve() if within is not None else None
    for given in paths:
        if str(given) == STDIN and root is None:
            if on_file is not None:
                on_file(STDIN_SOURCE)
            reader = _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes=max_bytes)
            yield from _guarded(reader, path=STDIN_SOURCE)
            continue
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError as e:
            yield Problem(source=str(path), reason=_os_reason(e))
            continue
        for item in _walk(path) if stat.S_ISDIR(mode) else (path,):
            if isinstance(item, Problem):
                yield item
                continue
            refused = _unconfined(item, root) if root is not None else None
            if refused is not None:
                yield Problem(source=str(item), reason=refused)
                continue
            if on_file is not None:
                on_file(str(item))
            yield from _guarded(_read_file(item, ids=ids, max_bytes=max_bytes), path=str(item))
