"""Build an Article from extracted fields: the one place ingest cleans text and assigns content-hash ids."""

from __future__ import annotations

import datetime as dt

from dyads.clean import clean_text
from dyads.model import Article, Problem, article_id_for

__all__ = ["MAX_ARTICLE_CHARS", "build_article", "clean_field", "parse_date", "too_long"]

# The longest article text coded (after cleaning). Coding takes ~45 µs a character, so this bounds one
# article at ~10 s; news articles are well under 50,000 characters. Longer texts are refused whole
# (a Problem), never truncated: a cut text would lose its events without saying so.
MAX_ARTICLE_CHARS = 200_000
# Raw text over this many characters is refused before cleaning (cleaning megabytes takes seconds and
# never halves a text).
_MAX_RAW_CHARS = 2 * MAX_ARTICLE_CHARS


def too_long(chars: int) -> str:
    """Return the reason given for an article text of `chars` characters over the limit."""
    return f"article text is {chars:,} characters, more than the {MAX_ARTICLE_CHARS:,}-character limit"


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
    if len(text) > _MAX_RAW_CHARS:
        return Problem(source=path, reason=too_long(len(text)), line=line)
    title = clean_field(title)
    body = clean_text(text, title=title)
    if not body:
        return Problem(source=path, reason="no article text left after cleaning", line=line)
    if not any(char.isalnum() for char in body):
        return Problem(source=path, reason="article text has no letters or digits", line=line)
    if len(body) > MAX_ARTICLE_CHARS:
        return Problem(source=path, reason=too_long(len(body)), line=line)
    return Article(
        id=article_id or article_id_for(body),
        text=body,
        title=title,
        published=published,
        source=clean_field(source),
        url=clean_field(url),
        path=path if line is None else f"{path}:{line}",
    )
