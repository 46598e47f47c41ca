"""The Ray engine of `dyads ingest`: read inputs as Ray Data blocks, code them in actors, shard, load.

Each stage runs the function the local engine runs; only where it runs changes:

    plan   driver       list the files in the order a local run reads them         ingest._walk
    read   Ray tasks    a file → Articles and Problems                             ingest._read_file, read_data
    code   Ray actors   Articles → Mentions, one Coder (spaCy, KB, lexicon) each   Coder.code_articles
    shard  Ray tasks    coded rows → Parquet (mentions as `mentions` table rows)   store.mention_to_row
    load   driver       shards → store batches; events and stories built there    pipeline.store_coded

A row of the Parquet shards is one input item (an article or a problem) with its mentions nested, keyed by
(file, item): the load sorts on that key, so the store gets what a sequential run would have written,
whatever order the workers finished in. An actor that dies is restarted and its batch retried
(Ray Data's actor-pool defaults), so a killed worker costs time, not data.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs

from dyads.errors import InputError, StoreError
from dyads.ingest import (
    _KINDS_BY_SUFFIX,
    _SINGLE_ARTICLE_KINDS,
    DEFAULT_MAX_BYTES,
    STDIN,
    _FileIds,
    _os_reason,
    _read_file,
    _too_large,
    _walk,
    fitted,
    read_data,
)
from dyads.ingest.jsonl import iter_jsonl
from dyads.ingest.parquet import iter_parquet
from dyads.model import Article, Mention, Problem
from dyads.pipeline import CodedBatch, Coder, CoderSpec, IngestSummary, store_coded
from dyads.store import Store, mention_from_row, mention_to_row, table_schema

__all__ = [
    "ITEM_SCHEMA",
    "ShardRun",
    "code_block",
    "code_to_shards",
    "ingest_with_ray",
    "load_shards",
    "plan_inputs",
    "read_files",
]

_ARTICLE_FIELDS = ("id", "title", "published", "source", "url", "path", "text")
# One input item per row: its place in the run, an article or a problem, and (once coded) its mentions.
ITEM_SCHEMA = pa.schema(
    [
        ("file", pa.int64()),
        ("item", pa.int64()),
        ("kind", pa.string()),
        *(table_schema("articles").field(name) for name in _ARTICLE_FIELDS),
        ("problem_source", pa.string()),
        ("problem_line", pa.int32()),
        ("problem_stage", pa.string()),
        ("problem_reason", pa.string()),
        ("mentions", pa.list_(pa.struct(list(table_schema("mentions"))))),
    ]
)


def _is_uri(path: str) -> bool:
    """Return whether an input names object storage or another filesystem (s3://, gs://, file://…)."""
    return "://" in path


def _hidden(relative: str) -> bool:
    """Return whether any part of a path below a listed directory is hidden (as `_walk` skips them)."""
    return any(part.startswith(".") for part in relative.split("/"))


def _list_uri(uri: str) -> list[str | Problem]:
    """Return the files of a URI (a file, or a directory listed recursively and sorted)."""
    try:
        filesystem, root = pafs.FileSystem.from_uri(uri)
        info = filesystem.get_file_info(root)
        if info.type == pafs.FileType.NotFound:
            return [Problem(source=uri, reason="no such file or directory")]
        if info.type != pafs.FileType.Directory:
            return [uri]
        infos = filesystem.get_file_info(pafs.FileSelector(root, recursive=True))
    except (OSError, pa.ArrowException) as e:
        return [Problem(source=uri, reason=f"cannot list ({e})")]
    scheme = uri.split("://", 1)[0]
    base = root.rstrip("/")
    found = [
        f"{scheme}://{item.path}"
        for item in infos
        if item.type == pafs.FileType.File and not _hidden(item.path[len(base) :].lstrip("/"))
    ]
    return list(sorted(found))


def plan_inputs(paths: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """Return the files a run reads, in the order a local run reads them, and the inputs that are missing."""
    files: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        if given == STDIN:
            raise InputError(STDIN, "the Ray engine reads files, not standard input")
        if _is_uri(given):
            for entry in _list_uri(given):
                (problems if isinstance(entry, Problem) else files).append(entry)  # type: ignore[arg-type]
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
            path.stat()
        except OSError as e:
            problems.append(Problem(source=given, reason=_os_reason(e)))
            continue
        for item in _walk(path) if is_dir else [path]:
            if isinstance(item, Problem):
                problems.append(item)
            else:
                files.append(str(item))
    return files, problems


def _first_of_name(files: Sequence[str]) -> dict[str, Path]:
    """Return, per file name, the file that keeps the bare name as its article id (see `_FileIds`)."""
    first: dict[str, Path] = {}
    for name in files:
        kind = _KINDS_BY_SUFFIX.get(Path(name).suffix.lower())
        # Files of other kinds never take an id; a suffix-less file might (if it sniffs as text or HTML).
        if kind is None or kind in _SINGLE_ARTICLE_KINDS:
            path = Path(name)
            first.setdefault(path.name, path.resolve())
    return first


def _read_uri(uri: str, *, ids: _FileIds, max_bytes: int) -> Iterator[Article | Problem]:
    """Yield the Articles and Problems of one file in object storage (s3://, gs://, file://…)."""
    try:
        filesystem, path = pafs.FileSystem.from_uri(uri)
        kind = _KINDS_BY_SUFFIX.get(Path(path).suffix.lower())
        if kind == "parquet":
            yield from iter_parquet(filesystem.open_input_file(path), path=uri, max_bytes=max_bytes)
            return
        size = filesystem.get_file_info(path).size or 0
        if kind != "jsonl" and size > max_bytes:
            yield Problem(source=uri, reason=_too_large(size, max_bytes))
            return
        with filesystem.open_input_stream(path) as stream:
            data = stream.read()
    except (OSError, pa.ArrowException) as e:
        yield Problem(source=uri, reason=f"cannot read ({e})")
        return
    if kind == "jsonl":
        yield from iter_jsonl(data.splitlines(keepends=True), path=uri, max_bytes=max_bytes)
    else:
        yield from read_data(uri, data, ids=ids, max_bytes=max_bytes)


def _item_row(file: int, item: int, entry: Article | Problem) -> dict[str, Any]:
    """Return one input item as a row of ITEM_SCHEMA (not yet coded: no mentions)."""
    if isinstance(entry, Problem):
        return {
            "file": file,
            "item": item,
            "kind": "problem",
            "problem_source": entry.source,
            "problem_line": entry.line,
            "problem_stage": entry.stage,
            "problem_reason": entry.reason,
        }
    return {"file": file, "item": item, "kind": "article", **entry.to_row()}


def read_files(
    files: pa.Table, *, first_of_name: Mapping[str, Path], max_bytes: int, block_rows: int
) -> Iterator[pa.Table]:
    """Yield the items of a block of (file, path) rows as ITEM_SCHEMA tables of at most `block_rows` rows."""
    ids = _FileIds(dict(first_of_name))
    rows: list[dict[str, Any]] = []
    for file, path in zip(files.column("file").to_pylist(), files.column("path").to_pylist(), strict=True):
        entries = (
            _read_uri(path, ids=ids, max_bytes=max_bytes)
            if _is_uri(path)
            else _read_file(Path(path), ids=ids, max_bytes=max_bytes)
        )
        for item, entry in enumerate(fitted(entries)):
            rows.append(_item_row(file, item, entry))
            if len(rows) >= block_rows:
                yield pa.Table.from_pylist(rows, schema=ITEM_SCHEMA)
                rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=ITEM_SCHEMA)


def _article_of(row: Mapping[str, Any]) -> Article:
    """Rebuild the Article of an item row."""
    return Article(**{name: row[name] for name in _ARTICLE_FIELDS})


def code_block(coder: Coder, block: pa.Table) -> pa.Table:
    """Return the block's rows with the mentions of each article filled in (`Coder.code_articles`)."""
    rows = block.to_pylist()
    articles = [row for row in rows if row["kind"] == "article"]
    coded = coder.code_articles([_article_of(row) for row in articles])
    for row, (_, mentions) in zip(articles, coded, strict=True):
        row["mentions"] = [mention_to_row(mention) for mention in mentions]
    return pa.Table.from_pylist(rows, schema=ITEM_SCHEMA)


class _CodeBlocks:
    """A Ray actor's coding stage: loads the Coder once, then codes every block it is given."""

    def __init__(self, spec: CoderSpec) -> None:
        self.coder = spec.build()

    def __call__(self, block: pa.Table) -> pa.Table:
        return code_block(self.coder, block)


@dataclass(frozen=True, slots=True)
class ShardRun:
    """What `code_to_shards` did: where the shards are, and the problems found before reading."""

    shards: str
    files: int
    problems: tuple[Problem, ...]
    seconds: float


def _connect(address: str | None) -> bool:
    """Connect to Ray (a cluster at `address`, else a new local instance); return whether we started it."""
    import ray

    if ray.is_initialized():
        return False
    ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    return True


def _absolute(location: str) -> str:
    """Return a local path as absolute (workers may run elsewhere), a URI as it is."""
    return location if _is_uri(location) else str(Path(location).resolve())


def code_to_shards(
    paths: Sequence[str],
    shards: str,
    *,
    coder: CoderSpec | None = None,
    workers: int | None = None,
    block_rows: int = 32,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> ShardRun:
    """Read and code the inputs on the connected Ray cluster into Parquet shards in the directory `shards`."""
    import ray
    import ray.data

    started = time.perf_counter()
    files, problems = plan_inputs(paths)
    cpus = float(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
    workers = workers or max(1, int(cpus))
    # The coding actors leave one logical CPU to the tasks that feed and write them (reading, splitting
    # blocks, Parquet): holding every CPU would starve those tasks and stall the run.
    actor_cpus = min(1.0, max(cpus - 1, cpus / 2) / workers)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = progress
    if files:
        listing = [{"file": index, "path": path} for index, path in enumerate(files)]
        first = _first_of_name(files)
        # One read task per block of the listing: several blocks, so that many files are read in parallel.
        listed = ray.data.from_items(listing, override_num_blocks=min(len(files), 8 * workers))
        # Reading is light next to coding: read tasks take a sliver of a logical CPU, which keeps them
        # schedulable while the coding actors hold the rest.
        items = listed.map_batches(
            functools.partial(read_files, first_of_name=first, max_bytes=max_bytes, block_rows=block_rows),
            batch_size=None,
            batch_format="pyarrow",
            num_cpus=0.1,
        )
        # A big JSONL file comes out of one read task: split it so every actor gets blocks to code.
        items = items.repartition(target_num_rows_per_block=block_rows)
        coded = items.map_batches(
            _CodeBlocks,
            fn_constructor_kwargs={"spec": coder or CoderSpec()},
            batch_size=None,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            # Ray Data restarts a dead pool actor and retries its batch by default (max_restarts=-1,
            # max_task_retries=-1); tests/test_scale.py kills one mid-run to hold it to that.
            num_cpus=actor_cpus,
        )
        coded.write_parquet(_absolute(shards), ray_remote_args={"num_cpus": 0.1})
    return ShardRun(shards, len(files), tuple(problems), time.perf_counter() - started)


def _problem_of(row: Mapping[str, Any]) -> Problem:
    """Rebuild the Problem of an item row."""
    return Problem(
        source=row["problem_source"],
        reason=row["problem_reason"],
        stage=row["problem_stage"],
        line=row["problem_line"],
    )


def _coded_batches(shards: str, batch_size: int) -> Iterator[CodedBatch]:
    """Yield the shards' items in input order, `batch_size` articles at a time, as the store takes them.

    As in the local engine, `store_coded` leaves out an article already stored when its batch comes up.
    """
    location = _absolute(shards)
    try:
        dataset = pads.dataset(location, format="parquet", schema=ITEM_SCHEMA)
        table = dataset.to_table().sort_by([("file", "ascending"), ("item", "ascending")])
    except (OSError, pa.ArrowException) as e:
        raise StoreError(shards, f"cannot read the Parquet shards ({e})") from e
    coded: list[tuple[Article, list[Mention]]] = []
    problems: list[Problem] = []

    def batch() -> CodedBatch:
        # store_coded leaves out texts already stored and gives a new text under a used id its own id.
        return CodedBatch(len(coded), coded, problems)

    for record_batch in table.to_batches(max_chunksize=batch_size):
        for row in record_batch.to_pylist():
            if row["kind"] == "problem":
                problems.append(_problem_of(row))
                continue
            coded.append((_article_of(row), [mention_from_row(m) for m in row["mentions"] or ()]))
            if len(coded) >= batch_size:
                yield batch()
                coded, problems = [], []
    if coded or problems:
        yield batch()


def load_shards(
    store: Store, shards: str, *, problems: Sequence[Problem] = (), batch_size: int = 64
) -> IngestSummary:
    """Store the coded items of Parquet shards (plus problems found before reading), as a local run would."""

    def batches() -> Iterator[CodedBatch]:
        if problems:
            yield CodedBatch(0, [], list(problems))
        if _has_shards(shards):
            yield from _coded_batches(shards, batch_size)

    return store_coded(store, batches())


def _has_shards(shards: str) -> bool:
    """Return whether any shard was written (a run with no readable file writes none)."""
    if not _is_uri(shards):
        return Path(shards).is_dir() and any(Path(shards).glob("*.parquet"))
    filesystem, root = pafs.FileSystem.from_uri(shards)
    infos = filesystem.get_file_info(pafs.FileSelector(root, allow_not_found=True))
    return any(info.path.endswith(".parquet") for info in infos)


def _run_location(shards: str | None, scratch: Path) -> str:
    """Return a fresh directory for this run's shards: under `shards` when given, else in scratch space."""
    run = f"run-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    if shards is None:
        return str(scratch / run)
    return f"{shards.rstrip('/')}/{run}"


def ingest_with_ray(
    store: Store,
    paths: Sequence[str],
    *,
    coder: CoderSpec | None = None,
    workers: int | None = None,
    address: str | None = None,
    shards: str | None = None,
    batch_size: int = 64,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> IngestSummary:
    """Code the inputs on Ray (`address`: ray://host:port, auto, or None for a local instance) into the store.

    The Parquet shards go under `shards` (a directory or URI every worker can write, kept), else into a
    temporary directory removed after the load.
    """
    import tempfile

    import ray

    started = _connect(address)
    try:
        with tempfile.TemporaryDirectory(prefix="dyads-shards-") as scratch:
            location = _run_location(shards, Path(scratch))
            run = code_to_shards(
                paths,
                location,
                coder=coder,
                workers=workers,
                block_rows=min(batch_size, 32),
                max_bytes=max_bytes,
                progress=progress,
            )
            return load_shards(store, run.shards, problems=run.problems, batch_size=batch_size)
    finally:
        if started:
            ray.shutdown()
