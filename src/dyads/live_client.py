"""The client of live ingest: code articles here and post each coded batch to a running server.

`dyads ingest --server URL` runs `ingest_via_server`: the same batches and coding as a local ingest
(`pipeline.code_batches`), with the server asked which articles it already stores, and each batch posted
to `POST /api/batches` (split when its JSON would pass the server's body limit). The summary adds up
what the server says it stored, so it reads as a local ingest's does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import httpx

from dyads.errors import DyadsError
from dyads.live import BATCHES_PATH, MAX_BATCH_BODY, STORED_PATH
from dyads.model import Article, Problem
from dyads.pipeline import CodedBatch, Coder, CoderSpec, IngestSummary, code_batches
from dyads.wire import MAX_BATCH_ARTICLES, batch_to_wire

__all__ = ["ServerError", "ingest_via_server"]

_TIMEOUT = httpx.Timeout(30.0, read=600.0)  # a batch waits for the writer, which may be regrouping stories


class ServerError(DyadsError):
    """The server refused a request, or could not be reached."""


def ingest_via_server(
    url: str,
    token: str,
    items: Iterable[Article | Problem],
    coder: Coder | CoderSpec,
    *,
    batch_size: int = 64,
    processes: int = 1,
    on_batch: Callable[[int, int], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> IngestSummary:
    """Code the articles here and store them through the server at `url`; return what was stored."""
    added = skipped = mentions = 0
    problems: list[Problem] = []
    with httpx.Client(
        base_url=url.rstrip("/"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=_TIMEOUT,
        transport=transport,
    ) as client:
        # Fail before the model loads when the server is not there or the token is wrong.
        _post(client, STORED_PATH, {"ids": []})

        def stored(ids: Sequence[str]) -> dict[str, str]:
            return dict(_post(client, STORED_PATH, {"ids": list(ids)})["stored"])

        for batch in code_batches(items, coder, stored=stored, batch_size=batch_size, processes=processes):
            for part in _parts(batch):
                done = _post(client, BATCHES_PATH, part)
                added += done["articles_added"]
                skipped += done["articles_skipped"]
                mentions += done["mentions_added"]
            problems.extend(batch.problems)
            if on_batch is not None:
                on_batch(batch.read, len(batch.problems))
    return IngestSummary(added, skipped, mentions, tuple(problems))


def _parts(batch: CodedBatch) -> Iterator[dict[str, Any]]:
    """Yield the batch as request bodies, each under the server's body and article limits.

    The articles read but not coded (already stored) and the problems go with the last part.
    """
    body = batch_to_wire(batch)
    items, limit = body["articles"], MAX_BATCH_BODY // 2  # room for JSON's escapes and the other fields
    parts: list[list[dict[str, Any]]] = [[]]
    size = 0
    for item in items:
        length = len(json.dumps(item, ensure_ascii=False).encode())
        if parts[-1] and (size + length > limit or len(parts[-1]) >= MAX_BATCH_ARTICLES):
            parts.append([])
            size = 0
        parts[-1].append(item)
        size += length
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        yield {
            "read": len(part) + (batch.read - len(items) if last else 0),
            "articles": part,
            "problems": body["problems"] if last else [],
        }


def _post(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST a JSON body and return the JSON answer; `ServerError` with the server's own words otherwise."""
    try:
        response = client.post(path, json=body)
    except httpx.HTTPError as e:
        raise ServerError(f"{client.base_url}: cannot reach the server ({e})") from e
    try:
        answer: dict[str, Any] = response.json()
    except ValueError:
        answer = {}
    if response.status_code != 200 or not answer.get("ok"):
        said = answer.get("error") or response.text[:200] or response.reason_phrase
        hint = ""
        if response.status_code == 401:
            hint = " (give the token with --token, --token-file or DYADS_TOKEN)"
        elif response.status_code == 404:
            hint = " (is it `dyads serve --allow-ingest`, of this version?)"
        raise ServerError(f"{client.base_url}{path}: HTTP {response.status_code}: {said}{hint}")
    return answer
