"""Issue 12: the HTTP API refuses or escapes hostile input: SQL injection through every filter, path
traversal through every path or file parameter, oversized bodies, and XSS through stored article text.

Issue 23: `serve --allow-ingest` reads only an explicit directory (no dotfiles, no links out) and
shows no server path; Host headers are checked (DNS rebinding); POST /api/code is bounded in size and
in the work it queues."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyads.api import LOCAL_HOSTS, MAX_BODY, MAX_TEXT, create_app
from dyads.cli import app as cli

runner = CliRunner()
TOKEN = "security-test-token-0123456789"  # issue 23: writes want the server's token
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
    with TestClient(create_app(db, allowed_hosts=["testserver"])) as client:
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
    token = TOKEN
    app = create_app(db, allow_ingest=True, ingest_dir=inside, token=token, allowed_hosts=["testserver"])
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
            assert response.json()["problems"] == ["-: no such file or directory"]
    walked = client.post("/api/ingest", json={"paths": ["."]}).json()  # a directory walk meets the link
    assert walked["articles_added"] == 0  # story.txt was stored before
    assert walked["problems"] == ["link.txt: outside the only directory ingest may read"]
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


def _error_body(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text[:300]  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str), body
    return dict(body)


@pytest.mark.issue(23)
def test_allow_ingest_reads_files_only_from_an_explicit_ingest_directory(db: Path, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SECRET=hunter2 and more words\n", encoding="utf-8")
    token = TOKEN
    # Without --ingest-dir (it once defaulted to the working directory, .env and all) no file is read.
    writable = tmp_path / "rw.duckdb"  # the module's read-only apps hold `db` open
    shutil.copy(db, writable)
    app = create_app(writable, allow_ingest=True, token=token, allowed_hosts=["testserver"])
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        refused = client.post("/api/ingest", json={"paths": [".env"]})
        assert refused.status_code == 403 and "--ingest-dir" in refused.json()["error"]
        assert client.get("/articles/.env").status_code == 404
    with pytest.raises(ValueError, match="only read with allow_ingest"):
        create_app(db, ingest_dir=tmp_path)
    with pytest.raises(ValueError, match="not a directory"):
        create_app(db, allow_ingest=True, ingest_dir=tmp_path / "absent")
    result = runner.invoke(
        cli, ["serve", "--db", str(db), "--allow-ingest", "--ingest-dir", str(tmp_path / "absent")]
    )
    said = "".join(result.output.replace("│", " ").split())
    assert result.exit_code == 2 and "nosuchdirectory" in said, result.output


@pytest.fixture
def dotted(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """An ingest directory holding secrets in dotfiles, and plainly named links to them."""
    inbox = tmp_path / "inbox"
    (inbox / ".git").mkdir(parents=True)
    (inbox / "sub").mkdir()
    (inbox / ".env").write_text("API_KEY=hunter2 France criticized Italy.\n", encoding="utf-8")
    (inbox / ".git" / "config").write_text("token = hunter2 France criticized Italy.\n", encoding="utf-8")
    (inbox / "sub" / ".hidden.txt").write_text("hunter2 France criticized Italy.\n", encoding="utf-8")
    (inbox / "story.txt").write_text("Japan praised Brazil on Monday.\n", encoding="utf-8")
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    os.symlink(inbox / ".env", inbox / "notes.txt")
    os.symlink(inbox / ".git", inbox / "gitlink")
    os.symlink(inbox / "story.txt", inbox / ".alias.txt")
    db = tmp_path / "rw.duckdb"
    token = TOKEN
    app = create_app(db, allow_ingest=True, ingest_dir=inbox, token=token, allowed_hosts=["testserver"])
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client, inbox


@pytest.mark.issue(23)
def test_ingest_never_reads_dotfiles_or_links_to_them(dotted: tuple[TestClient, Path]) -> None:
    client, inbox = dotted
    for given in (
        ".env",  # the probe's repro: then GET /articles/.env showed the secrets
        "./.env",
        str(inbox / ".env"),
        ".git/config",
        ".git",
        "sub/.hidden.txt",
        "sub/../.env",
        "notes.txt",  # a plainly named link to .env
        "gitlink/config",  # a plainly named link into .git
        ".alias.txt",  # a hidden name, whatever it points to
    ):
        body = _error_body(client.post("/api/ingest", json={"paths": [given]}), 403)
        assert "hidden" in str(body["error"]), (given, body)
    walked = client.post("/api/ingest", json={"paths": ["."]}).json()
    assert walked["articles_added"] == 1  # story.txt only
    assert sorted(walked["problems"]) == [
        "empty.txt: empty file",
        "notes.txt: a hidden file or in a dot-directory, which ingest does not read",
    ]
    for article in (".env", "notes.txt", "config", ".hidden.txt", ".alias.txt"):
        assert client.get(f"/articles/{article}").status_code == 404, article
    assert client.get("/api/events", params={"q": "hunter2"}).json()["total"] == 0


@pytest.mark.issue(23)
def test_ingest_answers_show_no_server_path(dotted: tuple[TestClient, Path]) -> None:
    client, inbox = dotted
    answers = [
        client.post("/api/ingest", json={"paths": ["sub", "empty.txt", "missing.txt", "story.txt"]}),
        client.post("/api/ingest", json={"paths": [str(inbox / "missing.txt")]}),
        client.post("/api/ingest", json={"paths": ["notes.txt"]}),
        client.post("/api/ingest", json={"paths": ["../elsewhere"]}),
    ]
    assert answers[0].json()["problems"] == [
        "empty.txt: empty file",
        "missing.txt: no such file or directory",
    ]
    assert answers[1].json()["problems"] == ["missing.txt: no such file or directory"]
    page = client.get("/articles/story.txt")
    assert page.status_code == 200 and "story.txt" in page.text
    for response in [*answers, page]:
        assert str(inbox) not in response.text and str(inbox.parent) not in response.text, response.text


@pytest.mark.issue(23)
@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost", 200),
        ("localhost:8000", 200),
        ("127.0.0.1:8000", 200),
        ("[::1]:8000", 200),
        ("LOCALHOST", 200),
        ("evil.example", 400),  # a page on evil.example whose name resolves to 127.0.0.1
        ("evil.example:8000", 400),
        ("127.0.0.1.evil.example", 400),
        ("localhost.", 400),
        ("testserver", 400),  # the test client's name is allowed only when a test asks for it
        ("", 400),
        ("[::1", 400),
    ],
)
def test_host_header_must_name_a_served_host(db: Path, host: str, status: int) -> None:
    client = TestClient(create_app(db))
    response = client.get("/api/health", headers={"host": host})
    if status == 200:
        assert response.status_code == 200 and response.json()["ok"] is True, response.text
    else:
        assert "hunter2" not in response.text and "counts" not in response.text
        assert "not served here" in str(_error_body(response, 400)["error"])
        assert response.headers["x-content-type-options"] == "nosniff"
        assert client.get("/", headers={"host": host}).status_code == 400  # the dashboard too


@pytest.mark.issue(23)
def test_serve_allows_its_own_interface_and_named_hosts(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    result = runner.invoke(
        cli,
        ["serve", "--db", str(db), "--host", "10.1.2.3", "--allowed-host", "events.example.org"],
    )
    assert result.exit_code == 0, result.output
    assert served["host"] == "10.1.2.3"
    client = TestClient(served["app"])  # type: ignore[arg-type]
    for host, status in [
        ("10.1.2.3:8000", 200),
        ("events.example.org", 200),
        ("127.0.0.1:8000", 200),
        ("evil.example", 400),
        ("10.1.2.4:8000", 400),
    ]:
        assert client.get("/api/health", headers={"host": host}).status_code == status, host
    assert LOCAL_HOSTS == ("localhost", "127.0.0.1", "[::1]")


class _GatedCoder:
    """A stand-in coder whose texts wait for the test to let them through (no timing involved)."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.gate = threading.Event()
        self.made = 0

    def make(self) -> _GatedCoder:
        self.made += 1
        return self

    def code_text(self, text: str, *, published: object = None) -> list[object]:
        self.started.release()
        assert self.gate.wait(60), "the test never opened the gate"
        return []


@pytest.mark.issue(23)
def test_code_text_over_the_size_cap_is_refused(db: Path) -> None:
    coder = _GatedCoder()
    coder.gate.set()
    app = create_app(db, allowed_hosts=["testserver"], make_coder=coder.make)  # type: ignore[arg-type]
    with TestClient(app) as client:
        assert MAX_TEXT == 20_000
        assert client.post("/api/code", json={"text": "x" * MAX_TEXT}).json() == {"ok": True, "mentions": []}
        body = _error_body(client.post("/api/code", json={"text": "x" * (MAX_TEXT + 1)}), 422)
        assert "20000" in str(body["error"]), body
        # As many characters sent as JSON escapes: the cap is on characters, the body fits.
        escaped = json.dumps({"text": "\u00e9" * (MAX_TEXT + 1)}, ensure_ascii=True)
        assert len(escaped) < MAX_BODY
        post = client.post("/api/code", content=escaped, headers={"content-type": "application/json"})
        _error_body(post, 422)
    assert coder.made == 1


@pytest.mark.issue(23)
def test_code_queue_full_is_refused_at_once_with_retry_after(db: Path) -> None:
    coder = _GatedCoder()
    app = create_app(
        db,
        allowed_hosts=["testserver"],
        code_workers=1,
        code_queue=1,
        make_coder=coder.make,  # type: ignore[arg-type]
    )
    answers: list[int] = []
    with TestClient(app) as client:

        def post() -> None:
            answers.append(client.post("/api/code", json={"text": "France criticized Italy."}).status_code)

        first = threading.Thread(target=post)
        first.start()
        assert coder.started.acquire(timeout=60)  # the worker holds the first text
        queued = threading.Thread(target=post)
        queued.start()
        for _ in range(6000):  # until the second holds the queue slot (it cannot be seen otherwise)
            if app.state.code_pool.taken == 2:
                break
            time.sleep(0.01)
        assert app.state.code_pool.taken == 2
        # The worker is busy and the one queue slot taken: a third is answered now, while both wait.
        busy = client.post("/api/code", json={"text": "Japan praised Brazil."})
        assert "busy" in str(_error_body(busy, 429)["error"])
        assert busy.headers["retry-after"].isdigit() and int(busy.headers["retry-after"]) >= 1
        assert answers == []
        coder.gate.set()
        first.join(60)
        queued.join(60)
        assert answers == [200, 200]
        assert client.post("/api/code", json={"text": "x"}).status_code == 200  # slots are given back
        assert app.state.code_pool.taken == 0
    assert coder.made == 1  # one coder, loaded once, for every request
    with pytest.raises(ValueError):
        create_app(db, code_workers=0)


@pytest.mark.issue(23)
@pytest.mark.parametrize(
    "url", ["/api/events?period=000١-01-01", "/api/events?since=٢٠٠٤", "/api/network?until=2004-0٣"]
)
def test_dates_in_other_digits_are_refused_not_a_500(client: TestClient, url: str) -> None:
    # Found by the long fuzz run: the pattern's \d took Arabic-Indic digits, the date parser did not.
    _error_body(client.get(url), 422)
    _error_body(
        client.post("/api/code", json={"text": "France criticized Italy.", "date": "٢٠٠٤-03-25"}), 422
    )


@pytest.mark.issue(23)
def test_a_store_error_names_the_store_file_not_where_the_server_keeps_it(tmp_path: Path) -> None:
    missing = tmp_path / "deep" / "gone.duckdb"
    client = TestClient(create_app(missing, allowed_hosts=["testserver"]))  # no lifespan: opened on use
    body = _error_body(client.get("/api/events"), 503)
    assert "gone.duckdb" in str(body["error"]) and str(tmp_path) not in str(body["error"])
