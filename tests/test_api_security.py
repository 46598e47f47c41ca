"""Issue 12: the HTTP API refuses or escapes hostile input: SQL injection through every filter, path
traversal through every path or file parameter, oversized bodies, and XSS through stored article text."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyads.api import MAX_BODY, MAX_TEXT, create_app
from dyads.cli import app as cli

runner = CliRunner()
XSS = {
    "id": "x<script>alert(1)</script>",
    "title": "<img src=x onerror=alert(2)>Talks",
    "source": "<b onmouseover=alert(3)>Courier</b>",
    "url": "javascript:alert(4)",
    "date": "2004-03-23",
    "text": "France criticized Italy on Tuesday. <script>alert(5)</script>\n\n"
    "Italy accused France of <img src=x onerror=alert(6)> \"lying\" & 'worse'.",
}
INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    "CHN' OR 1=1 --",
    "1 UNION SELECT text FROM articles",
    '" OR ""="',
    "2004-03-01' OR 1=1 --",
    "0; DELETE FROM mentions",
    "\\x00'",
)
# Every query parameter of every GET endpoint, with a valid value for the others.
QUERY_PARAMS = {
    "/api/events": (
        "since",
        "until",
        "actor",
        "root",
        "modality",
        "min_confidence",
        "story",
        "limit",
        "offset",
    ),
    "/api/dyads/CHN/USA/series": ("since", "until", "root", "modality", "min_confidence", "freq", "both"),
    "/api/network": ("since", "until", "actor", "root", "modality", "min_confidence", "limit"),
    "/api/actors": ("limit",),
    "/api/stories": ("limit",),
}
PATH_TEMPLATES = (
    "/api/events/{}",
    "/api/stories/{}",
    "/api/dyads/{}/USA/series",
    "/api/dyads/CHN/{}/series",
    "/articles/{}",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("security")
    (root / "xss.jsonl").write_text(json.dumps(XSS) + "\n", encoding="utf-8")
    db = root / "s.duckdb"
    assert runner.invoke(cli, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    assert runner.invoke(cli, ["ingest", str(root / "xss.jsonl"), "--db", str(db)]).exit_code == 0
    return db


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as client:
        yield client


def _counts(client: TestClient) -> dict[str, int]:
    return dict(client.get("/api/health").json()["counts"])


@pytest.mark.issue(12)
def test_sql_injection_through_every_filter_is_refused_or_inert(client: TestClient) -> None:
    before = _counts(client)
    baseline = {path: client.get(path).json() for path in QUERY_PARAMS}
    tried = 0
    for path, params in QUERY_PARAMS.items():
        for param in params:
            for payload in INJECTIONS:
                response = client.get(path, params={param: payload})
                tried += 1
                assert response.status_code in (200, 422), (path, param, payload, response.text)
                if response.status_code == 200:
                    # Taken as a plain value: it matches nothing, or (both=) parses as a boolean and filters nothing.
                    body = response.json()
                    rows = next(value for key, value in body.items() if isinstance(value, list))
                    assert rows == [] or body == baseline[path], (path, param, payload)
    for template in PATH_TEMPLATES:
        for payload in INJECTIONS:
            response = client.get(template.format(payload.replace("/", "%2F")))
            tried += 1
            assert response.status_code in (404, 422), (template, payload, response.text)
    assert tried >= 240
    assert _counts(client) == before  # nothing dropped, deleted or added


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "url",
    [
        "/static/../api.py",
        "/static/%2e%2e/api.py",
        "/static/..%2fapi.py",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/....//....//api.py",
        "/static/%252e%252e/api.py",
        "/articles/..%2F..%2F..%2Fetc%2Fpasswd",
        "/articles/../../etc/passwd",
        "/api/events/..%2F..%2Fetc%2Fpasswd",
        "/api/stories/..%2Fstore",
    ],
)
def test_path_traversal_through_urls_reads_nothing(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (404, 422), response.text[:200]
    assert "create_app" not in response.text and "root:" not in response.text


@pytest.fixture
def ingest_client(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    inside = tmp_path / "inbox"
    inside.mkdir()
    (inside / "story.txt").write_text("France criticized Italy on Tuesday.\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("Japan praised Brazil. The password is hunter2.\n", encoding="utf-8")
    os.symlink(secret, inside / "link.txt")
    db = tmp_path / "rw.duckdb"
    assert runner.invoke(cli, ["ingest", str(inside / "story.txt"), "--db", str(db)]).exit_code == 0
    token = "security-test-token-0123456789"  # issue 23: writes want the server's token
    app = create_app(db, allow_ingest=True, ingest_dir=inside, token=token)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client, inside


@pytest.mark.issue(12)
def test_ingest_paths_must_stay_inside_the_ingest_directory(ingest_client: tuple[TestClient, Path]) -> None:
    client, inside = ingest_client
    for given, status in [
        ("/etc/passwd", 403),
        ("../secret.txt", 403),
        ("story.txt/../../secret.txt", 403),
        (str(inside / ".." / "secret.txt"), 403),
        ("link.txt", 403),  # a symbolic link out of the directory
        ("-", 200),  # a file named "-" inside it, not the server's standard input
        ("bad\x00name", 422),
        ("x" * 5000, 422),
    ]:
        response = client.post("/api/ingest", json={"paths": [given]})
        assert response.status_code == status, (given, response.text)
        if status == 200:
            assert response.json()["problems"] == [f"{inside / '-'}: no such file or directory"]
    walked = client.post("/api/ingest", json={"paths": ["."]}).json()  # a directory walk meets the link
    assert walked["articles_added"] == 0  # story.txt was stored before
    assert walked["problems"] == [
        f"{inside / 'link.txt'}: outside {inside}, the only directory ingest may read"
    ]
    assert client.get("/articles/secret.txt").status_code == 404
    assert client.post("/api/ingest", json={"paths": ["x"] * 101}).status_code == 422


@pytest.mark.issue(12)
def test_oversized_bodies_are_refused_before_they_are_read(client: TestClient) -> None:
    huge = b'{"text": "' + b"a" * (MAX_BODY + 10) + b'"}'
    response = client.post("/api/code", content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["ok"] is False

    def chunks() -> Iterator[bytes]:  # no content-length: counted as it streams
        yield b'{"text": "'
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    response = client.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text[:200]
    response = client.post("/api/code", content=b"{}", headers={"content-length": "abc"})
    assert response.status_code in (400, 413)
    assert client.post("/api/code", json={"text": "x" * (MAX_TEXT + 1)}).status_code == 422
    assert client.post("/api/ingest", json={"paths": ["x"]}).status_code == 403  # read-only server


@pytest.mark.issue(12)
def test_stored_article_text_is_escaped_on_the_article_page(client: TestClient) -> None:
    response = client.get("/articles/" + XSS["id"].replace("/", "%2F"))
    assert response.status_code == 200
    page = response.text
    for raw in ("<script", "<img", "<b "):
        assert raw not in page, raw
    assert "javascript:alert(4)" in page and 'href="javascript' not in page  # the url is text, not a link
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(6)&gt;" in page
    assert "&quot;lying&quot; &amp; &#x27;worse&#x27;" in page
    assert "<title>&lt;img src=x onerror=alert(2)&gt;Talks</title>" in page
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.issue(12)
def test_stored_article_text_reaches_the_dashboard_as_json_data_only(client: TestClient) -> None:
    events = client.get("/api/events", params={"actor": "FRA"}).json()["events"]
    mine = [e for e in events if e["article_id"] == XSS["id"]]
    assert mine, events
    response = client.get(f"/api/events/{mine[0]['event_id']}")
    assert response.headers["content-type"] == "application/json"
    dashboard = client.get("/")
    assert "default-src 'self'" in dashboard.headers["content-security-policy"]
    # The dashboard writes API text with textContent only (app.js): no HTML sink anywhere.
    script = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
