"""Live ingest: a running server stores batches that `dyads ingest --server` coded, while readers go on.

DuckDB lets one process open a store for writing, so while `dyads serve --allow-ingest` runs, the server
is that process: the client parses and codes (the heavy part, in its own process and GIL) and posts each
coded batch to `POST /api/batches`; the server checks it (`dyads.wire`) and hands it to its one writer
thread, which stores it with `store_coded`, the function every ingest ends in (stories regrouped after
each batch). Reads go on meanwhile on their own cursors and see the last committed batch (MVCC): no
reader waits for a write, and none gets a 503 because of one.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.types import Scope

from dyads.errors import StoreError
from dyads.pipeline import store_coded
from dyads.store import IN_USE, Store
from dyads.stories import Story, StoryArticle, group_stories
from dyads.tokens import token_matches, write_guard
from dyads.wire import BatchIn, batch_from_wire, refusals

__all__ = [
    "BATCHES_PATH",
    "MAX_BATCH_BODY",
    "STORED_PATH",
    "BatchRefused",
    "BatchStored",
    "Writer",
    "batch_body_limit",
    "live_router",
    "open_when_free",
]

BATCHES_PATH = "/api/batches"
STORED_PATH = "/api/batches/stored"
# A batch of 64 long articles, as JSON with their mentions; only a request with the token may send this much.
MAX_BATCH_BODY = 32 * 1024 * 1024
MAX_IDS = 10_000
_POLL_SECONDS = 0.5
T = TypeVar("T")


class Writer:
    """The one thread that writes the store: every write of the server queues for it, in order.

    Story grouping, the one long pure-Python step of a write (it grows with the stored articles near
    the new ones), runs in a worker process at low priority (`group`): in this process it would hold
    the interpreter for hundreds of milliseconds and every reader would wait for it.
    """

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._grouper: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, work: Callable[..., T], *args: Any) -> Future[T]:
        """Queue a write; return its future."""
        with self._lock:
            # Made on first use and again after `close`: an app may be started more than once.
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyads-writer")
            return self._pool.submit(work, *args)

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """Queue a write and wait for it without holding a request thread."""
        return await asyncio.wrap_future(self.submit(work, *args))

    def group(self, articles: list[StoryArticle]) -> list[Story]:
        """Group articles into stories in the worker process (started on first use)."""
        if self._grouper is None:
            # spawn: a forked child would inherit the server's DuckDB connection and threads.
            context = multiprocessing.get_context("spawn")
            self._grouper = ProcessPoolExecutor(1, mp_context=context, initializer=_lower_priority)
        return self._grouper.submit(group_stories, articles).result()

    def close(self) -> None:
        """Finish the queued writes, then stop the thread and the grouping process."""
        with self._lock:
            pool, self._pool = self._pool, None
            grouper, self._grouper = self._grouper, None
        if pool is not None:
            pool.shutdown(wait=True)
        if grouper is not None:
            grouper.shutdown(wait=True)


def _lower_priority() -> None:
    """Run the grouping process below the server's readers (it only delays when stories appear)."""
    with contextlib.suppress(OSError):
        os.nice(10)


def open_when_free(
    path: str | Path, *, read_only: bool, threads: int | None = None, say: Callable[[str], None] | None = None
) -> Store:
    """Open the store, waiting while another process (an ingest) holds it, rather than failing."""
    said = False
    while True:
        try:
            return Store(path, read_only=read_only, threads=threads)
        except StoreError as e:
            if e.reason != IN_USE:
                raise
            if not said:
                (say or _to_stderr)(f"waiting for {path}: another process (an ingest?) is writing it")
                said = True
            time.sleep(_POLL_SECONDS)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def batch_body_limit(token: str | None) -> Callable[[Scope], int | None]:
    """Return, for a request, the larger body limit it may use: batches that carry the right token."""
    expected = f"Bearer {token}" if token is not None else None

    def limit(scope: Scope) -> int | None:
        if expected is None or scope.get("path") != BATCHES_PATH:
            return None
        given = dict(scope.get("headers", [])).get(b"authorization", b"")
        return MAX_BATCH_BODY if token_matches(given.decode("latin-1"), expected) else None

    return limit


class BatchStored(BaseModel):
    """What one posted batch added to the store."""

    ok: bool = True
    articles_added: int
    articles_skipped: int = Field(description="Read but already stored (or repeated).")
    mentions_added: int
    problems_added: int


class BatchRefused(BaseModel):
    """A batch refused whole (nothing stored): the error body plus one problem per bad item.

    A body that is not a batch at all gets the plain error body: `problems` is then absent.
    """

    ok: bool = False
    error: str
    status: int
    problems: list[dict[str, Any]] = Field(default_factory=list)


class StoredIds(BaseModel):
    """Article ids to look up."""

    ids: list[Annotated[str, Field(max_length=2_000)]] = Field(max_length=MAX_IDS)


def live_router(
    store: Callable[[], Store], writer: Writer, *, token: str | None, error_model: type[BaseModel]
) -> APIRouter:
    """Return the routes of live ingest over the app's store (`token` None: a read-only server)."""
    guard = write_guard(token)
    denied: dict[int | str, dict[str, Any]] = {
        401: {"model": error_model, "description": "No write token"},
        403: {"model": error_model, "description": "Wrong write token, or a read-only server"},
    }
    router = APIRouter(dependencies=[Depends(guard)], responses=denied, tags=["live ingest"])

    def check_and_store(body: BatchIn) -> JSONResponse | BatchStored:
        batch = batch_from_wire(body)
        refused = refusals(batch)
        if refused:
            first = refused[0]
            more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
            return JSONResponse(
                {
                    "ok": False,
                    "error": f"batch refused, nothing stored: {first}{more}",
                    "status": 422,
                    "problems": [
                        {"source": p.source, "line": p.line, "stage": p.stage, "reason": p.reason}
                        for p in refused
                    ],
                },
                status_code=422,
            )
        summary = store_coded(store(), [batch], group=writer.group)
        return BatchStored(
            articles_added=summary.articles_added,
            articles_skipped=summary.articles_skipped,
            mentions_added=summary.mentions_added,
            problems_added=len(summary.problems),
        )

    @router.post(
        BATCHES_PATH,
        response_model=BatchStored,
        responses={422: {"model": BatchRefused, "description": "Batch refused, nothing stored"}},
    )
    async def batches(body: BatchIn) -> JSONResponse | BatchStored:
        """Store one coded batch (what `dyads ingest --server` posts); stories are regrouped after it."""
        # Checked in the writer too: a batch is judged against the store as the write will find it.
        return await writer.run(check_and_store, body)

    @router.post(STORED_PATH)
    def stored(body: StoredIds) -> dict[str, Any]:
        """The text digest of each of these article ids that is stored (so a client codes only new texts)."""
        return {"ok": True, "stored": store().article_digests(body.ids)}

    return router
