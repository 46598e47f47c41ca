"""dyads: political event data from news — who did what to whom, when, where, and who said so."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dyads.errors import DataFileError, DyadsError, InputError, ModelError, StoreError
from dyads.model import Actor, Article, Event, Mention, Place, Problem, Sentence
from dyads.records import EventRecord, MentionRecord, StoryRecord
from dyads.store import as_frame

if TYPE_CHECKING:
    from dyads.pipeline import IngestSummary
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
    "ingest_paths",
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


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    batch_size: int = 64,
    within: str | Path | None = None,
    processes: int = 1,
) -> IngestSummary:
    """Read, code and store articles from files, directories or `-` (the same article is stored once).

    With `within`, a file that resolves outside that directory (say, through a symbolic link) is a Problem.
    `processes` > 1 parses and codes in that many worker processes; what is stored is the same.
    """
    from dyads.ingest import iter_inputs
    from dyads.pipeline import CoderSpec, ingest_into

    items = iter_inputs([str(p) for p in paths], within=within)
    return ingest_into(store, items, CoderSpec(), batch_size=batch_size, processes=processes)


def open_store(path: str = "dyads.duckdb") -> Store:
    """Return the DuckDB store at `path` (created when absent)."""
    from dyads.store import Store

    return Store(path)


def open(path: str = "dyads.duckdb") -> Store:  # noqa: A001 - `dyads.open` reads like `sqlite3.connect`
    """Return the DuckDB store at `path` (created when absent): `.events()`, `.dyad_series()` …"""
    return open_store(path)
