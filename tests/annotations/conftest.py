"""The `shared` fixture: a two-article corpus found through $DYADS_SHARED."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from annotation_fixtures import ARTICLES


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared folder with a two-article news.jsonl, found through $DYADS_SHARED."""
    root = tmp_path / "shared"
    (root / "corpus").mkdir(parents=True)
    with (root / "corpus" / "news.jsonl").open("w", encoding="utf-8") as handle:
        for article in ARTICLES:
            handle.write(json.dumps(article) + "\n")
    monkeypatch.setenv("DYADS_SHARED", str(root))
    from dyads.corpus import load_corpus

    load_corpus.cache_clear()
    return root
