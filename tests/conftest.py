"""The only shared fixtures: the spaCy pipeline (once per session), a coder, article and store makers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

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
