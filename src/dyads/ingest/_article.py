"""Build an Article from extracted fields: the one place ingest cleans text and assigns content-hash ids."""

from __future__ import annotations

import datetime as dt

from dyads.clean import clean_text
from dyads.model import Article, Problem, article_id_for

__all__ = ["build_article", "clean_field", "parse_date"]


def clean_field(value: str | None) -> str | None:
    """Return a one-line field (title, source, url) with spaces collapsed, or None when it is blank."""
    if value is None:
        return None
    collapsed = " ".join(clean_text(value).split())
    return collapsed or None


def parse_date(value: str) -> dt.date | None:
    """Return the date of a `YYYYMMDD`, ISO date or ISO datetime string (the day as written), or None."""
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def build_article(
    text: str,
    *,
    path: str,
    article_id: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    line: int | None = None,
) -> Article | Problem:
    """Return the Article with cleaned text (id: `article_id`, else a hash of that text), or a Problem if none is left."""
    title = clean_field(title)
    body = clean_text(text, title=title)
    if not body:
        return Problem(source=path, reason="no article text left after cleaning", line=line)
    return Article(
        id=article_id or article_id_for(body),
        text=body,
        title=title,
        published=published,
        source=clean_field(source),
        url=clean_field(url),
        path=path if line is None else f"{path}:{line}",
    )
