"""Writers of the field's formats (GDELT 2.0, ICEWS, POLECAT/PLOVER) from a store's events."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.errors import StoreError
from dyads.store import Store

__all__ = ["EVENT_FORMATS", "Export", "export_events"]

EVENT_FORMATS = ("gdelt", "icews", "plover", "polecat")

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Export:
    """What an export wrote: (file, rows) for each file, in order, and the events it could not date.

    Iterating gives the (file, rows) pairs, as the list `export_events` used to return did.
    """

    files: tuple[tuple[Path, int], ...]
    undated: int  # events with no date and no publication date: the formats need a day, so left out

    def __iter__(self) -> Iterator[tuple[Path, int]]:
        return iter(self.files)


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
) -> Export:
    """Write the store's events (filtered) in a field format; return the files written and the events left out.

    Each event is dated to the day (`fields.event_day`); one that has neither a date nor a publication
    date is left out, counted in `Export.undated` and logged.
    """
    from dyads.export import gdelt, icews, plover, polecat
    from dyads.export.fields import event_day

    if fmt not in EVENT_FORMATS:
        raise StoreError(str(output), f"unknown event format {fmt!r} (want {', '.join(EVENT_FORMATS)})")
    articles = {row["id"]: row for row in store.articles()}
    found = store.events(since=since, until=until, actor=actor, root=root)
    dated = [(event, day) for event in found if (day := event_day(event)) is not None]
    undated = len(found) - len(dated)
    if undated:
        logger.warning("%s: %d events left out: they have no date and no publication date", output, undated)

    def article(event: Mapping[str, Any]) -> Mapping[str, Any]:
        return articles.get(event["article_id"]) or {}

    def published(event: Mapping[str, Any]) -> str | None:
        return str(article(event).get("published") or "") or None

    added = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    written: list[tuple[Path, int]] = []
    with output.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "gdelt":
            rows = (
                gdelt.event_row(e, day=day, added=added, url=_article_url(article(e) or None))
                for e, day in dated
            )
            written.append((output, gdelt.write_rows(rows, handle)))
        elif fmt == "icews":
            rows = (icews.event_row(e, day=day, publisher=article(e).get("source") or "") for e, day in dated)
            written.append((output, icews.write_rows(rows, handle)))
        elif fmt == "polecat":
            rows = (
                polecat.event_row(e, day=day, source=article(e).get("source"), published=published(e))
                for e, day in dated
            )
            written.append((output, polecat.write_rows(rows, handle)))
        else:
            objects = (
                plover.event_object(
                    e,
                    day=day,
                    publisher=article(e).get("source"),
                    headline=article(e).get("title"),
                    pub_date=published(e),
                )
                for e, day in dated
            )
            written.append((output, plover.write_objects(objects, handle)))
    if fmt == "gdelt" and mentions is not None:
        chosen = {e["event_id"] for e, _ in dated}
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
    return Export(tuple(written), undated)
