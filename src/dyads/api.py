"""The HTTP API: `create_app(store_path)` builds a FastAPI app over one store (read-only by default).

Every error has one JSON shape, `{"ok": false, "error": …, "status": …}`; queries go through the
store's parameterised methods; page sizes and request bodies are bounded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import json
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyads.errors import DyadsError
from dyads.evaluate import parse_date
from dyads.live import Writer, batch_body_limit, live_router, open_when_free
from dyads.resources import data_path
from dyads.store import EVENT_SORTS, Store
from dyads.tokens import new_token, write_guard

__all__ = ["MAX_BODY", "MAX_OFFSET", "MAX_PAGE", "MAX_TEXT", "create_app"]

WEB = Path(__file__).parent / "web"  # the dashboard: plain HTML, CSS and JS, no CDN
MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000  # DuckDB takes a 64-bit OFFSET; a bigger number is a 422, not a 500
MAX_TEXT = 100_000  # characters of text one POST /api/code may carry
# Bytes of one request body: MAX_TEXT characters as JSON escapes (6 bytes each) fit, a flood does not.
MAX_BODY = 6 * MAX_TEXT + 4096
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
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_CODE = r"^[A-Z]{3}([A-Z]{3})*$"
_ROOT = r"^[0-2][0-9]$"
_MODALITY = r"^[a-z]{3,20}$"
_SORT = "^(" + "|".join(EVENT_SORTS).replace("-", "\\-") + ")$"
_DYAD = r"^[A-Z]{3,30},[A-Z]{3,30}$"
_SORT_HELP = "One of " + ", ".join(EVENT_SORTS) + " (a leading - sorts descending)."


class CodeRequest(BaseModel):
    """A text to code, with its publication date."""

    text: str = Field(max_length=MAX_TEXT)
    date: str | None = Field(default=None, pattern=r"^\d{4}-?\d{2}-?\d{2}$")


class IngestRequest(BaseModel):
    """Files or directories under the server's ingest directory to ingest (only with --allow-ingest)."""

    paths: list[Annotated[str, Field(min_length=1, max_length=MAX_PATH)]] = Field(
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


def _inside(root: Path, given: str) -> Path:
    """Return `given` resolved against `root` (symbolic links followed); 403 when it lands outside it."""
    if "\x00" in given:
        raise HTTPException(422, "paths: a path may not contain NUL")
    resolved = (root / given).resolve()
    if not resolved.is_relative_to(root):
        raise HTTPException(403, f"{given!r} is outside the ingest directory")
    return resolved


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


# Declared on every operation, so the schema says what an error body really is.
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
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
    token: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> FastAPI:
    """Return the app serving the store at `store_path`.

    With `allow_ingest`, the write routes (POST /api/ingest, POST /api/batches) want
    `Authorization: Bearer <token>` (`token`; one is made when none is given, in `app.state.token`);
    POST /api/ingest reads files under `ingest_dir` only (default: the current directory when the app
    is made); paths that resolve outside it are refused. At start-up the app waits (telling `on_wait`)
    while another process holds the store, instead of answering 503s.
    """
    path = Path(store_path)
    ingest_root = Path(ingest_dir if ingest_dir is not None else Path.cwd()).resolve()
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
        writer.close()
        for each in opened:
            each.close()

    # Swagger UI and ReDoc served from the fastapi-offline wheel: /docs works offline and under the CSP.
    app = FastAPIOffline(
        title="dyads",
        version="0.1.0",
        description="Political event data: who did what to whom.",
        lifespan=lifespan,
        responses=_ERRORS,
        dependencies=[Depends(_known_parameters)],
    )

    app.add_middleware(_Guard, limit=MAX_BODY, wider=batch_body_limit(token))
    app.state.token = token

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
        response.headers.update(exc.headers or {})  # a 401's WWW-Authenticate
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(DyadsError)
    async def dyads_error(request: Request, exc: DyadsError) -> JSONResponse:
        return _error(503, str(exc))

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
                pattern=r"^\d{4}-\d{2}-\d{2}$",
                description="Events dated to a day of the period that starts here.",
            ),
        ] = None,
        freq: Annotated[
            str, Query(pattern="^[DWMdwm]$", description="The period's length: D, W or M.")
        ] = "D",
        place: Annotated[
            str | None, Query(max_length=200, description="The place name of a map point.")
        ] = None,
        sort: Annotated[str, Query(pattern=_SORT, description=_SORT_HELP)] = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """Events (one per happening) with filters, sort, text search over evidence, totals and paging."""
        chosen = dict(filters, story=story, place=place)
        if dyad is not None:
            chosen["dyad"] = tuple(dyad.split(","))
        if period is not None:
            chosen["days"] = _period_days(_real_date("period", period) or period, freq)
        with store() as opened:
            rows = opened.events(limit=limit, offset=offset, sort=sort, **chosen)
            total = opened.count_events(**chosen)
        return {"ok": True, "events": rows, **_page(request, total=total, limit=limit, offset=offset)}

    @app.get("/api/events/{event_id}")
    @_fast
    def event(event_id: str) -> dict[str, Any]:
        """One event with all its mentions and their evidence."""
        if len(event_id) > 40:
            raise HTTPException(422, "event_id: too long")
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
        source: str,
        target: str,
        filters: Annotated[dict[str, Any], Depends(event_filters)],
        freq: Annotated[str, Query(pattern="^[DWMdwm]$")] = "W",
        both: bool = False,
    ) -> dict[str, Any]:
        """A dyad's events per period: counts, mean Goldstein, QuadClass split."""
        for code in (source, target):
            if not code.isalpha() or not code.isupper() or len(code) > 30:
                raise HTTPException(422, f"{code!r} is not an actor code")
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
    ) -> dict[str, Any]:
        """Places of located events, with event counts and conflict share (the map), and how many are located."""
        with store() as opened:
            rows = opened.places(limit=limit, **filters)
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
        story_id: str,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """One story and its timeline of events, a page at a time."""
        if len(story_id) > 40:
            raise HTTPException(422, "story_id: too long")
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

    @app.post("/api/code")
    def code(request: CodeRequest) -> dict[str, Any]:
        """Code a text (nothing is stored)."""
        from dyads.pipeline import Coder

        published = parse_date(request.date) if request.date else None
        mentions = Coder.create().code_text(request.text, published=published)
        return {"ok": True, "mentions": [mention.to_record() for mention in mentions]}

    @app.post("/api/ingest", dependencies=[Depends(write_guard(token))], responses=_WRITE_ERRORS)
    def ingest(request: IngestRequest) -> dict[str, Any]:
        """Ingest files on the server (only when the server was started with --allow-ingest)."""
        from dyads.ingest import iter_inputs
        from dyads.pipeline import CoderSpec, ingest_into

        paths = [str(_inside(ingest_root, given)) for given in request.paths]
        with store() as opened:
            items = iter_inputs(paths, within=ingest_root)
            summary = writer.submit(ingest_into, opened, items, CoderSpec()).result()
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
