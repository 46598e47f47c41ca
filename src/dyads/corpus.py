"""Read the articles of the shared research corpus (`../shared/corpus`) by corpus file and article id.

The corpus is research material that never enters the package: annotations point into it by
article id and character offsets, so this module is the one place that knows how its files look.
Offsets refer to the `text` field of a record as stored (for `sample_html`, to the page's
human-marked article body, or to dyads' own extraction where the page has none).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyads.errors import InputError

if TYPE_CHECKING:
    from dyads.model import Article

__all__ = ["CORPUS_FILES", "CorpusArticle", "find_shared", "iter_corpus", "load_articles", "load_corpus"]

# The corpus files annotations may point into, with the collections each holds.
CORPUS_FILES = ("news.jsonl", "agnews_test.jsonl", "sample_html")

_SHARED_ENV = "DYADS_SHARED"


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One article of the shared corpus: the text annotation offsets refer to, and its metadata."""

    corpus: str
    id: str
    collection: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)


def find_shared(start: Path | None = None) -> Path | None:
    """Return the shared folder: `$DYADS_SHARED`, else a `shared/` beside `start` (or the current
    directory) or one of its parents, else the one beside the source checkout dyads runs from."""
    env = os.environ.get(_SHARED_ENV)
    if env:
        path = Path(env)
        return path if (path / "corpus").is_dir() else None
    here = (start or Path.cwd()).resolve()
    checkout = Path(__file__).resolve().parents[2]
    for folder in (here, *here.parents, checkout):
        candidate = folder.parent / "shared"
        if (candidate / "corpus").is_dir():
            return candidate
    return None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _iter_jsonl(path: Path, corpus: str) -> Iterator[CorpusArticle]:
    from dyads.ingest.jsonl import json_objects

    for number, record, problem in json_objects(path):
        if record is None:
            raise InputError(str(path), problem or "bad record", line=number)
        yield CorpusArticle(
            corpus,
            str(record["id"]),
            str(record.get("collection") or corpus),
            str(record["text"]),
            record.get("title"),
            _date(record.get("date")),
            record.get("source"),
            record.get("meta") or {},
        )


def _iter_html(folder: Path) -> Iterator[CorpusArticle]:
    from dyads.ingest.html import read_html
    from dyads.model import Article

    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    for entry in index:
        name = str(entry["file"])
        read = read_html((folder / name).read_bytes(), path=str(folder / name), article_id=name)
        title = read.title if isinstance(read, Article) else None
        published = read.published if isinstance(read, Article) else None
        body = entry.get("gold_article_body")
        if isinstance(body, str) and body.strip():
            text, origin = body, "gold_article_body"
        elif isinstance(read, Article):
            text, origin = read.text, "dyads.ingest.html"
        else:
            continue
        yield CorpusArticle(
            "sample_html",
            name,
            "sample_html",
            text,
            title,
            published,
            entry.get("url"),
            {"text_from": origin, "url": entry.get("url")},
        )


def iter_corpus(shared: Path, corpus: str) -> Iterator[CorpusArticle]:
    """Yield the articles of one corpus file (`news.jsonl`, `agnews_test.jsonl`, `sample_html`)."""
    if corpus not in CORPUS_FILES:
        raise InputError(corpus, f"unknown corpus file (known: {', '.join(CORPUS_FILES)})")
    path = shared / "corpus" / corpus
    if not path.exists():
        raise InputError(str(path), "corpus file not found")
    if corpus == "sample_html":
        yield from _iter_html(path)
    else:
        yield from _iter_jsonl(path, corpus)


@functools.cache
def load_corpus(shared: Path, corpus: str) -> dict[str, CorpusArticle]:
    """Return one corpus file's articles by id (read once per process)."""
    return {article.id: article for article in iter_corpus(shared, corpus)}


def load_articles(shared: Path, ids: Iterable[str], corpus: str = "news.jsonl") -> list[Article]:
    """Return the corpus articles of these ids as dyads Articles, sorted by id; an unknown id is an error."""
    from dyads.model import Article

    found = load_corpus(shared, corpus)
    wanted = sorted(set(ids))
    missing = [a for a in wanted if a not in found]
    if missing:
        raise InputError(str(shared / "corpus" / corpus), f"articles not in the corpus: {missing[:3]}")
    return [
        Article(a, found[a].text, title=found[a].title, published=found[a].date, source=found[a].source)
        for a in wanted
    ]
