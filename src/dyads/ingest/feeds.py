"""News feeds: RSS and Atom through feedparser, JSON Feed v1 as the JSON it is; one Article per entry.

An entry's id is its guid / `id`, else its link, else a hash of its text; its path is `feed.xml[3]`
(the entry's index, from 0). Entry dates the feed gives in a form nobody can parse, or that are no
calendar day (`0000-00-00`), are logged and left out (None): the entry and the rest of the feed are kept.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import io
import logging
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from dyads.ingest._article import build_article, parse_date
from dyads.model import Article, Problem

__all__ = ["html_to_text", "is_json_feed", "iter_feed", "iter_json_feed"]

logger = logging.getLogger(__name__)

_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Elements after which a paragraph ends; a <br> ends a line.
_BLOCKS = (
    "p", "div", "li", "ul", "ol", "dd", "dt", "blockquote", "pre", "table", "tr", "section", "article",
    "header", "footer", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
)  # fmt: skip
_NOT_TEXT = ("script", "style", "noscript", "template")
# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return) and lone surrogates.
_XML_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment (as feeds embed it), one blank line between blocks."""
    # lxml parses control characters into the tree, then refuses them when a tail is set (issue 23: one
    # "\x1b" ended the feed); they never reach an article (clean_text drops them), so they go first.
    markup = _XML_CONTROLS.sub("", markup)
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_NOT_TEXT)):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def _detail_text(value: str, kind: str | None) -> str:
    """Return a feed text field as plain text, stripping HTML when its declared type is HTML."""
    return html_to_text(value) if kind in _HTML_TYPES else value


def _entry_text(entry: Mapping[str, Any]) -> str:
    """Return an entry's longest content (or its summary) as plain text."""
    contents = [item for item in entry.get("content", ()) if (item.get("value") or "").strip()]
    if contents:
        best = max(contents, key=_content_length)
        return _detail_text(best["value"], best.get("type"))
    summary = entry.get("summary") or ""
    return _detail_text(summary, entry.get("summary_detail", {}).get("type", "text/html"))


def _content_length(item: Mapping[str, Any]) -> int:
    """Return the length of a content item's value (the key choosing an entry's fullest content)."""
    return len(item.get("value") or "")


def _written_date(value: str) -> dt.date | None:
    """Return the day of an RFC 822 or ISO 8601 date as written (in its own time zone), or None."""
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, OverflowError):  # OverflowError: a year of eleven digits
        return parse_date(value)


def _entry_date(entry: Mapping[str, Any], *, where: str) -> dt.date | None:
    """Return the day an entry was published (else updated or created), as the feed wrote it, or None."""
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        # feedparser's *_parsed dates are in UTC, which can move an evening story to the next day.
        written = _written_date(value)
        if written is not None:
            return written
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time) and _is_calendar_day(parsed):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        # One entry's impossible date ("0000-00-00") costs that entry its date, not the feed (issue 23).
        logger.warning("%s: entry's %s is not a date: %r; left empty", where, key, value[:100])
    return None


def _is_calendar_day(parsed: time.struct_time) -> bool:
    """Return True when feedparser's parsed date is a real day (it turns "0000-00-00" into year -1)."""
    year, month, day = parsed.tm_year, parsed.tm_mon, parsed.tm_mday
    if not (dt.MINYEAR <= year <= dt.MAXYEAR and 1 <= month <= 12):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _entry_article(entry: Mapping[str, Any], *, path: str, outlet: str | None) -> Article | Problem:
    """Return the Article of one RSS/Atom entry, or a Problem when it has no text."""
    text = _entry_text(entry)
    if not text.strip():
        return Problem(source=path, reason="feed entry has no text")
    title = entry.get("title")
    if title:
        title = _detail_text(title, entry.get("title_detail", {}).get("type"))
    return build_article(
        text,
        path=path,
        article_id=entry.get("id") or entry.get("link"),
        title=title,
        published=_entry_date(entry, where=path),
        source=outlet,
        url=entry.get("link"),
    )


def iter_feed(data: bytes, *, path: str) -> Iterator[Article | Problem]:
    """Yield an Article (or Problem) per entry of an RSS or Atom feed, or one Problem when it is no feed."""
    # A stream, because feedparser would try bytes as a file name first.
    parsed = feedparser.parse(io.BytesIO(data))
    # No version: feedparser found no feed root (it may still have picked up stray <item>s).
    if not parsed.version or (parsed.bozo and not parsed.entries):
        detail = parsed.get("bozo_exception") or "no RSS, Atom or RDF root element"
        yield Problem(source=path, reason=f"not a feed: {detail}")
        return
    outlet = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries):
        yield _entry_article(entry, path=f"{path}[{index}]", outlet=outlet)


def is_json_feed(value: object) -> bool:
    """Return True for a parsed JSON Feed (an object whose `version` is a jsonfeed.org URL)."""
    return isinstance(value, dict) and str(value.get("version", "")).startswith(_JSON_FEED_VERSION)


def _json_item_text(item: Mapping[str, Any]) -> str:
    """Return a JSON Feed item's text: `content_html` stripped, else `content_text`, else `summary`."""
    for key in ("content_html", "content_text", "summary"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return html_to_text(value) if key == "content_html" else value
    return ""


def _json_string(item: Mapping[str, Any], key: str) -> str | None:
    """Return a string field of a JSON Feed object, or None when it is absent or not a string."""
    value = item.get(key)
    return value if isinstance(value, str) else None


def _json_item_id(item: Mapping[str, Any]) -> str | None:
    """Return a JSON Feed item's `id` (a string, or a number as the spec tolerates), else its `url`."""
    item_id = item.get("id")
    if isinstance(item_id, bool) or not isinstance(item_id, str | int) or item_id == "":
        return _json_string(item, "url")
    return str(item_id)


def _json_item_article(item: object, *, path: str, outlet: str | None) -> Article | Problem:
    """Return the Article of one JSON Feed item, or a Problem when it is not an object or has no text."""
    if not isinstance(item, dict):
        return Problem(source=path, reason="JSON Feed item is not an object")
    text = _json_item_text(item)
    if not text.strip():
        return Problem(source=path, reason="feed entry has no text")
    date = _json_string(item, "date_published") or _json_string(item, "date_modified")
    return build_article(
        text,
        path=path,
        article_id=_json_item_id(item),
        title=_json_string(item, "title"),
        published=parse_date(date) if date else None,
        source=outlet,
        url=_json_string(item, "url"),
    )


def iter_json_feed(feed: Mapping[str, Any], *, path: str) -> Iterator[Article | Problem]:
    """Yield an Article (or Problem) per item of a parsed JSON Feed."""
    items = feed.get("items")
    if not isinstance(items, list):
        yield Problem(source=path, reason="JSON Feed has no 'items' array")
        return
    outlet = _json_string(feed, "title")
    for index, item in enumerate(items):
        yield _json_item_article(item, path=f"{path}[{index}]", outlet=outlet)
