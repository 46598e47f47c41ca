"""Parquet files of articles: one record per row, read like a JSONL record (`id`, `text`, `title`, `date`…).

A row's `date` may also be called `published` (as in `dyads export parquet`'s articles.parquet) and may be
a Parquet DATE or TIMESTAMP. Rows are streamed a row group at a time; row numbers count from 1, like lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from dyads.ingest.jsonl import record_to_article
from dyads.model import Article, Problem

__all__ = ["iter_parquet"]

_COLUMNS = ("id", "text", "title", "date", "published", "url", "source")


def _as_record(row: dict[str, Any]) -> dict[str, Any]:
    """Return a Parquet row as a JSON-style record (dates as ISO strings, `published` as `date`)."""
    record = {key: value for key, value in row.items() if value is not None}
    published = record.pop("published", None)
    if "date" not in record and published is not None:
        record["date"] = published
    if isinstance(record.get("date"), dt.date):
        record["date"] = record["date"].isoformat()
    return record


def iter_parquet(source: str | BinaryIO, *, path: str, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield an Article or a Problem for each row of a Parquet file (rows counted from 1)."""
    try:
        parquet = pq.ParquetFile(source)
    except (OSError, pa.ArrowException) as e:
        yield Problem(source=path, reason=f"not a readable Parquet file ({e})")
        return
    columns = [name for name in parquet.schema_arrow.names if name in _COLUMNS]
    if "text" not in columns:
        yield Problem(source=path, reason="Parquet file has no 'text' column")
        return
    number = 0
    try:
        for batch in parquet.iter_batches(columns=columns):
            for row in batch.to_pylist():
                number += 1
                text = row.get("text")
                if isinstance(text, str) and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                    reason = f"record text is more than the {max_bytes}-byte limit"
                    yield Problem(source=path, reason=reason, line=number)
                    continue
                yield record_to_article(_as_record(row), path=path, line=number)
    except (OSError, pa.ArrowException) as e:
        yield Problem(source=path, reason=f"cannot read Parquet rows ({e})", line=number + 1)
    if number == 0:
        yield Problem(source=path, reason="empty file")
