"""The HTTP API over a store of the bundled sample (FastAPI TestClient, no network)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyads.api import MAX_PAGE, MAX_TEXT, create_app
from dyads.cli import app as cli

runner = CliRunner()


@pytest.fixture(scope="module")
def client(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("api") / "s.duckdb"
    assert runner.invoke(cli, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    return TestClient(create_app(db, allowed_hosts=["testserver"]))


def test_api_events_filter_and_paginate(client):
    first = client.get("/api/events", params={"actor": "CHN", "limit": 5}).json()
    second = client.get("/api/events", params={"actor": "CHN", "limit": 5, "offset": 5}).json()
    assert first["ok"] and len(first["events"]) == 5
    assert not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}
    assert all(
        e["source"].startswith("CHN") or (e["target"] or "").startswith("CHN") for e in first["events"]
    )


def test_api_event_with_mentions_and_evidence(client):
    event_id = client.get("/api/events", params={"root": "16"}).json()["events"][0]["event_id"]
    body = client.get(f"/api/events/{event_id}").json()
    assert body["mentions"] and all(m["sentence"] and m["event_id"] == event_id for m in body["mentions"])


def test_api_series_network_actors_stories(client):
    series = client.get("/api/dyads/CHN/USA/series", params={"freq": "M", "both": True}).json()["series"]
    assert series and series[0]["period"].startswith("2004-03")
    edges = client.get("/api/network").json()["edges"]
    assert {"source", "target", "events", "goldstein", "conflict"} <= set(edges[0])
    assert client.get("/api/actors").json()["actors"]
    stories = client.get("/api/stories").json()["stories"]
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert story["story"]["id"] == stories[0]["id"] and story["events"]


def test_api_code_a_text(client):
    body = client.post(
        "/api/code", json={"text": "France criticized Italy on Tuesday.", "date": "2004-03-25"}
    ).json()
    assert [(m["source"], m["cameo"], m["target"], m["date"]) for m in body["mentions"]] == [
        ("FRA", "111", "ITA", "2004-03-23")
    ]


@pytest.mark.parametrize(
    ("method", "url", "payload", "status"),
    [
        ("get", "/api/events/e-missing", None, 404),
        ("get", "/api/stories/s-missing", None, 404),
        ("get", "/api/events?limit=" + str(MAX_PAGE + 1), None, 422),
        ("get", "/api/events?actor=CHN';DROP TABLE events;--", None, 422),
        ("get", "/api/events?since=2004-03-01' OR 1=1", None, 422),
        ("get", "/api/dyads/CHN/1%3D1/series", None, 422),
        ("post", "/api/code", {"text": "x" * (MAX_TEXT + 1)}, 422),
        ("post", "/api/ingest", {"paths": ["/etc/passwd"]}, 403),
        ("get", "/api/nothing", None, 404),
    ],
)
def test_api_errors_have_one_shape(client, method, url, payload, status):
    response = (
        getattr(client, method)(url, json=payload) if payload is not None else getattr(client, method)(url)
    )
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str)


def test_api_store_untouched_by_hostile_filters(client):
    before = client.get("/api/health").json()["counts"]
    client.get("/api/events", params={"actor": "CHN'); DELETE FROM events; --"})
    assert client.get("/api/health").json()["counts"] == before


def test_api_openapi_schema(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/network", "/api/code"} <= set(schema["paths"])


def test_api_serves_the_dashboard_offline(client):
    page = client.get("/")
    assert page.status_code == 200 and '<div id="network"' in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        response = client.get(asset)
        assert response.status_code == 200
        assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in response.text


def test_api_filters_by_modality_and_confidence(client):
    future = client.get("/api/events", params={"modality": "future"}).json()["events"]
    assert future and all(e["modality"] == "future" for e in future)
    confident = client.get("/api/events", params={"min_confidence": 0.45}).json()["events"]
    assert all(e["confidence"] >= 0.45 for e in confident)
    edges = client.get("/api/network", params={"modality": "asserted", "actor": "CHN"}).json()["edges"]
    assert edges and all("CHN" in (e["source"][:3], e["target"][:3]) for e in edges)


def test_api_article_page_escapes_stored_text(tmp_path):
    hostile = tmp_path / "x.txt"
    hostile.write_text(
        "<script>alert(1)</script> Headline\n\nFrance criticized <b>Italy</b> on Tuesday.\n", encoding="utf-8"
    )
    db = tmp_path / "x.duckdb"
    assert runner.invoke(cli, ["ingest", str(hostile), "--db", str(db)]).exit_code == 0
    local = TestClient(create_app(db, allowed_hosts=["testserver"]))
    page = local.get("/articles/x.txt")
    assert page.status_code == 200
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert "&lt;b&gt;Italy&lt;/b&gt;" in page.text
    assert local.get("/articles/missing").json()["status"] == 404


@pytest.mark.issue(22)
def test_api_events_have_totals_and_next_links_that_walk_every_event(client):
    first = client.get("/api/events", params={"limit": 40}).json()
    seen, body = [], first
    while True:
        seen += [e["event_id"] for e in body["events"]]
        assert body["total"] == first["total"]
        if body["next"] is None:
            break
        body = client.get(body["next"]).json()
    assert len(seen) == len(set(seen)) == first["total"]


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("sort", "key", "descending"), [("-date", "date", True), ("confidence", "confidence", False)]
)
def test_api_events_sort(client, sort, key, descending):
    rows = client.get("/api/events", params={"sort": sort, "limit": 50}).json()["events"]
    values = [row[key] for row in rows if row[key] is not None]
    assert values == sorted(values, reverse=descending)


@pytest.mark.issue(22)
def test_api_events_text_search_over_evidence(client):
    body = client.get("/api/events", params={"q": "Human Rights Watch"}).json()
    assert body["total"] >= 1
    for event in body["events"]:
        mentions = client.get(f"/api/events/{event['event_id']}").json()["mentions"]
        assert any("human rights watch" in m["sentence"].lower() for m in mentions)


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/api/events?since=2018-13-45", "not a date"),
        ("/api/events?until=2005-02-30", "not a date"),
        ("/api/events?sinse=2004", "unknown query parameter 'sinse'"),
        ("/api/stories?foo=1", "unknown query parameter 'foo'"),
        ("/api/network?since=2004-00", "not a date"),
    ],
)
def test_api_refuses_impossible_dates_and_unknown_parameters(client, url, says):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["ok"] is False and says in response.json()["error"]


@pytest.mark.issue(22)
def test_api_error_schema_is_the_real_body(client):
    schema = client.get("/openapi.json").json()
    declared = schema["paths"]["/api/events"]["get"]["responses"]["422"]["content"]["application/json"][
        "schema"
    ]
    assert declared["$ref"].endswith("/ErrorBody")
    body = client.get("/api/events?since=2018-13-45").json()
    assert set(body) == set(schema["components"]["schemas"]["ErrorBody"]["properties"])


@pytest.mark.issue(22)
def test_api_stories_page_and_story_timeline_pages(client):
    stories = client.get("/api/stories", params={"limit": 1}).json()
    assert stories["total"] >= 2 and stories["next"]
    largest = max(client.get("/api/stories").json()["stories"], key=lambda s: s["num_events"])
    page = client.get(f"/api/stories/{largest['id']}", params={"limit": 5}).json()
    assert len(page["events"]) == 5 and page["total"] == largest["num_events"] and page["next"]


@pytest.mark.issue(22)
def test_api_places_count_every_located_event(client):
    body = client.get("/api/places").json()
    located = [e for e in client.get("/api/events", params={"limit": 500}).json()["events"] if e["location"]]
    assert body["located"] == len(located) == sum(p["events"] for p in body["places"])
    name = body["places"][0]["name"]
    at = client.get("/api/events", params={"place": name}).json()
    assert at["total"] == body["places"][0]["events"]


@pytest.mark.issue(22)
@pytest.mark.parametrize("size", [0.0625, 2, 8, 45])
def test_api_map_clusters_partition_the_located_events(client, size):
    located = client.get("/api/places").json()["located"]
    body = client.get("/api/places", params={"grid": size}).json()
    assert body["located"] == located == sum(c["events"] for c in body["places"])
    for cluster in body["places"]:
        at = client.get("/api/events", params={"cell": f"{size}:{cluster['row']}:{cluster['column']}"}).json()
        assert at["total"] == cluster["events"]  # a point lists exactly its events
        assert all(cluster["row"] == e["location"]["lat"] // size for e in at["events"])
    if size >= 45:
        assert len(body["places"]) < len(client.get("/api/places").json()["places"])  # clustered


@pytest.mark.issue(22)
def test_api_edge_lists_exactly_an_edges_events(client):
    for edge in client.get("/api/network", params={"limit": 10}).json()["edges"]:
        at = client.get("/api/events", params={"edge": f"{edge['source']}>{edge['target']}"}).json()
        assert at["total"] == edge["events"]
        assert {(e["source"], e["target"]) for e in at["events"]} == {(edge["source"], edge["target"])}
    for bad in ("CHN", "CHN>", "chn>usa", "CHN,USA"):
        assert client.get("/api/events", params={"edge": bad}).status_code == 422
    for bad in ("0:1:1", "91:0:0", "x:1:1", "2:1"):
        assert client.get("/api/events", params={"cell": bad}).status_code == 422


@pytest.mark.issue(22)
def test_api_series_has_every_period_and_each_bar_its_events(client):
    series = client.get("/api/dyads/CHN/USA/series", params={"freq": "W", "both": True}).json()["series"]
    periods = [row["period"] for row in series]
    assert periods == sorted(periods) and len(set(periods)) == len(periods)
    assert any(row["events"] == 0 for row in series)  # a quiet week is on the axis, not skipped
    for row in series:
        listed = client.get(
            "/api/events", params={"dyad": "CHN,USA", "period": row["period"], "freq": "W", "limit": 500}
        ).json()
        assert listed["total"] == row["events"]
