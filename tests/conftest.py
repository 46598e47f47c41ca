"""The only shared fixtures: the spaCy pipeline (once per session), a coder, article and store makers."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent ({path} not found): shared data is for evaluation only")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from dyads.parse import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def coder(nlp):  # type: ignore[no-untyped-def]
    from dyads.pipeline import Coder

    return Coder.create(coder="rules")  # the rules' own behaviour: deterministic, pattern by pattern


@pytest.fixture
def make_article() -> Callable[..., object]:
    from dyads.model import Article, article_id_for

    def make(text: str, published: str | None = None, **fields: object) -> Article:
        day = dt.date.fromisoformat(published) if published else None
        return Article(str(fields.pop("id", article_id_for(text))), text, published=day, **fields)  # type: ignore[arg-type]

    return make


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[object]:
    from dyads.store import Store

    with Store(tmp_path / "test.duckdb") as store:
        yield store


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port, in a thread; yield its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
