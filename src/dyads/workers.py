"""Code batches of articles in worker processes and hand the results back in input order.

Each worker builds its own Coder once (from a `CoderSpec`, with its first batch) and codes whole batches; the caller stays
the only writer to the store. At most `2 × processes` batches are in flight, so a long input is read no
faster than it is coded and memory stays bounded. Workers are started with `spawn`: the parent holds a
DuckDB connection and threads, which a forked child must not inherit.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from dyads.errors import DyadsError
from dyads.model import Article, Mention

if TYPE_CHECKING:
    from dyads.pipeline import Coder, CoderSpec

__all__ = ["code_in_workers"]

T = TypeVar("T")
Coded = list[tuple[Article, list[Mention]]]

_IN_FLIGHT_PER_PROCESS = 2

# The Coder of this worker process, built by its first batch.
_coder: Coder | None = None


def _code(spec: CoderSpec, articles: list[Article]) -> Coded:
    """Code one batch in this worker, building its Coder first if this is the worker's first batch."""
    global _coder
    try:
        if _coder is None:
            _coder = spec.build()
        return list(_coder.code_articles(articles))
    except DyadsError as e:
        # dyads' errors take structured arguments and would not unpickle in the parent: send the message.
        raise DyadsError(str(e)) from None


def code_in_workers(
    spec: CoderSpec, batches: Iterable[T], articles_of: Callable[[T], list[Article]], *, processes: int
) -> Iterator[tuple[T, Coded]]:
    """Yield each batch with its coded articles, coded by `processes` workers, in the order of `batches`."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        pending: deque[tuple[T, Future[Coded]]] = deque()
        try:
            for batch in batches:
                pending.append((batch, pool.submit(_code, spec, articles_of(batch))))
                if len(pending) >= processes * _IN_FLIGHT_PER_PROCESS:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        finally:
            # A failed write or an interrupt must not leave queued batches running.
            for _, future in pending:
                future.cancel()
