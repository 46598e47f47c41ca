"""Plain-text and Markdown articles: decode, take the headline as title and the dateline's date as published."""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import logging
import re
import unicodedata

from dyads.clean import clean_text
from dyads.ingest._article import MAX_ARTICLE_CHARS, build_article, too_long
from dyads.model import Article, Problem

__all__ = ["decode_text", "find_published", "looks_binary", "read_text", "split_title", "strip_title_date"]

logger = logging.getLogger(__name__)

# Tried in order; latin-1 decodes any bytes, so it is the last resort (and is reported).
_ENCODINGS = ("utf-8-sig", "cp1252")
_LAST_RESORT = "latin-1"
_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters above which decoded "text" is taken to be binary data.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")

_MAX_TITLE_CHARS = 150
_TITLE_FINAL_MARKS = ".,;:"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
# A date in the first lines counts only in a short line or right after a dateline's place ("BEIJING, ").
_DATELINE_LINES = 3
_SHORT_LINE = 80
_DATELINE_PREFIX = re.compile(
    r"^(?:[A-Z][A-Za-z .'’/-]{0,40},\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?$",
    re.IGNORECASE,
)
_TITLE_DATE_SEPARATORS = " \t-–—|,(["

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
)
_MIN_YEAR = 1800
_MAX_YEAR = 2200


def decode_text(data: bytes) -> tuple[str, str]:
    """Return the decoded text and the encoding used: a UTF BOM, else UTF-8, else cp1252, else latin-1."""
    for bom, encoding in _UTF_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode(_LAST_RESORT), _LAST_RESORT


def looks_binary(text: str) -> bool:
    """Return True when decoded text holds NULs or too many control characters to be prose."""
    if "\x00" in text:
        return True
    controls = sum(1 for char in text if char not in _TEXT_CONTROLS and unicodedata.category(char) == "Cc")
    return controls > _MAX_CONTROL_SHARE * len(text)


def _looks_like_headline(line: str) -> bool:
    """Return True for a short line without a final period (or comma, colon, semicolon)."""
    return 0 < len(line) <= _MAX_TITLE_CHARS and line[-1] not in _TITLE_FINAL_MARKS


def split_title(text: str) -> tuple[str | None, str]:
    """Return (title, body): the first line is the title when it is a `# ` heading or looks like a headline."""
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return None, text
    heading = _MARKDOWN_HEADING.match(first)
    if heading:
        return heading.group("title"), rest
    if _looks_like_headline(first):
        return first, rest
    return None, text


def _to_date(match: re.Match[str]) -> dt.date | None:
    """Return the date a pattern matched, or None when it is not a real calendar day."""
    month_text = match.group("month").lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3]]
    year = int(match.group("year"))
    day = int(match.group("day"))
    if not (_MIN_YEAR <= year <= _MAX_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _first_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """Return the earliest valid date in the text with its match, or None."""
    found: list[tuple[int, dt.date, re.Match[str]]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None:
                found.append((match.start(), date, match))
                break
    if not found:
        return None
    _, date, match = min(found, key=_start_of)
    return date, match


def _start_of(item: tuple[int, dt.date, re.Match[str]]) -> int:
    """Return where a found date starts (the sort key of `_first_date`)."""
    return item[0]


def _dateline_date(line: str) -> dt.date | None:
    """Return the date of a body line when it is a short line or the date opens a dateline."""
    found = _first_date(line)
    if found is None:
        return None
    date, match = found
    if len(line) <= _SHORT_LINE or _DATELINE_PREFIX.match(line[: match.start()]):
        return date
    return None


def find_published(title: str | None, body: str) -> dt.date | None:
    """Return the publication date from a date in the title or a dateline in the first lines, else None."""
    if title:
        found = _first_date(title)
        if found is not None:
            return found[0]
    lines = [line for line in body.split("\n", _DATELINE_LINES * 2) if line.strip()]
    for line in lines[:_DATELINE_LINES]:
        date = _dateline_date(line)
        if date is not None:
            return date
    return None


def strip_title_date(title: str) -> str:
    """Return the title without a date at its end ("… - 2004-03-23" → "…")."""
    found = _first_date(title)
    if found is None:
        return title
    _, match = found
    if title[match.end() :].strip(" )]"):
        return title
    return title[: match.start()].rstrip(_TITLE_DATE_SEPARATORS)


def read_text(data: bytes, *, path: str, article_id: str | None = None) -> Article | Problem:
    """Return the Article in a plain-text or Markdown file's bytes, or a Problem saying why there is none."""
    if not data.strip():
        return Problem(source=path, reason="empty file")
    text, encoding = decode_text(data)
    if len(text) > 2 * MAX_ARTICLE_CHARS:
        # Before the per-character checks below, which take seconds on megabytes.
        return Problem(source=path, reason=too_long(len(text)))
    if looks_binary(text):
        if encoding == _LAST_RESORT and "\x00" not in text:
            # Bytes that no text encoding makes prose of: most often UTF-8 and cp1252 mixed in one file.
            return Problem(
                source=path, reason="not text in UTF-8, UTF-16 or cp1252 (mixed or unknown encoding)"
            )
        return Problem(source=path, reason="binary file, not text")
    if encoding == _LAST_RESORT or encoding == _ENCODINGS[-1]:
        logger.warning("%s: not valid UTF-8, decoded as %s", path, encoding)
    title, body = split_title(clean_text(text))
    published = find_published(title, body)
    if title is not None:
        title = strip_title_date(title) or None
    return build_article(body, path=path, article_id=article_id, title=title, published=published)
