"""Issue 23: live ingest. Write routes want the server's token; coded batches posted to a serving store
are checked, stored by its writer and seen by the next read; `dyads ingest --server` stores what a local
ingest stores; a store another process holds is named with the way out."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import serving
from dyads.api import create_app
from dyads.cli import app as cli
from dyads.live import open_when_free
from dyads.pipeline import CodedBatch
from dyads.store import Store
from dyads.wire import batch_to_wire

pytestmark = pytest.mark.issue(23)
runner = CliRunner()
TOKEN = "test-token-0123456789abcdef"
TEST_HOSTS = ["testserver"]  # the Host of starlette's TestClient; a real server allows only loopback
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEED = "Japan praised Brazil on Monday. Brazil thanked Japan for the aid.\n"
ARTICLES = [
    {
        "id": "live-1",
        "date": "2004-03-23",
        "text": "France criticized Italy on Tuesday over the migrant boats.",
    },
    {
        "id": "live-2",
        "date": "2004-03-24",
        "text": "Italy accused France of lying about the boats on Wednesday.",
    },
    {"id": "live-3", "date": "2004-03-24", "text": "Germany urged France and Italy to settle the dispute."},
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    (tmp_path / "seed.txt").write_text(SEED, encoding="utf-8")
    store = tmp_path / "live.duckdb"
    assert runner.invoke(cli, ["ingest", str(tmp_path / "seed.txt"), "--db", str(store)]).exit_code == 0
    return store


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, allow_ingest=True, token=TOKEN, allowed_hosts=TEST_HOSTS)) as client:
        yield client


def _coded(coder: Any, make_article: Any, text: str, **fields: Any) -> CodedBatch:
    article = make_article(text, published="2004-03-23", **fields)
    return CodedBatch(1, list(coder.code_articles([article])), [])


def test_write_routes_want_the_token_and_reads_do_not(client: TestClient) -> None:
    empty = {"read": 0, "articles": []}
    for path, body in (("/api/batches", empty), ("/api/ingest", {"paths": ["nothing.txt"]})):
        missing = client.post(path, json=body)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        assert missing.json() == {"ok": False, "error": missing.json()["error"], "status": 401}
        for wrong in ("Bearer not-the-token", "Bearer " + TOKEN[:-1], "Basic " + TOKEN, "Bearer é".encode()):
            answer = client.post(path, json=body, headers={"Authorization": wrong})
            assert answer.status_code in (401, 403), (wrong, answer.text)
            assert answer.json()["ok"] is False
        assert client.post(path, json=body, headers={"Authorization": "Bearer x" + TOKEN}).status_code == 403
    right = client.post("/api/batches", json=empty, headers=AUTH)
    assert right.status_code == 200 and right.json()["articles_added"] == 0
    assert client.get("/api/health").status_code == 200 and client.get("/api/events").status_code == 200
    schema = client.get("/openapi.json").json()
    responses = schema["paths"]["/api/batches"]["post"]["responses"]
    assert responses["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "401" in schema["paths"]["/api/ingest"]["post"]["responses"]
    assert schema["paths"]["/api/batches"]["post"]["security"] == [{"write token": []}]


def test_a_read_only_server_refuses_writes_and_a_server_without_a_token_makes_one(db: Path) -> None:
    with TestClient(create_app(db, allowed_hosts=TEST_HOSTS)) as client:
        refused = client.post("/api/batches", json={"read": 0, "articles": []}, headers=AUTH)
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]
    app = create_app(db, allow_ingest=True, allowed_hosts=TEST_HOSTS)
    assert len(app.state.token) >= 40  # secrets.token_urlsafe(32)
    with TestClient(app) as client:
        assert client.post("/api/batches", json={"read": 0, "articles": []}, headers=AUTH).status_code == 403


def test_a_batch_posted_while_reads_go_on_is_seen_by_the_next_read(
    client: TestClient, coder: Any, make_article: Any
) -> None:
    before = client.get("/api/health").json()["counts"]
    statuses: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for path in ("/api/events?limit=50", "/api/network", "/api/stories", "/api/health"):
                statuses.append(client.get(path).status_code)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        text = "France criticized Italy on Tuesday over the migrant boats."
        batch = _coded(coder, make_article, text, id="live-batch")
        stored = client.post("/api/batches", json=batch_to_wire(batch), headers=AUTH)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert stored.status_code == 200, stored.text
    mentions = sum(len(found) for _, found in batch.coded)
    assert mentions and stored.json()["mentions_added"] == mentions
    assert statuses and set(statuses) == {200}
    after = client.get("/api/health").json()["counts"]
    assert after["articles"] == before["articles"] + 1 and after["mentions"] == before["mentions"] + mentions
    events = client.get("/api/events", params={"q": "migrant boats"}).json()["events"]
    assert events and events[0]["article_id"] == "live-batch" and events[0]["story_id"]  # regrouped
    assert client.get("/articles/live-batch").status_code == 200
    again = client.post("/api/batches", json=batch_to_wire(batch), headers=AUTH).json()
    assert again["articles_added"] == 0 and again["articles_skipped"] == 1


def test_a_mention_that_misquotes_its_article_is_refused_and_nothing_is_stored(
    client: TestClient, coder: Any, make_article: Any
) -> None:
    good = _coded(coder, make_article, "France criticized Italy on Tuesday.", id="good")
    bad_article, bad_mentions = _coded(coder, make_article, "Italy accused France of lying.", id="bad").coded[
        0
    ]
    assert bad_mentions
    forged = replace(bad_mentions[0], sentence="Italy praised France warmly.")
    batch = CodedBatch(2, [*good.coded, (bad_article, [forged, *bad_mentions[1:]])], [])
    before = client.get("/api/health").json()["counts"]
    refused = client.post("/api/batches", json=batch_to_wire(batch), headers=AUTH)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["ok"] is False and body["status"] == 422 and "nothing stored" in body["error"]
    assert [(p["source"], p["stage"]) for p in body["problems"]] == [("bad", "batch")]
    assert "is not the article's text" in body["problems"][0]["reason"]
    assert client.get("/api/health").json()["counts"] == before
    assert client.get("/articles/good").status_code == 404
    # An offset past the text, and an id the content does not give, are refused the same way.
    for broken in (replace(bad_mentions[0], trigger_end=10_000), replace(bad_mentions[0], id="m-forged")):
        batch = CodedBatch(1, [(bad_article, [broken])], [])
        assert client.post("/api/batches", json=batch_to_wire(batch), headers=AUTH).status_code == 422
    wire = batch_to_wire(CodedBatch(1, [(bad_article, bad_mentions)], []))
    wire["articles"][0]["mentions"][0]["unknown_column"] = 1
    assert client.post("/api/batches", json=wire, headers=AUTH).status_code == 422
    assert client.get("/api/health").json()["counts"] == before


@pytest.fixture
def served(db: Path) -> Iterator[str]:
    with serving(create_app(db, allow_ingest=True, token=TOKEN)) as url:
        yield url


def test_cli_ingest_through_a_running_server_stores_what_a_local_ingest_stores(
    served: str, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (inbox / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    local = tmp_path / "local.duckdb"
    assert runner.invoke(cli, ["ingest", str(tmp_path / "seed.txt"), "--db", str(local)]).exit_code == 0
    here = runner.invoke(cli, ["ingest", str(inbox), "--db", str(local)])
    assert runner.invoke(cli, ["ingest", str(inbox), "--server", served]).exit_code == 2  # no token
    monkeypatch.setenv("DYADS_TOKEN", TOKEN)
    there = runner.invoke(cli, ["ingest", str(inbox), "--server", served])
    assert there.exit_code == here.exit_code == 1, there.output  # the broken file is a problem in both
    summary = here.output.strip().splitlines()[-1].split(" (")[0]
    assert summary in there.output and "3 articles added" in summary
    served_counts = json.loads(_get(served + "/api/health"))["counts"]
    with Store(local, read_only=True) as store:
        assert served_counts == store.counts()
    again = runner.invoke(cli, ["ingest", str(inbox), "--server", served])
    assert "0 articles added, 3 already stored" in again.output
    wrong = runner.invoke(cli, ["ingest", str(inbox), "--server", served, "--token", "x" * 20])
    assert wrong.exit_code == 2 and "HTTP 403" in wrong.output


def _get(url: str) -> str:
    import httpx

    return httpx.get(url, timeout=30).text


def _holder(db: Path) -> subprocess.Popen[str]:
    """Start a process that holds the store for writing until its standard input closes."""
    code = "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def _release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)


def test_cli_ingest_into_a_held_store_says_which_and_how(db: Path, tmp_path: Path) -> None:
    holder = _holder(db)
    try:
        result = runner.invoke(cli, ["ingest", str(tmp_path / "seed.txt"), "--db", str(db)])
    finally:
        _release(holder)
    assert result.exit_code == 2
    assert str(db) in result.output and "--server URL" in result.output and "--allow-ingest" in result.output


def test_a_server_started_while_the_store_is_held_waits_for_it(db: Path) -> None:
    holder = _holder(db)
    said: list[str] = []
    answers: list[int] = []

    def serve() -> None:  # the app's start-up (its lifespan) opens the store, waiting for it
        with TestClient(create_app(db, on_wait=said.append, allowed_hosts=TEST_HOSTS)) as client:
            answers.append(client.get("/api/health").status_code)

    try:
        starting = threading.Thread(target=serve)
        starting.start()
        deadline = time.monotonic() + 30
        while not said and time.monotonic() < deadline:
            time.sleep(0.05)
        assert said and str(db) in said[0] and "waiting" in said[0] and not answers
    finally:
        _release(holder)
    starting.join(timeout=30)
    assert answers == [200]
    with open_when_free(db, read_only=True) as store:  # free now: no wait, nothing said
        assert store.counts()["articles"] == 1
