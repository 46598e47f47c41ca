"""The HTTP API: `create_app(store_path)` builds a FastAPI app over one store (read-only by default).

Every error has one JSON shape, `{"ok": false, "error": …, "status": …}`; queries go through the
store's parameterised methods; page sizes and request bodies are bounded.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import html
import json
import math
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyads.errors import DyadsError
from dyads.evaluate import parse_date
from dyads.live import Writer, batch_body_limit, live_router, open_when_free
from dyads.model import Article, Problem
from dyads.resources import data_path
from dyads.store import EVENT_SORTS, Store
from dyads.tokens import new_token, write_guard

if TYPE_CHECKING:
    from dyads.pipeline import Coder, IngestSummary

__all__ = ["LOCAL_HOSTS", "MAX_BODY", "MAX_OFFSET", "MAX_PAGE", "MAX_TEXT", "create_app"]

WEB = Path(__file__).parent / "web"  # the dashboard: plain HTML, CSS and JS, no CDN
MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000  # DuckDB takes a 64-bit OFFSET; a bigger number is a 422, not a 500
# Characters of text one POST /api/code may carry. Coding costs ~45 µs a character, and a long text
# far more memory (100,000 characters took 6.4 s; four at once grew the server by 1.5 GB), so one
# request is a second or two of one worker. News articles are mostly shorter; a longer text can be
# sent in parts.
MAX_TEXT = 20_000
# Bytes of one request body: a request of any route (MAX_TEXT characters as JSON escapes of up to 12
# bytes each, 100 ingest paths of MAX_PATH) fits, a flood does not.
MAX_BODY = 604_096
# Host headers every server answers: the loopback names. A page elsewhere whose name is made to resolve
# to this machine (DNS rebinding) sends its own name and is refused.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
CODE_WORKERS = 1  # threads coding POST /api/code texts, sharing one loaded coder
CODE_QUEUE = 4  # texts waiting for a worker; one more is refused at once (429 and Retry-After)
MAX_PATH = 4096
# Pages and the dashboard load only their own scripts and styles: stored article text cannot run code
# even if some view forgot to escape it.
_SECURITY_HEADERS = [
    (
        b"content-security-policy",
        # plotly.js styles its charts inline; styles cannot run code, and img-src still keeps loads local.
        b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        b"base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
# The API docs pages (Swagger UI, ReDoc) start their bundled scripts from an inline one, and ReDoc runs a
# worker from a blob: still nothing from another origin.
_DOCS_PATHS = ("/docs", "/redoc")
_DOCS_POLICY = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# [0-9], not \d: the schema's regex engine takes any Unicode digit for \d ("٢٠٠٤"), and the dates
# module does not.
_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_CODE = r"^[A-Z]{3}([A-Z]{3})*$"
_ROOT = r"^[0-2][0-9]$"
_MODALITY = r"^[a-z]{3,20}$"
_SORT = "^(" + "|".join(EVENT_SORTS).replace("-", "\\-") + ")$"
_DYAD = r"^[A-Z]{3,30},[A-Z]{3,30}$"
_EDGE = r"^[A-Z]{3,30}>[A-Z]{3,30}$"
# A map cell: its grid size (0.001–90 degrees, up to 6 decimals), row and column.
MIN_GRID = 0.001  # degrees (~100 m): finer grids only make rows and columns overflow
_GRID = r"(?:(?:[1-9]|[1-8][0-9])(?:\.[0-9]{1,6})?|90(?:\.0{1,6})?|0\.0{0,2}[1-9][0-9]{0,3})"
_CELL = rf"^{_GRID}:-?[0-9]{{1,9}}:-?[0-9]{{1,9}}$"
_ACTOR_CODE = r"^[A-Z]{1,30}$"
_SORT_HELP = "One of " + ", ".join(EVENT_SORTS) + " (a leading - sorts descending)."


class CodeRequest(BaseModel):
    """A text to code, with its publication date."""

    text: str = Field(max_length=MAX_TEXT)
    date: str | None = Field(default=None, pattern=r"^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$")


class IngestRequest(BaseModel):
    """Files or directories under the server's ingest directory to ingest (only with --allow-ingest)."""

    paths: list[Annotated[str, Field(min_length=1, max_length=MAX_PATH, pattern=r"^[^\x00]*$")]] = Field(
        min_length=1, max_length=100
    )


class _Guard:
    """ASGI middleware: refuse request bodies over `limit` bytes (413) before they are read whole, and
    add the security headers to every response. `wider` may give a request a larger limit."""

    def __init__(self, app: ASGIApp, limit: int, wider: Callable[[Scope], int | None] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.wider = wider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = _SECURITY_HEADERS
        if scope.get("path") in _DOCS_PATHS:
            headers = [(b"content-security-policy", _DOCS_POLICY), *_SECURITY_HEADERS[1:]]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        limit = (self.wider(scope) if self.wider else None) or self.limit
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _error(413, f"request body over the {limit}-byte limit")(scope, receive, send_with_headers)
            return
        received = 0

        async def counted() -> Message:
            # A chunked body has no length to check up front: count it as it comes.
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"request body over the {limit}-byte limit")
            return message

        await self.app(scope, counted, send_with_headers)


class _Hosts:
    """ASGI middleware: refuse (400) a request whose Host header names none of `allowed` (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str]) -> None:
        self.app = app
        self.allowed = list(allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        passed = False

        async def through(scope: Scope, receive: Receive, send: Send) -> None:
            nonlocal passed
            passed = True
            await self.app(scope, receive, send)

        async def forward(message: Message) -> None:
            if passed:  # starlette's own plain-text refusal is dropped for the one error shape
                await send(message)

        # Starlette's parsing and matching (ports, IPv6 literals, *.wildcards), not a hand-written one.
        check = TrustedHostMiddleware(through, allowed_hosts=self.allowed, www_redirect=False)
        await check(scope, receive, forward)
        if not passed:
            host = Headers(scope=scope).get("host", "")[:100]
            message = f"Host {host!r} is not served here (dyads serve --allowed-host NAME allows a name)"
            await _error(400, message)(scope, receive, send)


def _hidden(parts: Iterable[str]) -> bool:
    """Return whether a path's parts name a hidden file or directory (`.` and `..` are not names)."""
    return any(part.startswith(".") and part not in (".", "..") for part in parts)


def _inside(root: Path, given: str) -> Path:
    """Return `given` resolved against `root` (symbolic links followed); 403 when it lands outside it or
    names, or resolves to, a hidden file or directory under it."""
    if "\x00" in given:
        raise HTTPException(422, "paths: a path may not contain NUL")
    named = Path(given)
    if named.is_absolute() and named.is_relative_to(root):
        named = named.relative_to(root)
    if _hidden(named.parts):
        raise HTTPException(403, f"{given!r} names a hidden file or directory, which ingest does not read")
    resolved = (root / given).resolve()
    if not resolved.is_relative_to(root):
        raise HTTPException(403, f"{given!r} is outside the ingest directory")
    if _hidden(resolved.relative_to(root).parts):
        raise HTTPException(403, f"{given!r} leads to a hidden file or directory, which ingest does not read")
    return resolved


def _shown(root: Path, text: str) -> str:
    """Return `text` with paths under `root` written relative to it: a client learns no server path."""
    return text.replace(f"{root}{os.sep}", "").replace(str(root), ".")


def _relative(root: Path, items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
    """Yield ingested items with their paths (and the paths in problems' reasons) relative to `root`."""
    for item in items:
        if isinstance(item, Problem):
            file = _shown(root, item.file) if item.file is not None else None
            yield replace(item, source=_shown(root, item.source), reason=_shown(root, item.reason), file=file)
        elif item.path is not None:
            yield replace(item, path=_shown(root, item.path))
        else:
            yield item


class _CodePool:
    """Codes POST /api/code texts: one coder loaded once, `workers` threads, at most `waiting` queued."""

    def __init__(self, make_coder: Callable[[], Coder], *, workers: int, waiting: int) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError(
                f"code workers must be at least 1 and the queue at least 0 ({workers}, {waiting})"
            )
        self._make_coder = make_coder
        self._coder: Coder | None = None
        self._loading = threading.Lock()  # held while the coder loads (seconds), never on the event loop
        self._state = threading.Lock()  # held for a few operations: submit runs on the event loop
        self._capacity = workers + waiting
        self._taken = 0
        self._workers = workers
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._seconds = 1.0  # how long the last text took: what Retry-After is estimated from

    @property
    def taken(self) -> int:
        """Return how many texts are being coded or waiting for a worker."""
        with self._state:
            return self._taken

    def submit(
        self, text: str, published: dt.date | None
    ) -> concurrent.futures.Future[list[dict[str, Any]]] | None:
        """Return the future records of the text's mentions, or None at once when every slot is taken."""
        with self._state:
            if self._taken >= self._capacity:
                return None
            self._taken += 1
            # Made on first use and again after `close`: an app may be started more than once.
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    self._workers, thread_name_prefix="dyads-code"
                )
            executor = self._executor
        try:
            future = executor.submit(self._code, text, published)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(self._release)
        return future

    def _release(self, _: object = None) -> None:
        with self._state:
            self._taken -= 1

    def retry_after(self) -> int:
        """Return the whole seconds after which a slot is likely free again (at least 1)."""
        return max(1, math.ceil(self._seconds))

    def close(self) -> None:
        """Stop the workers, dropping the texts still queued."""
        with self._state:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def _code(self, text: str, published: dt.date | None) -> list[dict[str, Any]]:
        with self._loading:
            if self._coder is None:
                self._coder = self._make_coder()
            coder = self._coder
        start = time.perf_counter()
        records = [mention.to_record() for mention in coder.code_text(text, published=published)]
        self._seconds = time.perf_counter() - start
        return records


def _default_coder() -> Coder:
    """Return the coder `dyads code` would build (imported late: loading it costs seconds)."""
    from dyads.pipeline import Coder

    return Coder.create()


def _real_date(name: str, value: str | None) -> str | None:
    """Return an ISO date (or year, or month) that exists on the calendar; 422 otherwise ("2018-13-45")."""
    if value is None:
        return None
    parts = [int(part) for part in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as error:
        raise HTTPException(422, f"{name}: {value!r} is not a date ({error})") from error
    return value


def event_filters(
    since: Annotated[str | None, Query(pattern=_DATE)] = None,
    until: Annotated[str | None, Query(pattern=_DATE)] = None,
    actor: Annotated[str | None, Query(pattern=_CODE, max_length=30)] = None,
    root: Annotated[str | None, Query(pattern=_ROOT)] = None,
    modality: Annotated[str | None, Query(pattern=_MODALITY)] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Words the evidence of a report contains."),
    ] = None,
) -> dict[str, Any]:
    """The filters every event view shares (validated query parameters), as keywords for the store."""
    return {
        "since": _real_date("since", since),
        "until": _real_date("until", until),
        "text": q,
        "actor": actor,
        "root": root,
        "modality": modality,
        "min_confidence": min_confidence,
    }


def _plain(value: object) -> object:
    """Return a JSON-ready form of a value `json` cannot write (dates as ISO 8601)."""
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


class _FastJSON(JSONResponse):
    """JSON written straight by `json.dumps`: FastAPI's `jsonable_encoder` walk costs ~10x as much."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_plain
        ).encode()


def _fast(endpoint: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Wrap an endpoint so its records are sent as `_FastJSON` (its signature and schema are kept)."""

    @functools.wraps(endpoint)
    def send(*args: Any, **kwargs: Any) -> Any:
        return _FastJSON(endpoint(*args, **kwargs))

    return send


class ErrorBody(BaseModel):
    """The body of every error response."""

    ok: bool = Field(False, description="Always false for an error.")
    error: str = Field(description="What was wrong, in words.")
    status: int = Field(description="The HTTP status, repeated.")


_BUSY: dict[str, Any] = {
    "model": ErrorBody,
    "description": "Every coding worker and queue slot is taken: retry after Retry-After seconds",
    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
}
# Declared on every operation, so the schema says what an error body really is.
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad request (a Host header not served here, a body that is not JSON)"),
        (403, "Not allowed"),
        (404, "Not found"),
        (413, "Request too large"),
        (422, "Invalid parameters (impossible dates and unknown parameters included)"),
        (503, "Store unavailable"),
    )
}


# The write routes also answer 401 (no token).
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody, "description": "No write token"}}


def _query_names(dependant: Any) -> set[str]:
    """Return the query parameter names an operation takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _known_parameters(request: Request) -> None:
    """Refuse query parameters the operation does not take (a typo must not silently widen a query)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.url.path.startswith("/api/"):
        return  # the dashboard's own page keeps its view in the query string
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(
            422, f"unknown query parameter {unknown[0]!r} (known: {', '.join(sorted(known)) or 'none'})"
        )


def _plotly_js() -> Path:
    """Return the plotly.js bundle inside the installed plotly package."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _period_days(start: str, freq: str) -> tuple[str, str]:
    """Return the first and last day of the period of a chart's bar (a week starts on its Monday)."""
    day = dt.date.fromisoformat(start)
    unit = freq.upper()
    if unit == "W":
        return start, (day + dt.timedelta(days=6)).isoformat()
    if unit == "M":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return start, (following - dt.timedelta(days=1)).isoformat()
    return start, start


def _cell_size(degrees: float) -> float:
    """Return a map grid size as the store computes with it (422 outside 0.001–90 degrees)."""
    if not MIN_GRID <= degrees <= 90:
        raise HTTPException(422, f"grid: {degrees} degrees is not a grid size ({MIN_GRID} to 90)")
    return float(degrees)


def _page(request: Request, *, total: int, limit: int, offset: int) -> dict[str, Any]:
    """Return the paging fields of a list response: total, limit, offset and the next page's URL."""
    after = offset + limit
    following = str(request.url.include_query_params(offset=after)) if after < total else None
    return {"total": total, "limit": limit, "offset": offset, "next": following}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def create_app(
    store_path: str | Path,
    *,
    allow_ingest: bool = False,
    ingest_dir: str | Path | None = None,
    allowed_hosts: Sequence[str] = (),
    code_workers: int = CODE_WORKERS,
    code_queue: int = CODE_QUEUE,
    make_coder: Callable[[], Coder] = _default_coder,
    token: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> FastAPI:
    """Return the app serving the store at `store_path`.

    With `allow_ingest`, the write routes (POST /api/batches, POST /api/ingest) want
    `Authorization: Bearer <token>` (`token`; one is made when none is given, in `app.state.token`).
    POST /api/ingest reads files only when `ingest_dir` is given, and only under it: paths that
    resolve outside it, or to hidden files or dot-directories, are refused. Requests whose Host header
    names neither a loopback name (`LOCAL_HOSTS`) nor one of `allowed_hosts` are refused (400).
    POST /api/code codes on `code_workers` threads with `code_queue` texts waiting at most. At start-up
    the app waits (telling `on_wait`) while another process holds the store, instead of answering 503s.
    """
    path = Path(store_path)
    ingest_root: Path | None = None
    if ingest_dir is not None:
        # Never a default (the working directory once served its .env): only the directory named.
        if not allow_ingest:
            raise ValueError("ingest_dir is only read with allow_ingest")
        ingest_root = Path(ingest_dir).resolve()
        if not ingest_root.is_dir():
            raise ValueError(f"{ingest_dir}: the ingest directory is not a directory")
    pool = _CodePool(make_coder, workers=code_workers, waiting=code_queue)
    opened: list[Store] = []
    lock = threading.Lock()
    token = (token or new_token()) if allow_ingest else None
    writer = Writer()  # every write of this app, whichever route, goes through its one thread

    def open_store(*, wait: bool) -> Store:
        # One DuckDB thread per query: requests are many and small, and splitting each across
        # cores costs more than it gains (an event page: 11 ms on all threads, 6 ms on one).
        if wait:
            return open_when_free(path, read_only=not allow_ingest, threads=1, say=on_wait)
        return Store(path, read_only=not allow_ingest, threads=1)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with lock:
            if not opened:
                opened.append(open_store(wait=True))
        yield
        pool.close()
        writer.close()
        with lock:
            for each in opened:
                each.close()
            opened.clear()  # an app started again (as test clients do) opens the store again

    # Swagger UI and ReDoc served from the fastapi-offline wheel: /docs works offline and under the CSP.
    app = FastAPIOffline(
        title="dyads",
        version="0.1.0",
        description="Political event data: who did what to whom.",
        lifespan=lifespan,
        responses=_ERRORS,
        dependencies=[Depends(_known_parameters)],
    )

    app.state.code_pool = pool  # how busy POST /api/code is (`taken`), for tests and operators
    app.state.token = token
    app.add_middleware(_Hosts, allowed=[*LOCAL_HOSTS, *allowed_hosts])
    # Outermost: its headers go on the host refusal too.
    app.add_middleware(_Guard, limit=MAX_BODY, wider=batch_body_limit(token))

    def store() -> contextlib.nullcontext[Store]:
        # One connection for the app's life (opening one costs ~40 ms); reads use a cursor each.
        with lock:
            if not opened:
                # Without a lifespan (a bare TestClient) a request opens it: a held store is a 503.
                opened.append(open_store(wait=False))
        return contextlib.nullcontext(opened[0])

    def current_store() -> Store:
        with store() as opened:
            return opened

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})  # Retry-After on a 429, WWW-Authenticate on a 401
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(DyadsError)
    async def dyads_error(request: Request, exc: DyadsError) -> JSONResponse:
        # The store's file by name only: an answer never tells a client where the server keeps it.
        said = str(exc)
        for shown in {str(path.resolve()), str(path)}:
            said = said.replace(shown, path.name)
        return _error(503, said)

    @app.get("/api/events")
    @_fast
    def events(
        request: Request,
        filters: Annotated[dict[str, Any], Depends(event_filters)],
        story: Annotated[str | None, Query(max_length=40)] = None,
        dyad: Annotated[
            str | None,
            Query(pattern=_DYAD, description="Two actor code prefixes, either direction: CHN,USA."),
        ] = None,
        period: Annotated[
            str | None,
            Query(
                pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                description="Events dated to a day of the period that starts here.",
            ),
        ] = None,
        freq: Annotated[
            str, Query(pattern="^[DWMdwm]$", description="The period's length: D, W or M.")
        ] = "D",
        place: Annotated[
            str | None, Query(max_length=200, description="The place name of a map point.")
        ] = None,
        edge: Annotated[
            str | None,
            Query(
                pattern=_EDGE, description="Exactly this source and target (a network edge): CHNGOV>USAGOV."
            ),
        ] = None,
        cell: Annotated[
            str | None,
            Query(
                pattern=_CELL,
                description="A clustered map point: grid size in degrees, row and column from /api/places (8:4:14).",
            ),
        ] = None,
        sort: Annotated[str, Query(pattern=_SORT, description=_SORT_HELP)] = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """Events (one per happening) with filters, sort, text search over evidence, totals and paging."""
        chosen = dict(filters, story=story, place=place)
        if dyad is not None:
            chosen["dyad"] = tuple(dyad.split(","))
        if edge is not None:
            chosen["edge"] = tuple(edge.split(">"))
        if cell is not None:
            size, row, column = cell.split(":")
            chosen["cell"] = (_cell_size(float(size)), int(row), int(column))
        if period is not None:
            chosen["days"] = _period_days(_real_date("period", period) or period, freq)
        with store() as opened:
            rows = opened.events(limit=limit, offset=offset, sort=sort, **chosen)
            total = opened.count_events(**chosen)
        return {"ok": True, "events": rows, **_page(request, total=total, limit=limit, offset=offset)}

    @app.get("/api/events/{event_id}")
    @_fast
    def event(event_id: Annotated[str, PathParam(max_length=40)]) -> dict[str, Any]:
        """One event with all its mentions and their evidence."""
        with store() as opened:
            mentions = opened.mentions(event_id=event_id)
        if not mentions:
            raise HTTPException(404, f"no event {event_id!r}")
        return {"ok": True, "event_id": event_id, "mentions": mentions}

    @app.get("/api/actors")
    @_fast
    def actors(limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> dict[str, Any]:  # the most active
        """Actor codes with how often they act and are acted on."""
        with store() as opened:
            return {"ok": True, "actors": opened.actors(limit=limit)}

    @app.get("/api/dyads/{source}/{target}/series")
    @_fast
    def series(
        # In the schema, not only checked here: a generated "valid" code is one the route takes.
        source: Annotated[str, PathParam(pattern=_ACTOR_CODE)],
        target: Annotated[str, PathParam(pattern=_ACTOR_CODE)],
        filters: Annotated[dict[str, Any], Depends(event_filters)],
        freq: Annotated[str, Query(pattern="^[DWMdwm]$")] = "W",
        both: bool = False,
    ) -> dict[str, Any]:
        """A dyad's events per period: counts, mean Goldstein, QuadClass split."""
        filters.pop("actor", None)  # the dyad already says who
        with store() as opened:
            rows = opened.dyad_series(source, target, freq=freq, both=both, **filters)
        return {"ok": True, "series": [row | {"period": str(row["period"])} for row in rows]}

    @app.get("/api/network")
    @_fast
    def network(
        filters: Annotated[dict[str, Any], Depends(event_filters)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
    ) -> dict[str, Any]:
        """Actor-to-actor edges weighted by events, with mean Goldstein and conflict share."""
        with store() as opened:
            return {"ok": True, "edges": opened.network(limit=limit, **filters)}

    @app.get("/api/places")
    @_fast
    def places(
        filters: Annotated[dict[str, Any], Depends(event_filters)],
        limit: Annotated[int, Query(ge=1, le=20_000)] = 5000,
        grid: Annotated[
            float | None,
            Query(
                ge=MIN_GRID,
                le=90,
                description="Cluster places on a grid of this many degrees (the map's zoom).",
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Places of located events, with event counts and conflict share (the map), and how many are located.

        With `grid`, each row is a grid cell with its `row`, `column` and number of `places`; its events
        are `/api/events?cell=SIZE:ROW:COLUMN`.
        """
        with store() as opened:
            rows = opened.places(limit=limit, cell=None if grid is None else _cell_size(grid), **filters)
        return {"ok": True, "places": rows, "located": sum(row["events"] for row in rows)}

    @app.get("/api/stories")
    @_fast
    def stories(
        request: Request,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """Story threads, earliest first, with totals and paging."""
        with store() as opened:
            rows = opened.stories(limit=limit, offset=offset)
            total = opened.count_stories()
        return {"ok": True, "stories": rows, **_page(request, total=total, limit=limit, offset=offset)}

    @app.get("/api/stories/{story_id}")
    @_fast
    def story(
        request: Request,
        story_id: Annotated[str, PathParam(max_length=40)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """One story and its timeline of events, a page at a time."""
        with store() as opened:
            found = opened.story(story_id)
            if found is None:
                raise HTTPException(404, f"no story {story_id!r}")
            rows = opened.events(story=story_id, limit=limit, offset=offset)
            total = opened.count_events(story=story_id)
        return {
            "ok": True,
            "story": found,
            "events": rows,
            **_page(request, total=total, limit=limit, offset=offset),
        }

    @app.post("/api/code", responses={429: _BUSY})
    async def code(request: CodeRequest) -> dict[str, Any]:
        """Code a text (nothing is stored); when every worker and queue slot is taken, 429 at once."""
        published = parse_date(request.date) if request.date else None
        future = pool.submit(request.text, published)
        if future is None:
            retry = str(pool.retry_after())
            raise HTTPException(429, f"the coder is busy: retry in {retry} s", headers={"Retry-After": retry})
        # Awaited, not waited on in a thread: a queued request holds no thread of the server's pool.
        return {"ok": True, "mentions": await asyncio.wrap_future(future)}

    ingest_coders: list[Coder] = []

    def ingest_files(opened: Store, items: Iterable[Article | Problem]) -> IngestSummary:
        from dyads.pipeline import CoderSpec, ingest_into

        # Loaded once, on the first files, in the writer thread: the only thread that uses it.
        if not ingest_coders:
            ingest_coders.append(CoderSpec().build())
        return ingest_into(opened, items, ingest_coders[0])

    @app.post("/api/ingest", dependencies=[Depends(write_guard(token))], responses=_WRITE_ERRORS)
    def ingest(request: IngestRequest) -> dict[str, Any]:
        """Ingest files on the server (only when the server was started with --allow-ingest)."""
        if ingest_root is None:
            raise HTTPException(
                403, "this server reads no files (start it with --allow-ingest --ingest-dir DIR)"
            )
        from dyads.ingest import iter_inputs

        paths = [str(_inside(ingest_root, given)) for given in request.paths]
        items = _relative(ingest_root, iter_inputs(paths, within=ingest_root))
        with store() as opened:
            summary = writer.submit(ingest_files, opened, items).result()
        return {
            "ok": True,
            "articles_added": summary.articles_added,
            "mentions_added": summary.mentions_added,
            "problems": [str(problem) for problem in summary.problems],
        }

    # `:path`: feed entries' ids are often URLs, and their slashes arrive decoded.
    @app.get("/articles/{article_id:path}", include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        """One article as a readable page (the evidence panel links here); all text escaped."""
        with store() as opened:
            found = opened.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in found["text"].split("\n\n"))
        title = html.escape(found["title"] or found["id"])
        meta = html.escape(
            " · ".join(
                str(v) for v in (found["source"], found["published"], found["url"] or found["path"]) if v
            )
        )
        return HTMLResponse(
            f"<!doctype html><meta charset=utf-8><title>{title}</title>"
            f'<link rel="stylesheet" href="/static/style.css"><main class="article">'
            f"<h1>{title}</h1><p class=hint>{meta}</p>{paragraphs}</main>"
        )

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        """plotly.js as the plotly wheel ships it: the dashboard's charts load nothing from a network."""
        return FileResponse(_plotly_js(), media_type="text/javascript")

    @app.get("/map/countries.geojson", include_in_schema=False)
    def countries() -> FileResponse:
        """The map's country outlines (Natural Earth 1:110m, public domain), from the package."""
        return FileResponse(data_path("map/countries.geojson"), media_type="application/geo+json")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        """The browser dashboard (reads only this API)."""
        return FileResponse(WEB / "index.html")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.include_router(live_router(current_store, writer, token=token, error_model=ErrorBody))

    @app.get("/api/health")
    @_fast
    def health() -> dict[str, Any]:
        """Whether the store can be read, and its counts."""
        with store() as opened:
            return {"ok": True, "counts": opened.counts(), "time": dt.datetime.now(dt.UTC).isoformat()}

    return app
