"""HTML pages: trafilatura finds the main text (dropping navigation, footers, cookie notices) and metadata."""

from __future__ import annotations

import datetime as dt

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document

from dyads.ingest._article import build_article
from dyads.model import Article, Problem

__all__ = ["has_visible_text", "read_html"]

_HIDDEN = ("head", "script", "style", "noscript", "template")
_VISIBLE_TEXT = lxml.etree.XPath(
    "//text()[not(" + " or ".join(f"ancestor::{tag}" for tag in _HIDDEN) + ")]", smart_strings=False
)


def _published(value: str | None) -> dt.date | None:
    """Return trafilatura's `YYYY-MM-DD` date as a date, or None when it found none or an odd one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _paragraphs(text: str) -> str:
    """Return trafilatura's one-block-per-line text with blank lines between blocks, as the corpus has."""
    return "\n\n".join(line for line in text.split("\n") if line.strip())


def has_visible_text(data: bytes) -> bool:
    """Return False for a page with no text outside its head, scripts and styles (True when lxml cannot tell)."""
    try:
        root = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError):
        return True
    # Read, not pruned: lxml's drop_tree refuses a control character it has to move (issue 23).
    return any(text.strip() for text in _VISIBLE_TEXT(root))


def read_html(data: bytes, *, path: str, article_id: str | None = None) -> Article | Problem:
    """Return the Article in an HTML page's bytes (trafilatura decodes them), or a Problem if it has no text."""
    if not data.strip():
        return Problem(source=path, reason="empty file")
    # trafilatura takes ~50 ms on an empty page (it tries every fallback); lxml tells in well under 1 ms.
    if not has_visible_text(data):
        return Problem(source=path, reason="no article text found in HTML")
    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        return Problem(source=path, reason="no article text found in HTML")
    return build_article(
        _paragraphs(document.text),
        path=path,
        article_id=article_id,
        title=document.title,
        published=_published(document.date),
        source=document.sitename,
        url=document.url,
    )
