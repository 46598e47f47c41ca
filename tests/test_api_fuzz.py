"""Issue 12: Schemathesis generates requests from the OpenAPI schema and sends them to the ASGI app: no 500s.

The app allows ingest (into an empty directory) so that POST /api/ingest is exercised too. Each
operation gets a bounded number of examples (Hypothesis drives Schemathesis' strategies directly:
its pytest plugin does not load under this pytest), so the run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from dyads.api import create_app
from dyads.cli import app as cli

EXAMPLES = 60


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, coder: object) -> schemathesis.BaseSchema:
    root = tmp_path_factory.mktemp("fuzz")
    db = root / "s.duckdb"
    assert CliRunner().invoke(cli, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    (root / "inbox").mkdir()
    app = create_app(db, allow_ingest=True, ingest_dir=root / "inbox", allowed_hosts=["testserver"])
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.issue(12)
def test_api_generated_requests_never_500(api_schema: schemathesis.BaseSchema) -> None:
    seen: dict[str, set[int]] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        # Valid requests and, as often, requests that break the schema (wrong types, patterns, sizes).
        cases = operation.as_strategy() | operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)

        @given(case=cases)
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def send(case: schemathesis.Case) -> None:
            response = case.call()
            seen.setdefault(f"{case.method} {case.path}", set()).add(response.status_code)
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                case.query,
                response.text[:500],
            )
            assert response.json()["ok"] is (response.status_code < 400), response.text[:300]

        send()
    assert len(seen) >= 9, seen  # every operation in the schema was called
    print("\n" + "\n".join(f"{label}: {sorted(codes)}" for label, codes in sorted(seen.items())))
