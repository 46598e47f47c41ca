"""Writers of the field's formats (GDELT 2.0, ICEWS, POLECAT/PLOVER) from a store's events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dyads.errors import StoreError
from dyads.store import Store

__all__ = ["EVENT_FORMATS", "export_events"]

EVENT_FORMATS = ("gdelt", "icews", "plover")


def _article_url(article: Mapping[str, Any] | None) -> str:
    """Return an article's URL, else the file it came from."""
    if article is None:
        return ""
    return str(article.get("url") or article.get("path") or article["id"])


def export_events(
    store: Store,
    fmt: str,
    output: Path,
    *,
    mentions: Path | None = None,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    root: str | None = None,
) -> list[tuple[Path, int]]:
    """Write the store's events (filtered) in a field format; return (file, rows) for each file written."""
    from dyads.export import gdelt, icews, plover

    if fmt not in EVENT_FORMATS:
        raise StoreError(str(output), f"unknown event format {fmt!r} (want {', '.join(EVENT_FORMATS)})")
    articles = {row["id"]: row for row in store.articles()}
    events = store.events(since=since, until=until, actor=actor, root=root)

    def article(event: Mapping[str, Any]) -> Mapping[str, Any]:
        return articles.get(event["article_id"]) or {}

    added = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    written: list[tuple[Path, int]] = []
    with output.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "gdelt":
            rows = (gdelt.event_row(e, added=added, url=_article_url(article(e) or None)) for e in events)
            written.append((output, gdelt.write_rows(rows, handle)))
        elif fmt == "icews":
            numbered = (
                icews.event_row(e, number=n, publisher=article(e).get("source") or "")
                for n, e in enumerate(events, start=1)
            )
            written.append((output, icews.write_rows(numbered, handle)))
        else:
            objects = (
                plover.event_object(
                    e,
                    publisher=article(e).get("source"),
                    headline=article(e).get("title"),
                    pub_date=str(article(e).get("published") or "") or None,
                )
                for e in events
            )
            written.append((output, plover.write_objects(objects, handle)))
    if fmt == "gdelt" and mentions is not None:
        chosen = {e["event_id"] for e in events}
        with mentions.open("w", encoding="utf-8", newline="") as handle:
            rows = (
                gdelt.mention_row(
                    m,
                    event_added=added,
                    doc_len=len(article(m).get("text") or ""),
                    name=article(m).get("source") or "",
                    identifier=_article_url(article(m) or None),
                )
                for m in store.mentions()
                if m["event_id"] in chosen
            )
            written.append((mentions, gdelt.write_rows(rows, handle)))
    return written
