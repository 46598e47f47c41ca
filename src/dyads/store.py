"""The DuckDB store: articles, mentions, events, stories and problems in one file.

Only this module writes SQL, always with parameters. Each `write_batch` is one transaction:
an article already stored (same id, same text) is skipped with its mentions, a batch that would put
another text under a stored id is refused (`dyads.identity` gives such a text an id of its own first),
and a batch that fails (or a process killed mid-batch) leaves the store as it was before the batch.
`check` lists broken invariants (evidence that is not its article's text at its offsets, and others).
DuckDB allows one writer process, so a store held by another process raises `StoreError`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from dyads.coding.cameo import cameo_table
from dyads.dates import shifted
from dyads.dedupe import Link, Report, cluster, event_group, explain
from dyads.errors import StoreError
from dyads.identity import text_digest
from dyads.layout import from_row, table_columns, to_row
from dyads.model import Article, Mention, Problem
from dyads.records import (
    ActorRecord,
    ArticleRecord,
    EdgeRecord,
    EventRecord,
    MentionRecord,
    ProblemRecord,
    SeriesRecord,
    StoryRecord,
)
from dyads.stories import SPAN_DAYS, Story, StoryArticle, article_words, group_stories

__all__ = [
    "EVENT_SORTS",
    "IN_USE",
    "SCHEMA_VERSION",
    "BatchResult",
    "Store",
    "Violation",
    "mention_from_row",
    "mention_to_row",
    "table_schema",
]

SCHEMA_VERSION = 3

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
}


# Column names and types of each table; the first column is the primary key where there is one.
_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "meta": (("key", "VARCHAR"), ("value", "VARCHAR")),
    "articles": (
        ("id", "VARCHAR"),
        ("title", "VARCHAR"),
        ("published", "DATE"),
        ("source", "VARCHAR"),
        ("url", "VARCHAR"),
        ("path", "VARCHAR"),
        ("text", "VARCHAR"),
        ("ingested_at", "TIMESTAMP"),
        ("story_id", "VARCHAR"),
    ),
    # The columns of `Mention`'s fields (declared with them, see `dyads.layout`), then the store's own.
    "mentions": (
        *table_columns(Mention),
        ("event_group", "VARCHAR"),  # the block dedupe links within: country dyad and CAMEO root
    ),
    "events": (
        ("id", "VARCHAR"),
        ("mention_id", "VARCHAR"),  # the earliest mention: its record is the event's record
        ("date", "VARCHAR"),
        ("source", "VARCHAR"),
        ("target", "VARCHAR"),
        ("cameo", "VARCHAR"),
        ("goldstein", "DOUBLE"),
        ("quadclass", "INTEGER"),
        ("plover_type", "VARCHAR"),
        ("num_mentions", "INTEGER"),
        ("num_articles", "INTEGER"),
        ("num_sources", "INTEGER"),
        ("first_seen", "VARCHAR"),
        ("last_seen", "VARCHAR"),
        ("story_id", "VARCHAR"),
        ("confidence", "DOUBLE"),  # that at least one report is right, its outlets counted as independent
        ("status", "VARCHAR"),  # happened | announced | denied: what its reports, together, say of it
    ),
    "stories": (
        ("id", "VARCHAR"),
        ("title", "VARCHAR"),
        ("start", "VARCHAR"),
        ("end", "VARCHAR"),
        ("num_articles", "INTEGER"),
        ("num_events", "INTEGER"),
    ),
    "problems": (
        ("source", "VARCHAR"),
        ("line", "INTEGER"),
        ("stage", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("seen_at", "TIMESTAMP"),
    ),
}
_KEYED = ("meta", "articles", "mentions", "events", "stories")
_DATA_TABLES = ("articles", "mentions", "events", "stories", "problems")
_ORDER = {
    "articles": "published NULLS LAST, id",
    "mentions": "article_id, sentence_start, trigger_start, id",
    "events": "date NULLS LAST, id",
    "stories": '"start" NULLS LAST, id',
    "problems": "seen_at, source, line",
}
_ARTICLE_COLUMNS = ", ".join(f'"{name}"' for name, _ in _TABLES["articles"])
_MENTION_COLUMNS = ", ".join(f'm."{name}"' for name, _ in _TABLES["mentions"])
_FREQ = {"D": "day", "W": "week", "M": "month"}
_EXPORT_FORMATS = {"parquet": "FORMAT PARQUET", "csv": "FORMAT CSV, HEADER"}
_IN_USE = "store is in use by another process (DuckDB allows one writer at a time)"
IN_USE = _IN_USE  # the `StoreError.reason` of a store another process holds
_NOT_A_STORE = "not a dyads store"
# Meta key present while some stored articles are not grouped into stories: when the first of them was stored.
_STORIES_PENDING = "stories_pending_since"


# Schema upgrades: the method that lifts a store from each older version to the next.
_MIGRATIONS: dict[str, Callable[[Store], None]] = {
    "1": lambda store: store._migrate_from_1(),
    "2": lambda store: store._migrate_from_2(),
}


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one `write_batch` stored."""

    articles_added: int
    articles_skipped: int  # already stored (or repeated within the batch)
    mentions_added: int
    problems_added: int


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken store invariant (`Store.check`): which rule, the row it names, and what is wrong."""

    rule: str
    subject: str  # the id of the mention, event or article at fault
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.subject}: {self.detail}"


# Each invariant `Store.check` verifies: its name, and a query returning (id at fault, what is wrong).
# Each is one scan (or join) of the tables, so a check costs about as much as an export.
_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "mention-article",
        "SELECT m.id, 'its article ' || m.article_id || ' is not stored' FROM mentions m "
        "WHERE m.article_id NOT IN (SELECT id FROM articles) ORDER BY m.id",
    ),
    (
        "mention-evidence",
        # Offsets count characters, as Python's do; DuckDB's substring is 1-based.
        "SELECT m.id, 'its evidence is not the text of article ' || m.article_id || ' at '"
        " || m.sentence_start || '..' || m.sentence_end FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.sentence_start < 0 OR m.sentence_end > length(a.text) OR m.sentence_end < m.sentence_start "
        "OR substring(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) IS DISTINCT FROM m.sentence "
        "ORDER BY m.id",
    ),
    (
        "mention-trigger",
        "SELECT id, 'its trigger at ' || trigger_start || '..' || trigger_end || ' is outside its sentence' "
        "FROM mentions WHERE trigger_start < sentence_start OR trigger_end > sentence_end "
        "OR trigger_end < trigger_start ORDER BY id",
    ),
    (
        "mention-event",
        "SELECT id, 'its event ' || coalesce(event_id, '(none)') || ' is not stored' FROM mentions "
        "WHERE event_id IS NULL OR event_id NOT IN (SELECT id FROM events) ORDER BY id",
    ),
    (
        "event-mentions",
        "SELECT e.id, 'it counts ' || e.num_mentions || ' mentions, ' || count(m.id) || ' are stored' "
        "FROM events e LEFT JOIN mentions m ON m.event_id = e.id GROUP BY e.id, e.num_mentions "
        "HAVING count(m.id) = 0 OR count(m.id) <> e.num_mentions ORDER BY e.id",
    ),
    (
        "event-record",
        "SELECT e.id, 'its record mention ' || e.mention_id || ' is not one of its mentions' FROM events e "
        "WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.id = e.mention_id AND m.event_id = e.id) "
        "ORDER BY e.id",
    ),
    (
        "article-story",
        "SELECT id, 'its story ' || story_id || ' is not stored' FROM articles "
        "WHERE story_id IS NOT NULL AND story_id NOT IN (SELECT id FROM stories) ORDER BY id",
    ),
)


def _ddl(table: str) -> str:
    """Return the CREATE TABLE statement of one table (names and types are constants above)."""
    columns = [f'"{name}" {sql_type}' for name, sql_type in _TABLES[table]]
    if table in _KEYED:
        columns[0] += " PRIMARY KEY"
    return f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(columns)})"


def table_schema(table: str) -> pa.Schema:
    """Return the Arrow schema of a store table (articles, mentions, events, stories, problems)."""
    return pa.schema([(name, _ARROW_TYPES[sql_type]) for name, sql_type in _TABLES[table]])


def _arrow(table: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Return the rows as an Arrow table typed like the store table."""
    return pa.Table.from_pylist(list(rows), schema=table_schema(table))


def _open_reason(error: duckdb.Error) -> str:
    """Return the user-facing reason DuckDB could not open a file."""
    message = str(error)
    if "lock" in message.lower():
        return _IN_USE
    if "not a valid DuckDB database" in message:
        return f"{_NOT_A_STORE} (not a DuckDB database file)"
    return f"cannot open the store ({message})"


def _mention_row(mention: Mention, event_id: str | None) -> dict[str, Any]:
    """Return one mention as a `mentions` row, in the event `event_id`."""
    return to_row(mention) | {
        "event_id": event_id,
        "event_group": event_group(
            mention.source.code if mention.source else None,
            mention.target.code if mention.target else None,
            mention.cameo,
        ),
    }


def mention_to_row(mention: Mention) -> dict[str, Any]:
    """Return a mention as a `mentions` row with the event id it carries (the inverse of `mention_from_row`)."""
    return _mention_row(mention, mention.event_id)


def mention_from_row(row: Mapping[str, Any]) -> Mention:
    """Rebuild the Mention of a `mentions` row (Parquet shards round-trip through these two functions)."""
    return from_row(Mention, row)


def _record(row: Mapping[str, Any]) -> MentionRecord:
    """Rebuild the DESIGN.md mention record (`Mention.to_record()`) from a `mentions` row."""
    return mention_from_row(row).to_record()


def _event_ids(mentions: Sequence[Mention]) -> dict[str, str]:
    """Return each mention's event id: the one the dedupe stage gave it, else its own ("e" + mention id)."""
    return {mention.id: mention.event_id or "e" + mention.id[1:] for mention in mentions}


# Recompute events from every stored mention of the given ids: counts stay right when later batches
# bring more reports of an event already stored (incremental ingest).
_REFRESH_EVENTS = """
INSERT INTO events BY NAME
SELECT g.event_id AS id, f.id AS mention_id, f.date, f.source, f.target, k.cameo, k.goldstein, k.quadclass,
       k.plover_type, g.num_mentions, g.num_articles, g.num_sources, g.first_seen, g.last_seen,
       (SELECT story_id FROM articles WHERE id = f.article_id) AS story_id, c.confidence, g.status
FROM (
    SELECT m.event_id, count(*) AS num_mentions, count(DISTINCT m.article_id) AS num_articles,
           count(DISTINCT coalesce(a.source, '')) AS num_sources,
           min(CAST(a.published AS VARCHAR)) AS first_seen, max(CAST(a.published AS VARCHAR)) AS last_seen,
           -- What the reports together say: one that tells the act done outweighs announcements and denials.
           CASE WHEN bool_or(NOT m.negated AND m.modality = 'asserted') THEN 'happened'
                WHEN bool_or(NOT m.negated) THEN 'announced'
                ELSE 'denied' END AS status
    FROM mentions m JOIN articles a ON a.id = m.article_id
    WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))
    GROUP BY m.event_id
) g
JOIN (
    -- Each outlet's best report counts once (an outlet repeating itself is no confirmation):
    -- the event is right unless every outlet's report is wrong.
    SELECT event_id, round(1 - exp(sum(ln(1 - least(best, 0.99)))), 2) AS confidence
    FROM (
        SELECT m.event_id, coalesce(a.source, a.id) AS outlet, max(m.confidence) AS best
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY m.event_id, outlet
    ) GROUP BY event_id
) c ON c.event_id = g.event_id
JOIN (
    -- The most specific code the reports support: the deepest, then the most reported, among reports
    -- that do not deny the act (all of them when every one does).
    SELECT * FROM (
        SELECT event_id, cameo, goldstein, quadclass, plover_type, row_number() OVER (
            PARTITION BY event_id ORDER BY denied, length(cameo) DESC, reports DESC, cameo) AS rank
        FROM (
            SELECT m.event_id, m.cameo, bool_and(m.negated) AS denied, count(*) AS reports,
                   any_value(m.goldstein) AS goldstein, any_value(m.quadclass) AS quadclass,
                   any_value(m.plover_type) AS plover_type
            FROM mentions m WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY m.event_id, m.cameo
        )
    ) WHERE rank = 1
) k ON k.event_id = g.event_id
JOIN (
    SELECT * FROM (
        SELECT m.*, row_number() OVER (
            PARTITION BY m.event_id
            ORDER BY m.date_text IS NULL, m.date IS NULL, m.date, m.article_id, m.sentence_start, m.id) AS rank
        FROM mentions m WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))
    ) WHERE rank = 1
) f ON f.event_id = g.event_id
"""


def _root_name(root: str) -> str:
    """Return a CAMEO root's name in lower case ("16" → "reduce relations")."""
    code = cameo_table().get(root)
    return code.name.lower() if code else root


def _unique(items: Iterable[Any]) -> list[Any]:
    """Return the items with repeated ids dropped (the first one wins)."""
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _digests_of(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, str]:
    """Return the text digest of each of these article ids stored in the database of `con`."""
    rows = con.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(set(article_ids))]
    ).fetchall()
    return {article_id: text_digest(text) for article_id, text in rows}


def _date_filter(column: str, operator: str) -> str:
    """Return a WHERE clause comparing a partial ISO date column with a parameter on their common prefix."""
    return (
        f"{column} IS NOT NULL AND left({column}, least(length({column}), length(?))) "
        f"{operator} left(?, least(length({column}), length(?)))"
    )


def as_frame(rows: Sequence[Mapping[str, Any]], kind: str) -> Any:
    """Return records as they were ("records"), or as a pyarrow Table ("arrow"), pandas or polars frame."""
    if kind == "records":
        return rows
    table = pa.Table.from_pylist([dict(row) for row in rows])
    if kind == "arrow":
        return table
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        try:
            import polars
        except ImportError as e:
            raise StoreError("polars", "not installed: pip install polars") from e
        return polars.from_arrow(table)
    raise StoreError(kind, "unknown frame kind (want records, arrow, pandas or polars)")


def _event_filters(
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    actor: str | None = None,
    root: str | None = None,
    story: str | None = None,
    modality: str | None = None,
    min_confidence: float | None = None,
    text: str | None = None,
    dyad: tuple[str, str] | None = None,
    days: tuple[str, str] | None = None,
    place: str | None = None,
    edge: tuple[str, str] | None = None,
    cell: tuple[float, int, int] | None = None,
) -> tuple[list[str], list[Any]]:
    """Return WHERE conditions and parameters over `events e JOIN mentions m ON m.id = e.mention_id`."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if since is not None:
        where.append(_date_filter("e.date", ">="))
        params += [_iso(since)] * 3
    if until is not None:
        where.append(_date_filter("e.date", "<="))
        params += [_iso(until)] * 3
    if actor is not None:
        where.append("(starts_with(e.source, ?) OR starts_with(e.target, ?))")
        params += [actor, actor]
    if root is not None:
        where.append("left(e.cameo, 2) = ?")
        params.append(root)
    if story is not None:
        where.append("e.story_id = ?")
        params.append(story)
    if modality is not None:
        where.append("m.modality = ?")
        params.append(modality)
    if min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(min_confidence)
    if dyad is not None:
        # Either direction, by code prefix: the events a dyad's chart counts.
        where.append(
            "((starts_with(e.source, ?) AND starts_with(e.target, ?)) OR (starts_with(e.source, ?) AND starts_with(e.target, ?)))"
        )
        params += [dyad[0], dyad[1], dyad[1], dyad[0]]
    if days is not None:
        # Events dated to a day within these (a chart's period counts only those).
        where.append("length(e.date) = 10 AND e.date BETWEEN ? AND ?")
        params += [days[0], days[1]]
    if place is not None:
        where.append("m.place_name = ?")
        params.append(place)
    if edge is not None:
        # Exactly this source and this target: the events a network edge counts.
        where.append("e.source = ? AND e.target = ?")
        params += [edge[0], edge[1]]
    if cell is not None:
        # One cell of a map grid (size in degrees, row, column): the events a clustered point counts,
        # by the same arithmetic as `places(cell=)`, so a point and its list never disagree at an edge.
        where.append(f"{_CELL_ROW} = ? AND {_CELL_COLUMN} = ?")
        params += [cell[0], cell[1], cell[0], cell[2]]
    if text is not None:
        # Any report of the event whose evidence holds the words, case-insensitively, as written.
        where.append("e.id IN (SELECT event_id FROM mentions WHERE contains(lower(sentence), lower(?)))")
        params.append(text)
    return where, params


_CELL_ROW = "CAST(floor(m.lat / ?) AS BIGINT)"
_CELL_COLUMN = "CAST(floor(m.lon / ?) AS BIGINT)"

# How `events(sort=…)` may order: a leading "-" for descending; the event id breaks ties.
EVENT_SORTS = {
    "date": "e.date NULLS LAST",
    "-date": "e.date DESC NULLS LAST",
    "confidence": "e.confidence",
    "-confidence": "e.confidence DESC",
    "mentions": "e.num_mentions",
    "-mentions": "e.num_mentions DESC",
    "goldstein": "e.goldstein NULLS LAST",
    "-goldstein": "e.goldstein DESC NULLS LAST",
}


def _iso(value: dt.date | str) -> str:
    """Return a date or ISO date string as an ISO date string."""
    return value.isoformat() if isinstance(value, dt.date) else value


class Store:
    """A dyads store: one DuckDB file (or `:memory:`) holding articles, mentions, events and problems."""

    def __init__(self, path: str | Path, *, read_only: bool = False, threads: int | None = None) -> None:
        """Open (or create) the store; `threads` caps DuckDB's worker threads per query (default: one per core)."""
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._closed = False
        config: dict[str, str | bool | int | float | list[str]] = {"threads": threads} if threads else {}
        try:
            self._con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as e:
            raise StoreError(self.path, _open_reason(e)) from e
        try:
            self._ensure_schema()
        except BaseException:
            self._con.close()
            raise

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Return the store at `path`, created if absent."""
        return cls(path, read_only=read_only)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    def close(self) -> None:
        """Close the store (and release the file for other processes)."""
        self._closed = True
        self._con.close()

    def _check_open(self) -> None:
        """Raise `StoreError` if the store was closed."""
        if self._closed:
            raise StoreError(self.path, "store is closed")

    def _ensure_schema(self) -> None:
        """Create the tables of an empty database, or check the schema version of an existing store."""
        tables = {
            row[0]
            for row in self._con.execute(
                "SELECT table_name FROM duckdb_tables() "
                "WHERE database_name = current_database() AND schema_name = 'main'"
            ).fetchall()
        }
        if "meta" in tables:
            row = self._con.execute("SELECT value FROM meta WHERE key = ?", ["schema_version"]).fetchone()
            version = row[0] if row else None
            if version in _MIGRATIONS and not self.read_only:
                self._migrate(int(version))
            elif version in _MIGRATIONS:
                raise StoreError(
                    self.path,
                    f"store schema version {version} needs an upgrade to version {SCHEMA_VERSION}: "
                    "open it once for writing (e.g. `dyads info`)",
                )
            elif version != str(SCHEMA_VERSION):
                raise StoreError(
                    self.path,
                    f"store schema version {version} is not supported (dyads reads version {SCHEMA_VERSION})",
                )
            return
        if tables:
            raise StoreError(self.path, f"{_NOT_A_STORE} (a DuckDB database without a dyads meta table)")
        if self.read_only:
            raise StoreError(self.path, f"{_NOT_A_STORE} (an empty DuckDB database)")
        self._con.begin()
        for table in _TABLES:
            self._con.execute(_ddl(table))
        self._con.execute("INSERT INTO meta VALUES (?, ?)", ["schema_version", str(SCHEMA_VERSION)])
        self._con.commit()

    def _migrate(self, version: int) -> None:
        """Upgrade an older store to the current schema in one transaction (nothing stored is lost)."""
        with self._lock:
            self._con.begin()
            try:
                for step in range(version, SCHEMA_VERSION):
                    _MIGRATIONS[str(step)](self)
                self._con.execute(
                    "UPDATE meta SET value = ? WHERE key = ?", [str(SCHEMA_VERSION), "schema_version"]
                )
                self._con.commit()
            except duckdb.Error as e:
                self._con.rollback()
                raise StoreError(
                    self.path, f"upgrade from schema version {version} failed, store unchanged ({e})"
                ) from e

    def _migrate_from_1(self) -> None:
        """Version 1 → 2: mentions get their dedupe group and are clustered by date windows; articles a story."""
        self._con.execute("ALTER TABLE mentions ADD COLUMN event_group VARCHAR")
        self._con.execute("ALTER TABLE articles ADD COLUMN story_id VARCHAR")
        self._con.execute("ALTER TABLE events ADD COLUMN confidence DOUBLE")
        self._con.execute("ALTER TABLE events ADD COLUMN status VARCHAR")
        groups = [
            {
                "id": mention_id,
                "event_group": event_group(source, target, cameo),
            }
            for mention_id, source, target, cameo in self._con.execute(
                "SELECT id, source, target, cameo FROM mentions"
            ).fetchall()
        ]
        self._update_column("mentions", "event_group", groups)
        # Version 1 kept an article's story only on its events.
        self._con.execute(
            "UPDATE articles SET story_id = s.story_id FROM ("
            "SELECT m.article_id, min(e.story_id) AS story_id FROM events e JOIN mentions m ON m.id = e.mention_id "
            "WHERE e.story_id IS NOT NULL GROUP BY m.article_id) s WHERE s.article_id = articles.id"
        )
        self._recluster(sorted({row["event_group"] for row in groups}))
        self._con.execute("DELETE FROM events")
        ids = [row[0] for row in self._con.execute("SELECT DISTINCT event_id FROM mentions").fetchall()]
        self._refresh_events(ids)

    def _migrate_from_2(self) -> None:
        """Version 2 → 3: blocks lose the standing (modality is the mention's), the linker reclusters, events get a status."""
        if "status" not in {row[0] for row in self._con.execute("DESCRIBE events").fetchall()}:
            self._con.execute("ALTER TABLE events ADD COLUMN status VARCHAR")
        groups = [
            {"id": mention_id, "event_group": event_group(source, target, cameo)}
            for mention_id, source, target, cameo in self._con.execute(
                "SELECT id, source, target, cameo FROM mentions"
            ).fetchall()
        ]
        self._update_column("mentions", "event_group", groups)
        self._recluster(sorted({row["event_group"] for row in groups}))
        self._con.execute("DELETE FROM events")
        ids = [row[0] for row in self._con.execute("SELECT DISTINCT event_id FROM mentions").fetchall()]
        self._refresh_events(ids)

    def write_batch(
        self,
        articles: Sequence[Article],
        mentions: Sequence[Mention],
        problems: Sequence[Problem] = (),
    ) -> BatchResult:
        """Store a batch in one transaction and return what was added; raises `StoreError` and rolls back on failure."""
        self._check_open()
        with self._lock:
            self._con.begin()
            try:
                result = self._write(articles, mentions, problems)
                self._con.commit()
            except (duckdb.Error, pa.ArrowException, OverflowError) as e:
                self._con.rollback()
                raise StoreError(self.path, f"batch not written, store unchanged ({e})") from e
            except BaseException:
                self._con.rollback()
                raise
        return result

    def _write(
        self, articles: Sequence[Article], mentions: Sequence[Mention], problems: Sequence[Problem]
    ) -> BatchResult:
        """Insert the batch inside the open transaction and return what was added."""
        batch = _unique(articles)
        self._refuse_mixed_texts(articles)
        stored = self._stored_ids(
            "articles", {article.id for article in batch} | {mention.article_id for mention in mentions}
        )
        new = {article.id: article for article in batch if article.id not in stored}
        kept = [mention for mention in _unique(mentions) if mention.article_id not in stored]
        unknown = sorted({mention.article_id for mention in kept if mention.article_id not in new})
        if unknown:
            raise StoreError(
                self.path,
                f"batch not written: mentions refer to articles not in the batch nor stored: {unknown}",
            )
        event_of = _event_ids(kept)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self._insert("articles", [article.to_row() | {"ingested_at": now} for article in new.values()])
        if new:
            # Committed with the articles, kept by later batches, cleared when stories are grouped: a run
            # killed before grouping leaves it, and the next run groups every article stored since.
            self._con.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", [_STORIES_PENDING, now.isoformat()])
        rows = [_mention_row(mention, event_of[mention.id]) for mention in kept]
        self._insert("mentions", rows)
        touched = self._recluster(sorted({row["event_group"] for row in rows}))
        self._refresh_events(sorted(set(event_of.values()) | touched))
        self._insert(
            "problems",
            [
                {
                    "source": problem.source,
                    "line": problem.line,
                    "stage": problem.stage,
                    "reason": problem.reason,
                    "seen_at": now,
                }
                for problem in problems
            ],
        )
        return BatchResult(
            articles_added=len(new),
            articles_skipped=len(articles) - len(new),
            mentions_added=len(kept),
            problems_added=len(problems),
        )

    def _refuse_mixed_texts(self, articles: Sequence[Article]) -> None:
        """Raise `StoreError` when two texts would share one article id (its mentions would quote the wrong text)."""
        texts: dict[str, str] = {}
        for article in articles:
            if texts.setdefault(article.id, article.text) != article.text:
                raise StoreError(
                    self.path, f"batch not written: two different texts under article id {article.id!r}"
                )
        held = self._digests([article.id for article in articles])
        clashing = sorted(i for i, digest in held.items() if digest != text_digest(texts[i]))
        if clashing:
            raise StoreError(
                self.path, f"batch not written: stored articles have other texts under the ids {clashing}"
            )

    def _digests(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Return the text digest of each of these ids that is stored (inside the open transaction)."""
        return _digests_of(self._con, article_ids)

    def article_digests(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Return the text digest (`identity.text_digest`) of each of these ids that is stored."""
        self._check_open()
        with self._con.cursor() as cursor:
            return _digests_of(cursor, article_ids)

    def _recluster(self, groups: Sequence[str]) -> set[str]:
        """Re-cluster every stored mention of these groups; return the event ids that gained or lost one.

        A new report can link reports stored earlier, or come before them, so the blocks a batch touches
        are clustered again as a whole (see `dyads.dedupe`); other blocks are left alone.
        """
        if not groups:
            return set()
        by_group, old = self._reports(groups)
        changed = [
            {"id": mention_id, "event_id": event_id}
            for mention_id, event_id in cluster(by_group).items()
            if old[mention_id] != event_id
        ]
        self._update_column("mentions", "event_id", changed)
        return {old[row["id"]] for row in changed} | {row["event_id"] for row in changed}

    def _reports(self, groups: Sequence[str]) -> tuple[dict[str, list[Report]], dict[str, str]]:
        """Return the stored reports of these blocks, by block, and each one's current event id."""
        rows = self._con.execute(
            "SELECT m.id, m.article_id, m.event_id, m.event_group, m.date, m.date_precision, "
            "m.date_text IS NOT NULL, "
            "CASE WHEN m.place_feature IS DISTINCT FROM 'source-country' THEN m.place_country END, "
            "CASE WHEN m.place_feature IS DISTINCT FROM 'source-country' THEN m.place_name END, "
            "m.cameo, m.trigger, m.sentence, m.modality, m.negated, m.source, m.target, a.source, "
            "CASE WHEN m.place_feature IS DISTINCT FROM 'source-country' THEN m.place_feature END "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.event_group IN (SELECT unnest(?::VARCHAR[]))",
            [list(groups)],
        ).fetchall()
        by_group: dict[str, list[Report]] = {}
        old: dict[str, str] = {}
        for mention_id, article_id, event_id, group, *rest in rows:
            by_group.setdefault(group, []).append(Report(mention_id, article_id, *rest))
            old[mention_id] = event_id
        return by_group, old

    def events_at(self, places: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """Return the event of the mention at each (article id, trigger offset), where one is (the first by id)."""
        rows = self._query(
            "SELECT article_id, trigger_start, min_by(event_id, id) AS event_id FROM mentions "
            "WHERE {'a': article_id, 't': trigger_start} IN (SELECT unnest(?::STRUCT(a VARCHAR, t INTEGER)[])) "
            "GROUP BY article_id, trigger_start",
            [[{"a": a, "t": t} for a, t in places]],
        )
        return {(row["article_id"], row["trigger_start"]): row["event_id"] for row in rows}

    def event_links(self, event_id: str) -> tuple[str, list[Link]] | None:
        """Return an event's block and how each of its reports joined it, in the order of `mentions(event_id=)`."""
        self._check_open()
        with self._lock:
            ids = [
                row[0]
                for row in self._con.execute(
                    "SELECT m.id FROM mentions m WHERE m.event_id = ? "
                    "ORDER BY m.article_id, m.sentence_start, m.trigger_start, m.id",
                    [event_id],
                ).fetchall()
            ]
            if not ids:
                return None
            row = self._con.execute("SELECT event_group FROM mentions WHERE id = ?", [ids[0]]).fetchone()
            if row is None:
                return None
            (group,) = row
            by_group, _ = self._reports([group])
        links = explain(group, by_group.get(group, []))
        return group, [links[i] for i in ids]

    def _update_column(self, table: str, column: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Set one column of a keyed table from {"id", column} records, through Arrow (not row by row)."""
        if not rows:
            return
        view = f"_dyads_update_{table}_{column}"  # names are this module's constants, never input
        self._con.register(view, pa.Table.from_pylist(list(rows)))
        try:
            self._con.execute(
                f'UPDATE {table} SET "{column}" = u."{column}" FROM {view} u WHERE {table}.id = u.id'
            )
        finally:
            self._con.unregister(view)

    def _refresh_events(self, event_ids: Sequence[str]) -> None:
        """Rebuild the `events` rows of these ids from all their stored mentions (inside the open transaction)."""
        if not event_ids:
            return
        self._con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(event_ids)])
        self._con.execute(_REFRESH_EVENTS, [list(event_ids)] * 4)

    def _stored_ids(self, table: str, ids: Iterable[str]) -> set[str]:
        """Return which of the ids are already stored in a keyed table."""
        rows = self._con.execute(
            f"SELECT id FROM {table} WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(ids)]
        ).fetchall()
        return {row[0] for row in rows}

    def _insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Bulk-insert rows into a table through Arrow."""
        if not rows:
            return
        view = f"_dyads_batch_{table}"
        self._con.register(view, _arrow(table, rows))
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
        finally:
            self._con.unregister(view)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Return the rows of a read query as dicts (on a cursor of its own, so reads may come from threads).

        Typed as `list[Any]` so that each public method states the record type its query yields.
        """
        self._check_open()
        try:
            with self._con.cursor() as cursor:
                cursor.execute(sql, list(params))
                names = [column[0] for column in cursor.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.Error as e:
            raise StoreError(self.path, f"query failed ({e})") from e

    def has_article(self, article_id: str) -> bool:
        """Return whether an article with this id is stored."""
        return bool(self._query("SELECT 1 AS found FROM articles WHERE id = ?", [article_id]))

    def stored_article_ids(self, article_ids: Iterable[str]) -> set[str]:
        """Return which of these article ids are stored (one primary-key lookup for the lot)."""
        self._check_open()
        with self._con.cursor() as cursor:
            rows = cursor.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(article_ids)]
            ).fetchall()
        return {row[0] for row in rows}

    def articles(self, limit: int | None = None) -> list[ArticleRecord]:
        """Return stored articles (`Article.to_row()` plus `ingested_at`), by publication date."""
        return self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY {_ORDER['articles']} LIMIT ?", [limit]
        )

    def mentions(
        self, *, event_id: str | None = None, article_id: str | None = None, limit: int | None = None
    ) -> list[MentionRecord]:
        """Return mention records (the keys of `Mention.to_record()`), by article and place in text."""
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        if event_id is not None:
            where.append("m.event_id = ?")
            params.append(event_id)
        if article_id is not None:
            where.append("m.article_id = ?")
            params.append(article_id)
        rows = self._query(
            f"SELECT {_MENTION_COLUMNS} FROM mentions m WHERE {' AND '.join(where)} "
            "ORDER BY m.article_id, m.sentence_start, m.trigger_start, m.id LIMIT ?",
            [*params, limit],
        )
        return [_record(row) for row in rows]

    def events(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        actor: str | None = None,
        root: str | None = None,
        story: str | None = None,
        modality: str | None = None,
        min_confidence: float | None = None,
        text: str | None = None,
        dyad: tuple[str, str] | None = None,
        days: tuple[str, str] | None = None,
        place: str | None = None,
        edge: tuple[str, str] | None = None,
        cell: tuple[float, int, int] | None = None,
        sort: str = "date",
    ) -> list[EventRecord]:
        """Return event records: the record of each event's earliest mention plus its id and counts.

        `since`/`until` compare ISO dates on their common prefix (a "2004-03" event is within
        since="2004-03-15"); `actor` matches source or target codes by prefix ("CHN" → "CHNGOV");
        `root` is a two-digit CAMEO root ("11"); `modality` filters on the event's first report and
        `min_confidence` on the event's confidence, which counts each outlet's best report once;
        `text` keeps events one of whose reports' evidence contains it; `edge` is an exact (source,
        target) pair and `cell` a map grid cell (size, row, column) of `places`; `sort` is a key of
        EVENT_SORTS.
        """
        if sort not in EVENT_SORTS:
            raise StoreError(self.path, f"unknown sort {sort!r} (known: {', '.join(EVENT_SORTS)})")
        where, params = _event_filters(
            since=since,
            until=until,
            actor=actor,
            root=root,
            story=story,
            modality=modality,
            min_confidence=min_confidence,
            text=text,
            dyad=dyad,
            days=days,
            place=place,
            edge=edge,
            cell=cell,
        )
        rows = self._query(
            f"SELECT {_MENTION_COLUMNS}, e.id AS event_key, e.num_mentions, e.num_articles, e.num_sources, "
            "e.first_seen, e.last_seen, e.story_id, e.confidence AS event_confidence, e.status, "
            "e.cameo AS event_cameo, e.goldstein AS event_goldstein, e.quadclass AS event_quadclass, "
            "e.plover_type AS event_plover_type "
            f"FROM events e JOIN mentions m ON m.id = e.mention_id WHERE {' AND '.join(where)} "
            f"ORDER BY {EVENT_SORTS[sort]}, e.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [
            _record(row)
            | {
                "event_id": row["event_key"],
                "num_mentions": row["num_mentions"],
                "num_articles": row["num_articles"],
                "num_sources": row["num_sources"],
                "first_seen": row["first_seen"],
                "last_seen": row["last_seen"],
                "story_id": row["story_id"],
                "confidence": row["event_confidence"],
                "status": row["status"],
                # The most specific code its reports support, not only its first report's.
                "cameo": row["event_cameo"],
                "goldstein": row["event_goldstein"],
                "quadclass": row["event_quadclass"],
                "plover_type": row["event_plover_type"],
            }
            for row in rows
        ]

    def count_events(self, **filters: Any) -> int:
        """Return how many events the filters of `events` keep."""
        where, params = _event_filters(**filters)
        rows = self._query(
            f"SELECT count(*) AS n FROM events e JOIN mentions m ON m.id = e.mention_id WHERE {' AND '.join(where)}",
            params,
        )
        return int(rows[0]["n"])

    def count_stories(self) -> int:
        """Return how many stories are stored."""
        return int(self._query("SELECT count(*) AS n FROM stories")[0]["n"])

    def problems(self, limit: int | None = None) -> list[ProblemRecord]:
        """Return stored problems (source, line, stage, reason, seen_at), oldest first."""
        return self._query(
            f"SELECT source, line, stage, reason, seen_at FROM problems ORDER BY {_ORDER['problems']} LIMIT ?",
            [limit],
        )

    def check(self) -> list[Violation]:
        """Return every broken invariant of the stored tables (none for a sound store); see `_CHECKS`."""
        found: list[Violation] = []
        for rule, sql in _CHECKS:
            found.extend(Violation(rule, str(subject), detail) for subject, detail in self._rows(sql))
        return found

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Return the rows of a read query as tuples."""
        self._check_open()
        try:
            with self._con.cursor() as cursor:
                return cursor.execute(sql).fetchall()
        except duckdb.Error as e:
            raise StoreError(self.path, f"query failed ({e})") from e

    def counts(self) -> dict[str, int]:
        """Return the number of rows in each data table."""
        return {table: self._query(f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in _DATA_TABLES}

    def dyad_series(
        self, source: str, target: str, *, freq: str = "W", both: bool = False, **filters: Any
    ) -> list[SeriesRecord]:
        """Return event counts and mean Goldstein per period for a dyad, split by QuadClass.

        `source`/`target` match code prefixes ("CHN" matches "CHNGOV"); `freq` is D, W or M; `both`
        counts events in either direction; other keywords are the filters of `events`. Only events
        dated to the day are placed in a period.
        """
        unit = _FREQ.get(freq.upper())
        if unit is None:
            raise StoreError(self.path, f"unknown frequency {freq!r} (want D, W or M)")
        where, params = _event_filters(**filters)
        direction = "(starts_with(e.source, ?) AND starts_with(e.target, ?))"
        params += [source, target]
        if both:
            direction = f"({direction} OR (starts_with(e.source, ?) AND starts_with(e.target, ?)))"
            params += [target, source]
        counted = (
            f"SELECT CAST(date_trunc('{unit}', CAST(e.date AS DATE)) AS DATE) AS period, count(*) AS events, "
            "avg(e.goldstein) AS goldstein, "
            + ", ".join(f"count(*) FILTER (WHERE e.quadclass = {q}) AS quad{q}" for q in (1, 2, 3, 4))
            + " FROM events e JOIN mentions m ON m.id = e.mention_id "
            f"WHERE length(e.date) = 10 AND {' AND '.join(where)} AND {direction} GROUP BY period"
        )
        # Every period from the first to the last, the empty ones with zero events: a real time axis.
        return self._query(
            f"WITH counted AS ({counted}), periods AS ("
            f"SELECT CAST(unnest(generate_series(min(period), max(period), INTERVAL 1 {unit})) AS DATE) AS period "
            "FROM counted) "
            "SELECT p.period, coalesce(c.events, 0) AS events, c.goldstein, "
            + ", ".join(f"coalesce(c.quad{q}, 0) AS quad{q}" for q in (1, 2, 3, 4))
            + " FROM periods p LEFT JOIN counted c USING (period) ORDER BY p.period",
            params,
        )

    def network(self, *, limit: int = 500, **filters: Any) -> list[EdgeRecord]:
        """Return actor-to-actor edges: event counts, mean Goldstein and conflict share, largest first.

        Keywords are the filters of `events`.
        """
        where, params = _event_filters(**filters)
        return self._query(
            "SELECT e.source, e.target, count(*) AS events, sum(e.num_mentions) AS mentions, "
            "avg(e.goldstein) AS goldstein, avg(CASE WHEN e.quadclass >= 3 THEN 1.0 ELSE 0.0 END) AS conflict "
            "FROM events e JOIN mentions m ON m.id = e.mention_id "
            f"WHERE e.source IS NOT NULL AND e.target IS NOT NULL AND {' AND '.join(where)} "
            "GROUP BY e.source, e.target ORDER BY events DESC, e.source, e.target LIMIT ?",
            [*params, limit],
        )

    def places(self, *, limit: int = 5000, cell: float | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Return the places of located events with their event counts and conflict share, most events first.

        Keywords are the filters of `events`; an event's place is that of its first report. With `cell`
        (degrees), places are clustered on a grid of that size: each row is a cell, at the events'
        mean position, named by its busiest place, with its `row`, `column` and number of `places`.
        """
        where, params = _event_filters(**filters)
        by_place = (
            "SELECT m.place_name AS name, m.place_country AS country, m.lat, m.lon, count(*) AS events, "
            "sum(CASE WHEN e.quadclass >= 3 THEN 1.0 ELSE 0.0 END) AS conflicts "
            "FROM events e JOIN mentions m ON m.id = e.mention_id "
            f"WHERE m.lat IS NOT NULL AND m.lon IS NOT NULL AND {' AND '.join(where)} "
            "GROUP BY m.place_name, m.place_country, m.lat, m.lon"
        )
        if cell is None:
            return self._query(
                f"SELECT name, country, lat, lon, events, conflicts / events AS conflict FROM ({by_place}) "
                "ORDER BY events DESC, name LIMIT ?",
                [*params, limit],
            )
        grid = f"{_CELL_ROW} AS cell_row, {_CELL_COLUMN} AS cell_column".replace("m.", "")
        return self._query(
            'SELECT cell_row AS row, cell_column AS "column", arg_max(name, events) AS name, '
            "arg_max(country, events) AS country, count(*) AS places, sum(events) AS events, sum(events * lat) / sum(events) AS lat, "
            "sum(events * lon) / sum(events) AS lon, sum(conflicts) / sum(events) AS conflict "
            f"FROM (SELECT *, {grid} FROM ({by_place})) GROUP BY cell_row, cell_column "
            "ORDER BY events DESC, name LIMIT ?",
            [cell, cell, *params, limit],
        )

    def article(self, article_id: str) -> ArticleRecord | None:
        """Return one stored article (`Article.to_row()` plus `ingested_at`), or None."""
        rows = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id])
        return rows[0] if rows else None

    def actors(self, *, limit: int = 500) -> list[ActorRecord]:
        """Return actor codes with how often they act and are acted on, most frequent first."""
        return self._query(
            "SELECT code, sum(as_source) AS as_source, sum(as_target) AS as_target FROM ("
            "SELECT source AS code, 1 AS as_source, 0 AS as_target FROM events WHERE source IS NOT NULL "
            "UNION ALL SELECT target, 0, 1 FROM events WHERE target IS NOT NULL) "
            "GROUP BY code ORDER BY sum(as_source) + sum(as_target) DESC, code LIMIT ?",
            [limit],
        )

    def story_inputs(self, article_ids: Sequence[str] | None = None) -> list[StoryArticle]:
        """Return what story grouping needs of the given stored articles (default: all)."""
        self._check_open()
        where, params = "", []
        if article_ids is not None:
            where, params = " AND article_id IN (SELECT unnest(?::VARCHAR[]))", [list(article_ids)]
        events: dict[str, list[str]] = {}
        countries: dict[str, set[str]] = {}
        for row in self._query(
            "SELECT article_id, left(source, 3) AS a, left(coalesce(target, ''), 3) AS b, left(cameo, 2) AS root, "
            "source_country, target_country "
            f"FROM mentions WHERE source IS NOT NULL{where} ORDER BY article_id, sentence_start, trigger_start",
            params,
        ):
            countries.setdefault(row["article_id"], set()).update(
                c for c in (row["source_country"], row["target_country"]) if c
            )
            events.setdefault(row["article_id"], []).append(
                f"{row['a']}–{row['b'] or '…'}: {_root_name(row['root'])}"
            )
        where = "" if article_ids is None else " WHERE id IN (SELECT unnest(?::VARCHAR[]))"
        found: list[StoryArticle] = []
        with self._con.cursor() as cursor:
            cursor.execute(f"SELECT id, title, published, text FROM articles{where} ORDER BY id", params)
            # In chunks, keeping only each text's opening words: a large store's texts never sit in memory at once.
            while rows := cursor.fetchmany(1000):
                found.extend(
                    StoryArticle(
                        id,
                        title,
                        published,
                        article_words(title, text),
                        frozenset(countries.get(id, ())),
                        tuple(events.get(id, ())),
                    )
                    for id, title, published, text in rows
                )
        return found

    def update_stories(
        self,
        article_ids: Sequence[str],
        *,
        group: Callable[[list[StoryArticle]], Sequence[Story]] | None = None,
    ) -> None:
        """Group newly stored articles into stories, regrouping only the stories near them in time.

        `group` does the grouping (default: `group_stories` here); a server passes one that runs it in
        another process, so that its readers keep the interpreter.
        """
        self._check_open()
        fresh = self.story_inputs(article_ids)
        if not fresh:
            self._replace_stories([], removed=[])  # nothing to group; the articles are no longer pending
            return
        days = [a.published for a in fresh if a.published is not None]
        undated = any(a.published is None for a in fresh)
        # Stored articles a fresh one could join or come before (within a story's span of it), and the
        # whole stories they belong to: those are regrouped together with the fresh articles.
        near = self._query(
            "SELECT id FROM articles WHERE (? AND published IS NULL) OR published BETWEEN ? AND ?",
            [
                undated,
                shifted(min(days), -SPAN_DAYS) if days else dt.date.max,
                shifted(max(days), SPAN_DAYS) if days else dt.date.min,
            ],
        )
        known = {
            row["id"]: row["story_id"]
            for row in self._query(
                "SELECT id, story_id FROM articles WHERE story_id IN ("
                "SELECT story_id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])))",
                [[row["id"] for row in near]],
            )
        }
        fresh_ids = {a.id for a in fresh}
        others = self.story_inputs(sorted(({row["id"] for row in near} | set(known)) - fresh_ids))
        stories = (group or group_stories)([*fresh, *others])
        self._replace_stories(stories, removed=sorted(set(known.values())))

    def rebuild_stories(self) -> None:
        """Regroup every stored article into stories (after a migration, or to apply new settings)."""
        self._replace_stories(group_stories(self.story_inputs()), removed=None)

    def pending_story_ids(self) -> list[str]:
        """Return the articles stored since stories were last grouped (by this run, or one killed before it)."""
        rows = self._query(
            "SELECT id FROM articles WHERE ingested_at >= (SELECT CAST(value AS TIMESTAMP) FROM meta WHERE key = ?) "
            "ORDER BY id",
            [_STORIES_PENDING],
        )
        return [row["id"] for row in rows]

    def write_stories(self, stories: Sequence[Story]) -> None:
        """Replace all stories with these (and the story of each article and event), in one transaction."""
        self._replace_stories(stories, removed=None)

    def _replace_stories(self, stories: Sequence[Story], *, removed: Sequence[str] | None) -> None:
        """Delete the `removed` stories (None: all) and store these, in one transaction."""
        self._check_open()
        membership = [{"id": a, "story_id": story.id} for story in stories for a in story.article_ids]
        story_ids = [story.id for story in stories]
        with self._lock:
            self._con.begin()
            try:
                self._con.execute("DELETE FROM meta WHERE key = ?", [_STORIES_PENDING])
                if removed is None:
                    self._con.execute("DELETE FROM stories")
                    self._con.execute("UPDATE articles SET story_id = NULL WHERE story_id IS NOT NULL")
                else:
                    gone = sorted(set(removed) | set(story_ids))
                    self._con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?::VARCHAR[]))", [gone])
                self._insert(
                    "stories",
                    [
                        {
                            "id": s.id,
                            "title": s.title,
                            "start": s.start,
                            "end": s.end,
                            "num_articles": len(s.article_ids),
                            "num_events": 0,
                        }
                        for s in stories
                    ],
                )
                self._update_column("articles", "story_id", membership)
                self._sync_event_stories()
                self._con.execute(
                    "UPDATE stories SET num_events = (SELECT count(*) FROM events e WHERE e.story_id = stories.id) "
                    "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                    [story_ids],
                )
                self._con.commit()
            except (duckdb.Error, pa.ArrowException) as e:
                self._con.rollback()
                raise StoreError(self.path, f"stories not written, store unchanged ({e})") from e

    def _sync_event_stories(self) -> None:
        """Set each event's story to that of the article its record comes from."""
        self._con.execute(
            "UPDATE events SET story_id = a.story_id FROM mentions m, articles a "
            "WHERE m.id = events.mention_id AND a.id = m.article_id "
            "AND events.story_id IS DISTINCT FROM a.story_id"
        )

    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[StoryRecord]:
        """Return stored stories (id, title, start, end, num_articles, num_events), earliest first."""
        return self._query(
            f'SELECT id, title, start, "end", num_articles, num_events FROM stories ORDER BY {_ORDER["stories"]} '
            "LIMIT ? OFFSET ?",
            [limit, offset],
        )

    def story(self, story_id: str) -> StoryRecord | None:
        """Return one stored story, or None."""
        rows = self._query(
            'SELECT id, title, start, "end", num_articles, num_events FROM stories WHERE id = ?', [story_id]
        )
        return rows[0] if rows else None

    def export_parquet(self, directory: str | Path) -> list[Path]:
        """Write one Parquet file per data table into `directory` and return their paths."""
        return self.export_tables(directory, fmt="parquet")

    def export_tables(self, directory: str | Path, *, fmt: str = "parquet") -> list[Path]:
        """Write one file per data table (`parquet` or `csv` with a header) into `directory`; return the paths."""
        self._check_open()
        if fmt not in _EXPORT_FORMATS:
            raise StoreError(
                str(directory), f"unknown export format {fmt!r} (want {', '.join(_EXPORT_FORMATS)})"
            )
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        paths = []
        with self._con.cursor() as cursor:
            for table in _DATA_TABLES:
                path = target / f"{table}.{fmt}"
                try:
                    cursor.execute(
                        f"COPY (SELECT * FROM {table} ORDER BY {_ORDER[table]}) TO ? ({_EXPORT_FORMATS[fmt]})",
                        [str(path)],
                    )
                except duckdb.Error as e:
                    raise StoreError(str(path), f"cannot export table {table} ({e})") from e
                paths.append(path)
        return paths
