"""JSONL (one record per line) and JSON (a record, a list of records, or a JSON Feed) inputs.

A record is an object with `text` (required) and optional `id`, `title`, `date` (`YYYYMMDD`, ISO date or
ISO datetime), `url` and `source`; other fields are ignored. Each bad line or record becomes a Problem
naming the line or the field, and the records around it are still read. A `date` string that is no date
is logged as a warning and left out (`published=None`): the article itself is still good.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from dyads.ingest._article import build_article, parse_date
from dyads.ingest.feeds import is_json_feed, iter_json_feed
from dyads.model import Article, Problem

__all__ = ["iter_json", "iter_jsonl", "json_objects", "record_to_article", "write_json_lines"]

logger = logging.getLogger(__name__)

_UTF8_BOM = b"\xef\xbb\xbf"
_STRING_FIELDS = ("title", "url", "source")
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def json_objects(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """Yield (line, object, None) for each non-empty line of a JSONL file, or (line, None, why) for a bad one."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                yield number, None, f"invalid JSON ({e.msg})"
                continue
            if isinstance(value, dict):
                yield number, value, None
            else:
                yield number, None, f"the line is {_json_type(value)}, not a JSON object"


def write_json_lines(path: Path, objects: Iterable[Mapping[str, Any]]) -> int:
    """Write objects as JSONL, one per line, replacing the file only once all are written; return how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for value in objects:
            handle.write(json.dumps(value, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(path)
    return count


def _json_type(value: object) -> str:
    """Return the JSON name of a parsed value's type ("an object", "a string" …)."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _parse(data: bytes) -> tuple[Any, str | None, int | None]:
    """Return (value, None, None) for valid JSON, else (None, the reason, the line of the error)."""
    try:
        return json.loads(data), None, None
    except json.JSONDecodeError as e:
        return None, f"invalid JSON: {e.msg} (column {e.colno})", e.lineno
    except UnicodeDecodeError as e:
        return None, f"invalid JSON: not UTF-8 ({e.reason} at offset {e.start})", None
    except RecursionError:
        return None, "invalid JSON: nested too deeply", None
    except ValueError as e:
        return None, f"invalid JSON: {e}", None


def _record_date(value: object) -> dt.date | None:
    """Return the date of a record's `date` value (a string, or a number like 20040323), or None."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return parse_date(str(value))


def _shape_problem(record: dict[str, Any]) -> str | None:
    """Return why a record cannot become an Article, naming the field, or None when its shape is right."""
    if "text" not in record:
        return "missing field 'text'"
    text = record["text"]
    if not isinstance(text, str):
        return f"field 'text' is {_json_type(text)}, not a string"
    if not text.strip():
        return "field 'text' is empty"
    for field in _STRING_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            return f"field '{field}' is {_json_type(value)}, not a string"
    record_id = record.get("id")
    if record_id is not None and (isinstance(record_id, bool) or not isinstance(record_id, str | int)):
        return f"field 'id' is {_json_type(record_id)}, not a string"
    date = record.get("date")
    if date is not None and (isinstance(date, bool) or not isinstance(date, str | int)):
        return f"field 'date' is {_json_type(date)}, not a string"
    return None


def _published(record: dict[str, Any], *, where: str) -> dt.date | None:
    """Return the record's date; one that cannot be read is reported and left out, keeping the article."""
    date = record.get("date")
    if date is None:
        return None
    published = _record_date(date)
    if published is None:
        # Gold files carry odd dates ("121108"); losing the whole record for one would skew scores.
        logger.warning("%s: field 'date' is not a date (YYYYMMDD or ISO 8601): %s; left empty", where, date)
    return published


def record_to_article(record: object, *, path: str, line: int | None = None) -> Article | Problem:
    """Return the Article of one JSON record, or a Problem naming the field that is missing or wrong."""
    if not isinstance(record, dict):
        return Problem(source=path, reason=f"expected a JSON object, got {_json_type(record)}", line=line)
    reason = _shape_problem(record)
    if reason is not None:
        return Problem(source=path, reason=reason, line=line)
    record_id = record.get("id")
    return build_article(
        record["text"],
        path=path,
        line=line,
        article_id=str(record_id) if record_id is not None else None,
        title=record.get("title"),
        published=_published(record, where=path if line is None else f"{path}:{line}"),
        source=record.get("source"),
        url=record.get("url"),
    )


def iter_jsonl(lines: Iterable[bytes], *, path: str, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield an Article or a Problem for each non-blank line of JSONL (lines counted from 1)."""
    seen_record = False
    for number, raw in enumerate(lines, start=1):
        line = raw.removeprefix(_UTF8_BOM) if number == 1 else raw
        if not line.strip():
            continue
        seen_record = True
        if len(line) > max_bytes:
            too_large = f"record is {len(line)} bytes, more than the {max_bytes}-byte limit"
            yield Problem(source=path, reason=too_large, line=number)
            continue
        record, reason, _ = _parse(line)
        if reason is not None:
            yield Problem(source=path, reason=reason, line=number)
            continue
        yield record_to_article(record, path=path, line=number)
    if not seen_record:
        yield Problem(source=path, reason="empty file")


def _is_jsonl(data: bytes) -> bool:
    """Return True when the first non-blank line is a whole JSON object on its own (so, JSONL)."""
    for raw in data.removeprefix(_UTF8_BOM).splitlines():
        line = raw.strip()
        if line:
            return line.startswith(b"{") and line.endswith(b"}")
    return False


def iter_json(data: bytes, *, path: str, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield the Articles (or Problems) of a JSON document: a record, a list of records, a JSON Feed, or JSONL."""
    value, reason, line = _parse(data)
    if reason is not None:
        if _is_jsonl(data):
            yield from iter_jsonl(data.splitlines(keepends=True), path=path, max_bytes=max_bytes)
        else:
            yield Problem(source=path, reason=reason, line=line)
        return
    if is_json_feed(value):
        yield from iter_json_feed(value, path=path)
    elif isinstance(value, dict):
        yield record_to_article(value, path=path)
    elif isinstance(value, list):
        if not value:
            yield Problem(source=path, reason="JSON array has no records")
        for index, record in enumerate(value):
            yield record_to_article(record, path=f"{path}[{index}]")
    else:
        reason = f"expected a JSON object or an array of objects, got {_json_type(value)}"
        yield Problem(source=path, reason=reason)
