"""dyads: political event data from news — who did what to whom, when, where, and who said so."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from dyads.errors import DataFileError, DyadsError, InputError, ModelError, StoreError
from dyads.model import Actor, Article, Event, Mention, Place, Problem, Sentence
from dyads.records import EventRecord, MentionRecord, StoryRecord
from dyads.store import as_frame

if TYPE_CHECKING:
    from dyads.store import Store

__all__ = [
    "Actor",
    "Article",
    "DataFileError",
    "DyadsError",
    "Event",
    "EventRecord",
    "InputError",
    "Mention",
    "MentionRecord",
    "ModelError",
    "Place",
    "Problem",
    "Sentence",
    "StoreError",
    "StoryRecord",
    "as_frame",
    "code",
    "open",
    "open_store",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def code(text: str, date: dt.date | str | None = None) -> list[Mention]:
    """Return the Mentions coded from one text (nothing is stored)."""
    from dyads.evaluate import parse_date
    from dyads.pipeline import Coder

    published = parse_date(date) if isinstance(date, str) else date
    return Coder.create().code_text(text, published=published)


def open_store(path: str = "dyads.duckdb") -> Store:
    """Return the DuckDB store at `path` (created when absent)."""
    from dyads.store import Store

    return Store(path)


def open(path: str = "dyads.duckdb") -> Store:  # noqa: A001 - `dyads.open` reads like `sqlite3.connect`
    """Return the DuckDB store at `path` (created when absent): `.ingest()`, `.events()`, `.dyad_series()` …"""
    return open_store(path)
