"""Build an Article from extracted fields: the one place ingest cleans text and assigns content-hash ids."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from typing import Any

from dyads.clean import VISIBLE_MARK, clean_text
from dyads.model import FIELD_CUT, Article, Problem, article_id_for

__all__ = [
    "FIELD_CAPS",
    "MAX_ARTICLE_CHARS",
    "MAX_ID_CHARS",
    "MIN_WORDS",
    "MIN_WORD_LETTERS",
    "build_article",
    "clean_field",
    "clean_id",
    "fit_fields",
    "has_words",
    "parse_date",
    "too_long",
]

# Every limit on an article's fields is here (and in the README's "Bad input, crashes and limits").
# The longest article text coded (after cleaning). Coding takes ~45 µs a character, so this bounds one
# article at ~10 s; news articles are well under 50,000 characters. Longer texts are refused whole
# (a Problem), never truncated: a cut text would lose its events without saying so.
MAX_ARTICLE_CHARS = 200_000
# Raw text over this many characters is refused before cleaning (cleaning megabytes takes seconds and
# never halves a text).
_MAX_RAW_CHARS = 2 * MAX_ARTICLE_CHARS
# An id longer than this refuses its record: ids are keys, printed in every listing and URL, and a cut
# id could collide with another.
MAX_ID_CHARS = 512
# The other one-line fields: (longest kept, what happens beyond it). A title or outlet name is cut (its
# start still names the article); a cut URL would point elsewhere, so it is dropped. Either way a
# Problem says so and the article is kept.
FIELD_CAPS: dict[str, tuple[int, str]] = {
    "title": (1_000, "cut"),
    "source": (300, "cut"),
    "url": (8_192, "dropped"),
    "path": (4_096, "cut"),
}
# Junk is refused: a text must hold at least MIN_WORDS words (whitespace-separated) of at least
# MIN_WORD_LETTERS letters each, anywhere in it: the shortest report of an event, a subject and its verb
# ("Gondor voted."). A stray byte, a lone `<script>`, a line of digits or of one-letter tokens does not
# pass; nor does text without spaces between its words (Chinese, Japanese), which dyads does not code.
MIN_WORDS = 2
MIN_WORD_LETTERS = 2
# Characters removed from ids: controls, format characters (bidi overrides and isolates, zero-width
# joiners, BOM), surrogates, private-use and unassigned code points, line and paragraph separators.
_NOT_IN_IDS = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_LONGEST_CAP = max(cap for cap, _ in FIELD_CAPS.values())


def too_long(chars: int) -> str:
    """Return the reason given for an article text of `chars` characters over the limit."""
    return f"article text is {chars:,} characters, more than the {MAX_ARTICLE_CHARS:,}-character limit"


def clean_field(value: str | None) -> str | None:
    """Return a one-line field (title, source, url) with spaces collapsed, or None when it is blank."""
    if value is None:
        return None
    # Cleaning takes seconds on megabytes: what is beyond twice the longest cap is cut (and reported) anyway.
    collapsed = " ".join(clean_text(value[: 2 * _LONGEST_CAP]).split())
    return collapsed or None


def clean_id(value: str | None) -> str | None:
    """Return a claimed id without control, bidi and other invisible characters or edge spaces, or None if none is left."""
    if value is None:
        return None
    kept = "".join(char for char in value if unicodedata.category(char) not in _NOT_IN_IDS)
    return kept.strip() or None


def has_words(text: str) -> bool:
    """Return True when the text holds MIN_WORDS words of MIN_WORD_LETTERS letters or more (see above)."""
    words = 0
    for token in VISIBLE_MARK.sub(" ", text).split():
        if sum(char.isalpha() for char in token) >= MIN_WORD_LETTERS:
            words += 1
            if words >= MIN_WORDS:
                return True
    return False


def fit_fields(article: Article) -> tuple[Article, list[Problem]]:
    """Return the article with its one-line fields within FIELD_CAPS, and a Problem for each field cut or dropped."""
    changes: dict[str, Any] = {}
    reasons: list[str] = []
    for name, (cap, action) in FIELD_CAPS.items():
        value = getattr(article, name)
        if value is None or len(value) <= cap:
            continue
        changes[name] = value[:cap] if action == "cut" else None
        reasons.append(f"{name} is longer than the {cap:,}-character limit; {action}")
    if not changes:
        return article, []
    fitted = replace(article, **changes)
    # Placed by the fitted path: a Problem never carries the over-long value it reports.
    return fitted, [Problem.about(fitted, reason, stage=FIELD_CUT) for reason in reasons]


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
    if article_id is not None and len(article_id) > MAX_ID_CHARS:
        reason = f"id is {len(article_id):,} characters, more than the {MAX_ID_CHARS:,}-character limit"
        return Problem(source=path, reason=reason, line=line)
    claimed = clean_id(article_id)
    title = clean_field(title)
    body = clean_text(text, title=title)
    if not body:
        return Problem(source=path, reason="no article text left after cleaning", line=line)
    if not any(char.isalnum() for char in body):
        return Problem(source=path, reason="article text has no letters or digits", line=line)
    if len(body) > MAX_ARTICLE_CHARS:
        return Problem(source=path, reason=too_long(len(body)), line=line)
    if not has_words(body):
        reason = (
            f"not prose: article text has fewer than {MIN_WORDS} words of {MIN_WORD_LETTERS} or more letters"
        )
        return Problem(source=path, reason=reason, line=line)
    return Article(
        id=claimed or article_id_for(body),
        text=body,
        title=title,
        published=published,
        source=clean_field(source),
        url=clean_field(url),
        path=path if line is None else f"{path}:{line}",
    )
