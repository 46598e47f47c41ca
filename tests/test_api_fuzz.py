"""Issues 12 and 23: the API under generated requests: no 5xx, and every body the one the schema declares.

Schemathesis generates requests from the OpenAPI schema and sends them to the ASGI app; its checks
(`not_a_server_error`, `response_schema_conformance`, `status_code_conformance`, `content_type_conformance`,
`response_headers_conformance`, `negative_data_rejection`, `positive_data_acceptance`) judge each answer.
Then Hypothesis property tests send every query parameter of every GET route (read from the schema,
so a new parameter without a strategy here fails) with valid, borderline and hostile values: the status
is 200, 404 or 422, and an error has the error shape.

The app allows ingest (into an empty directory) so that POST /api/ingest is exercised too. Budgets are
bounded (Hypothesis drives Schemathesis' strategies directly: its pytest plugin does not load under
this pytest), so the file takes well under a minute; `DYADS_FUZZ=long` runs many more examples.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup
from typer.testing import CliRunner

from dyads.api import create_app
from dyads.cli import app as cli
from dyads.store import EVENT_SORTS

LONG = os.environ.get("DYADS_FUZZ") == "long"
EXAMPLES = 1000 if LONG else 60  # per operation and generation mode
PROPERTY_EXAMPLES = 5000 if LONG else 400
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory, coder: object) -> Any:
    root = tmp_path_factory.mktemp("fuzz")
    db = root / "s.duckdb"
    assert CliRunner().invoke(cli, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    (root / "inbox").mkdir()
    # Schemathesis' ASGI transport and the TestClient both send Host: testserver.
    return create_app(db, allow_ingest=True, ingest_dir=root / "inbox", allowed_hosts=["testserver"])


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: Any) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)


def _tally(statuses: list[int]) -> str:
    """Return how many requests got each status ("200 x41, 422 x19")."""
    return ", ".join(f"{status} x{statuses.count(status)}" for status in sorted(set(statuses)))


def _impossible_date(response: Any) -> bool:
    """Return whether a 422 is for a date of the right shape that no calendar has (2005-02-30).

    A pattern cannot say which days a month has; the route says so in words, as documented.
    """
    return response.status_code == 422 and "is not a date" in response.json().get("error", "")


@pytest.mark.issue(12)
@pytest.mark.issue(23)
def test_api_generated_requests_never_500_and_match_the_schema(api_schema: schemathesis.BaseSchema) -> None:
    seen: dict[str, list[int]] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        # Valid requests and, as often, requests that break the schema (wrong types, patterns, sizes).
        cases = operation.as_strategy() | operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)

        @given(case=cases)
        @_settings(EXAMPLES)
        def send(case: schemathesis.Case) -> None:
            response = case.call()
            seen.setdefault(f"{case.method} {case.path}", []).append(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS)
                if not _impossible_date(response):
                    case.validate_response(response, checks=[positive_data_acceptance])
            except FailureGroup as failures:
                pytest.fail(f"{case.method} {case.formatted_path} {case.query}: {failures}")
            assert response.json()["ok"] is (response.status_code < 400), response.text[:300]

        send()
    assert len(seen) >= 9, seen  # every operation in the schema was called
    print("\n" + "\n".join(f"{label}: {_tally(codes)}" for label, codes in sorted(seen.items())))


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)  # anything a URL can carry
_CODES = st.sampled_from(["CHN", "USA", "FRA", "ITA", "CHNGOV", "USAGOV", "ISR", "PSE", "RUS", "XXX"])
_DATES = st.one_of(
    st.dates(dt.date(1980, 1, 1), dt.date(2030, 12, 31)).map(lambda day: day.isoformat()),
    st.dates(dt.date(1980, 1, 1), dt.date(2030, 12, 31)).map(lambda day: day.isoformat()[:7]),
    st.integers(1980, 2030).map(str),
)
_BAD_DATES = st.one_of(
    st.dates().map(lambda day: day.isoformat()),
    st.integers(0, 9999).map(lambda year: f"{year:04d}"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),  # impossible days (2018-13-45) among them
    st.sampled_from(["2004-02-30", "2004-00", "0000", "2004-3-1", "2004/03/01", "20040301"]),
)
_BAD_NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["nan", "inf", "-0", "1e-400", "0x10", "1_000"]),
)
_SORTS = st.sampled_from(sorted(EVENT_SORTS))
# Per query parameter the API takes: values it should take (200, or 404 for an id), and borderline and
# hostile ones (any status of 200, 404 and 422). Every value is also tried as arbitrary text.
STRATEGIES: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "since": (_DATES, _BAD_DATES),
    "until": (_DATES, _BAD_DATES),
    "period": (st.dates(dt.date(2004, 1, 1), dt.date(2004, 12, 31)).map(str), _BAD_DATES),
    "actor": (_CODES, st.from_regex(r"\A[A-Z]{1,40}\Z")),
    "root": (st.integers(1, 20).map(lambda n: f"{n:02d}"), st.integers(-1, 99).map(str)),
    "modality": (st.sampled_from(["asserted", "future", "negated", "hypothetical"]), st.just("Asserted")),
    "min_confidence": (st.floats(0, 1), st.one_of(st.floats(-1, 2), _BAD_NUMBERS)),
    "q": (st.sampled_from(["Human Rights Watch", "China", "talks", "%", "_", "'", '"', "\\"]), _TEXT),
    "story": (st.sampled_from(["s-missing", "s-0"]), st.text(min_size=41, max_size=60)),
    "dyad": (st.tuples(_CODES, _CODES).map(",".join), st.tuples(_CODES, _CODES).map(" , ".join)),
    "freq": (st.sampled_from(list("DWMdwm")), st.sampled_from(["Y", "x", "DD", "week"])),
    "place": (st.sampled_from(["Geneva", "Beijing", "Gaza", "Nowhere"]), st.text(min_size=190, max_size=220)),
    "sort": (_SORTS, _SORTS.map(lambda s: "+" + s) | _SORTS.map(str.upper)),  # "-date" is one of them
    "limit": (st.integers(1, 500), st.one_of(st.integers(-5, 0), st.integers(501, 30_000), _BAD_NUMBERS)),
    "offset": (st.integers(0, 200), st.one_of(st.integers(-5, -1), _BAD_NUMBERS)),
    "both": (st.sampled_from(["true", "false", "1", "0", "yes", "off"]), st.just("maybe")),
    "edge": (
        st.tuples(_CODES, _CODES).map(">".join),
        st.tuples(_CODES, _CODES).map(",".join) | st.from_regex(r"\A[A-Za-z>]{1,70}\Z"),
    ),
    "cell": (
        st.tuples(
            st.sampled_from(["8", "0.5", "0.0625", "45"]), st.integers(-90, 90), st.integers(-180, 180)
        ).map(lambda t: f"{t[0]}:{t[1]}:{t[2]}"),
        st.sampled_from(["0:1:1", "91:0:0", "8:1", "8:1:1:1", "-8:1:1", "8:x:1"])
        | st.from_regex(r"\A[0-9:.-]{1,30}\Z"),
    ),
    "grid": (
        st.sampled_from([8, 4, 0.5, 0.0625, 0.001, 90]),
        st.one_of(st.floats(-1, 0.000999), st.floats(90.001, 1e6), _BAD_NUMBERS),
    ),
}
_PATH_VALUES: dict[str, Callable[[TestClient], str]] = {
    "event_id": lambda client: client.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id"],
    "story_id": lambda client: client.get("/api/stories", params={"limit": 1}).json()["stories"][0]["id"],
    "source": lambda client: "CHN",
    "target": lambda client: "USA",
}


def _get_routes(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Return each GET route of the schema with its query parameters' names."""
    routes = {}
    for path, methods in schema["paths"].items():
        if "get" in methods:
            parameters = methods["get"].get("parameters", [])
            routes[path] = [p["name"] for p in parameters if p["in"] == "query"]
    return routes


def _check_answer(route: str, params: dict[str, str], response: Any) -> None:
    assert response.status_code in (200, 404, 422), (route, params, response.status_code, response.text[:300])
    body = response.json()
    if response.status_code == 200:
        assert body["ok"] is True, (route, params, body)
    else:
        assert set(body) == {"ok", "error", "status"}, (route, params, body)
        assert body["ok"] is False and body["status"] == response.status_code and body["error"], body


@pytest.mark.issue(23)
def test_every_query_parameter_of_every_route_gives_200_404_or_422(fuzzed_app: Any) -> None:
    client = TestClient(fuzzed_app)
    routes = _get_routes(client.get("/openapi.json").json())
    taken = {name for names in routes.values() for name in names}
    assert taken <= set(STRATEGIES), f"no strategy for {sorted(taken - set(STRATEGIES))}"
    assert {"/api/events", "/api/network", "/api/places", "/api/stories"} <= set(routes)
    concrete = {}
    for route in routes:
        url = route
        for name, value in _PATH_VALUES.items():
            if "{" + name + "}" in url:
                url = url.replace("{" + name + "}", value(client))
        concrete[route] = url
    assert not [url for url in concrete.values() if "{" in url], concrete
    statuses: dict[str, list[int]] = {}

    @st.composite
    def requests(draw: st.DrawFn) -> tuple[str, dict[str, Any], bool]:
        route = draw(st.sampled_from(sorted(routes)))
        names = draw(st.lists(st.sampled_from(routes[route]), unique=True)) if routes[route] else []
        # Half the requests only valid values: filters combined must work, not only be refused.
        hostile = draw(st.booleans())
        params = {}
        for name in names:
            valid, bad = STRATEGIES[name]
            params[name] = draw(st.one_of(valid, bad, _TEXT) if hostile else valid)
        unknown = draw(st.integers(0, 19)) == 0  # now and then a parameter the route may not take
        if unknown:
            params[draw(st.sampled_from(["sinse", "limt", "x", "actor", "dyad"]))] = "1"
        return route, params, not hostile and not unknown

    @given(request=requests())
    @_settings(PROPERTY_EXAMPLES)
    def send(request: tuple[str, dict[str, Any], bool]) -> None:
        route, params, valid = request
        sent = {name: str(value) for name, value in params.items()}
        response = client.get(concrete[route], params=sent)
        statuses.setdefault(route, []).append(response.status_code)
        _check_answer(route, sent, response)
        assert response.status_code == 200 or not valid, (route, sent, response.text[:300])

    send()
    print("\n" + "\n".join(f"{route}: {_tally(codes)}" for route, codes in sorted(statuses.items())))
    assert all(200 in codes for codes in statuses.values()), statuses  # not only ever refused


@pytest.mark.issue(23)
def test_the_schema_declares_the_errors_and_limits_the_app_has(fuzzed_app: Any) -> None:
    schema = TestClient(fuzzed_app).get("/openapi.json").json()
    code = schema["paths"]["/api/code"]["post"]["responses"]
    assert {"400", "413", "422", "429"} <= set(code)
    assert "Retry-After" in code["429"]["headers"]
    text = schema["components"]["schemas"]["CodeRequest"]["properties"]["text"]
    assert text["maxLength"] == 20_000
    series = schema["paths"]["/api/dyads/{source}/{target}/series"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("pattern") for p in series if p["in"] == "path"} == {
        "source": "^[A-Z]{1,30}$",
        "target": "^[A-Z]{1,30}$",
    }
