"""Coded batches as JSON: what `dyads ingest --server` posts, and the checks the server makes before storing.

A batch is its articles (`Article.to_row()`), each with its mentions as `mentions` table rows
(`dyads.layout.to_row`, which keeps every field, unlike the lossy `Mention.to_record()`), plus the
problems met reading it and how many articles were read. The server trusts none of it: the models
below bound its sizes and types, and `refusals` checks that every mention quotes its article as
written at its offsets and carries the id its content gives it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, create_model

from dyads.layout import from_row, table_columns, to_row
from dyads.model import Article, Mention, Problem, mention_id_for
from dyads.pipeline import CodedBatch

__all__ = [
    "MAX_BATCH_ARTICLES",
    "MAX_BATCH_MENTIONS",
    "MAX_BATCH_PROBLEMS",
    "BatchIn",
    "batch_from_wire",
    "batch_to_wire",
    "refusals",
]

MAX_BATCH_ARTICLES = 512
MAX_BATCH_MENTIONS = 20_000
MAX_BATCH_PROBLEMS = 10_000
_MAX_ID = 2_000  # feed entries' ids are often URLs
_MAX_TEXT = 200_000  # the ingest readers' limit on one article's text (README, "Bad input")
_MAX_FIELD = 10_000
_INT32 = 2**31 - 1
_PY_TYPES: dict[str, Any] = {
    "VARCHAR": str,
    "VARCHAR[]": list[str],
    "INTEGER": int,  # bounded to 32 bits in `_column_field`
    "BIGINT": int,
    "DOUBLE": float,
    "BOOLEAN": bool,
}


class _Closed(BaseModel):
    """A record with no keys beyond its own: a typo or a stray field is a 422, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ArticleIn(_Closed):
    """An article as `Article.to_row()` writes it."""

    id: str = Field(min_length=1, max_length=_MAX_ID)
    text: str = Field(min_length=1, max_length=_MAX_TEXT)
    title: str | None = Field(default=None, max_length=_MAX_FIELD)
    published: dt.date | None = None
    source: str | None = Field(default=None, max_length=_MAX_FIELD)
    url: str | None = Field(default=None, max_length=_MAX_FIELD)
    path: str | None = Field(default=None, max_length=_MAX_FIELD)


def _column_field(sql: str) -> tuple[Any, Any]:
    """Return the pydantic (type, default) of one `mentions` column: every key present, null allowed."""
    if sql == "INTEGER":
        return int | None, Field(ge=-_INT32 - 1, le=_INT32)
    return _PY_TYPES[sql] | None, Field()


# One key per column of `Mention`'s fields, derived from the layout as the store's table is.
MentionIn: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "MentionIn",
    __base__=_Closed,
    **{name: _column_field(sql) for name, sql in table_columns(Mention)},
)


class ProblemIn(_Closed):
    """An input that could not be read, as the client met it."""

    source: str = Field(max_length=_MAX_FIELD)
    reason: str = Field(max_length=_MAX_FIELD)
    stage: str = Field(default="ingest", max_length=100)
    line: int | None = Field(default=None, ge=0, le=_INT32)


class CodedArticleIn(_Closed):
    """One article with the mentions coded from it."""

    article: ArticleIn
    mentions: list[MentionIn] = Field(max_length=MAX_BATCH_MENTIONS)  # type: ignore[valid-type]


class BatchIn(_Closed):
    """One coded batch: `read` articles were read, of which `articles` are new and coded."""

    read: int = Field(ge=0, le=100_000)
    articles: list[CodedArticleIn] = Field(max_length=MAX_BATCH_ARTICLES)
    problems: list[ProblemIn] = Field(default=[], max_length=MAX_BATCH_PROBLEMS)


def batch_to_wire(batch: CodedBatch) -> dict[str, Any]:
    """Return a coded batch as the JSON body of `POST /api/batches`."""
    return {
        "read": batch.read,
        "articles": [
            {
                "article": article.to_row() | {"published": _iso(article.published)},
                "mentions": [to_row(mention) for mention in mentions],
            }
            for article, mentions in batch.coded
        ],
        "problems": [
            {"source": p.source, "reason": p.reason, "stage": p.stage, "line": p.line} for p in batch.problems
        ],
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def batch_from_wire(body: BatchIn) -> CodedBatch:
    """Return the coded batch a validated body holds (check it with `refusals` before storing it)."""
    coded = [
        (
            Article(**item.article.model_dump()),
            [from_row(Mention, cast(BaseModel, mention).model_dump()) for mention in item.mentions],
        )
        for item in body.articles
    ]
    problems = [Problem(**problem.model_dump()) for problem in body.problems]
    return CodedBatch(body.read, coded, problems)


# Fields a Mention always has (their annotation allows no None): a null there is refused.
_REQUIRED = tuple(f.name for f in dataclasses.fields(Mention) if "None" not in str(f.type))


def refusals(batch: CodedBatch) -> list[Problem]:
    """Return why the batch cannot be stored, one Problem per bad article or mention (none: store it)."""
    found: list[Problem] = []
    ids = [article.id for article, _ in batch.coded]
    if len(set(ids)) != len(ids):
        found.append(Problem("batch", "an article id appears twice in the batch", stage="batch"))
    if batch.read < len(batch.coded):
        found.append(
            Problem("batch", f"read {batch.read} is fewer than its {len(ids)} articles", stage="batch")
        )
    for article, mentions in batch.coded:
        found.extend(
            Problem(article.id, reason, stage="batch") for m in mentions for reason in _wrong(article, m)
        )
    return found


def _wrong(article: Article, mention: Mention) -> list[str]:
    """Return what is wrong with one mention of an article (empty when it is what coding would give)."""
    missing = [name for name in _REQUIRED if getattr(mention, name) is None]
    if missing:
        return [f"mention {mention.id!r}: no {', '.join(missing)}"]
    if mention.article_id != article.id:
        return [f"mention {mention.id!r} belongs to article {mention.article_id!r}, not this one"]
    quoted = [
        ("sentence", mention.sentence, mention.sentence_start, mention.sentence_end),
        ("trigger", mention.trigger, mention.trigger_start, mention.trigger_end),
    ]
    for role, actor in (("source", mention.source), ("target", mention.target)):
        if actor is not None and actor.start is not None and actor.end is not None:
            quoted.append((f"{role} name", actor.name, actor.start, actor.end))
    problems = [
        f"mention {mention.id!r}: its {what} {text[:80]!r} is not the article's text at {start}-{end}"
        for what, text, start, end in quoted
        if not 0 <= start <= end <= len(article.text) or article.text[start:end] != text
    ]
    expected = mention_id_for(
        article.id,
        mention.sentence_start,
        mention.trigger_start,
        mention.cameo,
        mention.source.code if mention.source else "",
        mention.target.code if mention.target else "",
    )
    if mention.id != expected:
        problems.append(f"mention {mention.id!r}: its id is not that of its article, offsets and coding")
    return problems
