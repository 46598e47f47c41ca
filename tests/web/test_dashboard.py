"""The dashboard in a real Chromium (Playwright, Debian's chromium): views load, clicks show evidence.

Skipped when Playwright or /usr/bin/chromium is missing; `.ci/run` installs both. Screenshots go to
the pytest temporary directory. Any console error, or any request leaving loopback, fails the test.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import serving
from dyads.cli import app as cli

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("no Chromium installed (apt-get install chromium)", allow_module_level=True)

BAR = "#series .barlayer .point path"  # a bar of the plotly.js dyad chart
POINT = "#map .trace.scattergeo path.point"  # a place on the plotly.js map
# What the map's places trace says it draws: the events of each point.
MAPPED = "() => document.getElementById('map').data.find((t) => t.name === 'places').customdata"
ARROW = "#network .scatterlayer .trace path.point"  # markers of the plotly.js network (arrows and actors)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _serving(db: Path) -> contextlib.AbstractContextManager[str]:
    """Serve a store's dashboard and API on a free loopback port; yield its base URL."""
    from dyads.api import create_app

    return serving(create_app(db))


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("web") / "s.duckdb"
    assert CliRunner().invoke(cli, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    with _serving(db) as url:
        yield url


@pytest.fixture
def page(server, tmp_path):  # type: ignore[no-untyped-def]
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        opened = context.new_page()
        problems: list[str] = []
        opened.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

        def only_loopback(route):  # type: ignore[no-untyped-def]
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                problems.append(f"request left loopback: {route.request.url}")
                route.abort()

        opened.route("**/*", only_loopback)
        yield opened, problems
        opened.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        browser.close()


def test_dashboard_shows_every_view(server, page):
    opened, problems = page
    opened.goto(f"{server}/?a=CHN&b=USA&freq=W")
    opened.wait_for_selector(BAR)
    opened.wait_for_selector(ARROW)
    opened.wait_for_selector(POINT)
    opened.wait_for_selector("#stories li")
    assert opened.locator("#events tbody tr").count() > 50
    assert "China" in opened.locator("#stories").inner_text()
    assert problems == []


def _trace_points(opened, chart: str, name: str):  # type: ignore[no-untyped-def]
    """Return the locator of the drawn points of one named plotly.js trace of a chart."""
    index = opened.evaluate(
        f"() => document.getElementById('{chart}').data.findIndex((t) => t.name === '{name}')"
    )
    assert index >= 0, f"{chart} has no {name} trace"
    return opened.locator(f"#{chart} .scatterlayer .trace:nth-child({index + 1}) path.point")


def _click_an_arrow(opened) -> tuple[str, str, int]:  # type: ignore[no-untyped-def]
    """Click the network arrow farthest from any other point (so the click cannot land on a neighbour)."""
    opened.wait_for_selector(ARROW)
    arrows = _trace_points(opened, "network", "edges")
    index, (source, target, count) = opened.evaluate(
        """() => {
          const data = document.getElementById('network').data;
          const all = data.filter((t) => t.mode === 'markers').flatMap((t) => t.x.map((x, i) => [x, t.y[i]]));
          const edges = data.find((t) => t.name === 'edges');
          const room = edges.x.map((x, i) => Math.min(...all.map(([ox, oy]) =>
            (ox === x && oy === edges.y[i]) ? Infinity : Math.hypot(ox - x, oy - edges.y[i]))));
          const best = room.indexOf(Math.max(...room));
          return [best, edges.customdata[best]];
        }"""
    )
    arrows.nth(index).click(force=True)
    return source, target, count


@pytest.mark.issue(22)
def test_dashboard_click_edge_lists_exactly_its_events(server, page):
    opened, problems = page
    opened.goto(server)
    opened.wait_for_selector(ARROW)
    source, target, count = _click_an_arrow(opened)
    title = opened.locator("#evidence-list h3")
    title.wait_for()
    assert title.inner_text().startswith(f"{source} → {target}")
    listed = _api(server, "/api/events", edge=f"{source}>{target}", limit=500)
    assert listed["total"] == count and f"{count} events" in title.inner_text()
    reports = sum(
        len(_api(server, f"/api/events/{e['event_id']}")["mentions"]) for e in listed["events"][:50]
    )
    assert opened.locator("#evidence-list .mention").count() == reports
    assert opened.locator("#evidence-list .mention").first.locator("mark").count() >= 1
    assert problems == []


def test_dashboard_story_timeline_and_filters_in_url(server, page):
    opened, problems = page
    opened.goto(server)
    opened.wait_for_selector("#stories li")
    opened.locator("#stories li", has_text="China suspends").click()
    opened.wait_for_selector("#timeline li")
    opened.fill("input[name=actor]", "CHN")
    opened.click("button[type=submit]")
    opened.wait_for_function("window.location.search.includes('actor=CHN')")
    assert problems == []


def test_dashboard_pick_a_dyad_and_open_evidence(server, page):
    opened, problems = page
    opened.goto(server)
    opened.fill("input[name=a]", "CHN")
    opened.fill("input[name=b]", "USA")
    opened.select_option("select[name=freq]", "M")
    opened.click("button[type=submit]")
    opened.wait_for_function("window.location.search.includes('freq=M')")
    opened.wait_for_selector(BAR)
    assert "CHN ↔ USA" in opened.locator("#series-note").inner_text()
    _click_a_bar(opened)
    opened.wait_for_selector("#evidence-list .mention a.article-link")
    assert problems == []


@pytest.mark.issue(22)
def test_api_docs_render_offline(server, page):
    opened, problems = page
    opened.goto(server + "/docs")
    opened.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=15000)
    assert opened.locator(".swagger-ui .opblock-summary-path", has_text="/api/events").count() >= 1
    opened.goto(server + "/redoc")
    opened.get_by_text("/api/events", exact=True).first.wait_for(timeout=15000)
    # ReDoc's bundle asks for its "powered by" logo from its CDN; the page's CSP blocks it, so nothing
    # leaves loopback (a request that did would be listed) and the docs render without it.
    assert [p for p in problems if "cdn.redoc.ly/redoc/logo-mini.svg" not in p] == []


def _click_a_bar(opened, *, last: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Click a bar of the dyad chart that has height (stacked bars of zero events are drawn flat)."""
    opened.wait_for_selector(BAR)
    tall = opened.evaluate(
        "(selector) => [...document.querySelectorAll(selector)]"
        ".map((bar, i) => [bar.getBBox().height, i]).filter(([h]) => h > 2).map(([, i]) => i)",
        BAR,
    )
    assert tall, "no bar with events"
    opened.locator(BAR).nth(tall[-1] if last else tall[0]).click(force=True)


def _api(server: str, path: str, **query: object) -> dict:
    import json
    import urllib.parse
    import urllib.request

    url = f"{server}{path}?{urllib.parse.urlencode(query)}" if query else f"{server}{path}"
    with urllib.request.urlopen(url) as response:  # loopback only
        return json.loads(response.read())


@pytest.mark.issue(22)
def test_dashboard_bar_click_lists_exactly_its_reports(server, page):
    opened, problems = page
    opened.goto(f"{server}/?a=CHN&b=USA&freq=W")
    _click_a_bar(opened)
    title = opened.locator("#evidence-list h3")
    title.wait_for()
    period = title.inner_text().split(", ")[1].split(" ")[0]
    events = _api(server, "/api/events", dyad="CHN,USA", period=period, freq="W", limit=500)
    reports = sum(len(_api(server, f"/api/events/{e['event_id']}")["mentions"]) for e in events["events"])
    assert events["total"] > 0 and f"{events['total']} events" in title.inner_text()
    assert opened.locator("#evidence-list .mention").count() == reports
    shown = opened.locator("#evidence-list .mention .meta.rule").first.inner_text()
    assert "confidence" in shown and "rule" in shown  # the evidence panel says how it was coded
    assert problems == []


@pytest.mark.issue(22)
def test_dashboard_map_counts_every_located_event_and_the_table_pages(server, page):
    opened, problems = page
    opened.goto(server)
    opened.wait_for_selector(POINT)
    drawn = sum(opened.evaluate(MAPPED))
    located = sum(1 for e in _api(server, "/api/events", limit=500)["events"] if e["location"])
    assert drawn == located
    assert f"{located} located events" in opened.locator("#map-note").inner_text()
    total = _api(server, "/api/events", limit=1)["total"]
    opened.wait_for_selector("#events tbody tr")
    assert opened.locator("#events-note").inner_text() == f"events 1–{min(100, total)} of {total}"
    if total > 100:
        opened.click("#events-next")
        opened.locator("#events-note", has_text="events 101–").wait_for()
        assert opened.locator("#events tbody tr").count() == min(100, total - 100)
    assert problems == []


@pytest.mark.issue(22)
def test_dashboard_map_has_outlines_and_clusters_and_a_point_lists_exactly_its_events(server, page, tmp_path):
    opened, problems = page
    opened.goto(server)
    opened.wait_for_selector(POINT)
    outlines = opened.evaluate(
        "() => document.getElementById('map').data.find((t) => t.name === 'outlines').lon.filter((x) => x === null).length"
    )
    assert outlines > 150  # a ring per country outline at least (Natural Earth 1:110m, from the package)
    assert opened.locator("#map .trace.scattergeo path.js-line").count() >= 1
    opened.locator("#map-view").screenshot(path=str(tmp_path / "map.png"))
    located = _api(server, "/api/places")["located"]
    assert "clustered on a 8° grid" in opened.locator("#map-note").inner_text()
    assert sum(opened.evaluate(MAPPED)) == located
    # a point leads to exactly its cluster's events
    where = opened.evaluate(
        "() => document.getElementById('map').data.find((t) => t.name === 'places').meta[0]"
    )
    opened.locator(POINT).first.click(force=True)
    title = opened.locator("#evidence-list h3")
    title.wait_for()
    listed = _api(server, "/api/events", limit=500, **where)
    assert listed["total"] >= 1 and f"{listed['total']} events" in title.inner_text()
    # zooming in splits clusters on a finer grid; every located event is still drawn once
    opened.locator("#map").hover()
    for _ in range(3):
        opened.mouse.wheel(0, -400)
        opened.wait_for_timeout(150)
    opened.wait_for_function("!document.getElementById('map-note').textContent.includes('8° grid')")
    assert sum(opened.evaluate(MAPPED)) == located
    assert problems == []


@pytest.mark.issue(22)
def test_dashboard_network_zooms_and_labels_sit_outside_the_ring(server, page):
    opened, problems = page
    opened.goto(server)
    opened.wait_for_selector(ARROW)
    x_range = (
        "() => document.getElementById('network')._fullLayout.xaxis.range.map((v) => v.toFixed(3)).join(' ')"
    )
    before = opened.evaluate(x_range)
    opened.locator("#network").hover()
    opened.mouse.wheel(0, -300)
    opened.wait_for_function(f"({x_range})() !== {before!r}")
    actors = opened.evaluate(
        "() => document.getElementById('network').data.find((t) => t.name === 'actors').text"
    )
    labels = opened.evaluate(
        "() => document.getElementById('network').layout.annotations.map((a) => [a.text, a.textangle, a.xshift])"
    )
    assert [text for text, _, _ in labels] == actors  # every actor is labelled
    assert len({angle for _, angle, _ in labels}) > len(actors) / 2  # along its own radius
    assert {shift > 0 for _, _, shift in labels} == {True, False}  # outside the ring, on both sides
    opened.locator("#network .nsewdrag").first.dblclick(force=True)
    opened.wait_for_function(f"({x_range})() === {before!r}")
    assert problems == []


@pytest.mark.issue(22)
def test_dashboard_an_event_row_and_a_story_item_show_their_reports(server, page):
    opened, problems = page
    opened.goto(server)
    opened.wait_for_selector("#events tbody tr")
    first = _api(server, "/api/events", limit=1)["events"][0]
    opened.locator("#events tbody tr").first.click()
    opened.locator("#evidence-list h3", has_text="— 1 events").wait_for()
    mentions = _api(server, f"/api/events/{first['event_id']}")["mentions"]
    assert opened.locator("#evidence-list .mention").count() == len(mentions)
    assert mentions[0]["sentence"][:40] in opened.locator("#evidence-list .mention").first.inner_text()
    # a story opens its timeline, and a timeline item its event's reports
    opened.locator("#stories li.clickable").first.click()
    opened.wait_for_selector("#timeline li.clickable")
    opened.locator("#timeline li.clickable").first.click()
    opened.locator("#evidence-list h3", has_text="— 1 events").wait_for()
    assert opened.locator("#evidence-list .mention").count() >= 1
    link = opened.locator("#evidence-list a.article-link").first.get_attribute("href")
    article = opened.context.new_page()
    article.goto(server + str(link))
    assert article.locator("main.article h1").inner_text()
    article.close()
    assert problems == []


@pytest.mark.issue(22)
def test_dashboard_layout_at_1024_pixels(server, page, tmp_path):
    opened, problems = page
    opened.set_viewport_size({"width": 1024, "height": 768})
    opened.goto(server)
    opened.wait_for_selector(BAR)
    width = opened.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1024  # nothing runs off the side
    for view in ("#series-view", "#network-view", "#map-view", "#events-view", "#evidence"):
        box = opened.locator(view).bounding_box()
        assert box is not None and box["width"] >= 300, view
    opened.screenshot(path=str(tmp_path / "dashboard-1024.png"), full_page=True)
    assert problems == []


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The dashboard over a store of real size: 20,000 events, time-shifted copies of the sample's."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("big")
    assert CliRunner().invoke(cli, ["ingest", "--sample", "--db", str(root / "s.duckdb")]).exit_code == 0
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "synthetic_store.py"
    subprocess.run(
        [sys.executable, str(script), str(root / "s.duckdb"), str(root / "big.duckdb"), "--events", "20000"],
        check=True,
        capture_output=True,
    )
    with _serving(root / "big.duckdb") as url:
        yield url


@pytest.mark.issue(22)
def test_dashboard_on_a_store_of_real_size(big_server, page):
    opened, problems = page
    server = big_server
    opened.goto(f"{server}/?freq=M")
    total = _api(server, "/api/events", limit=1)["total"]
    assert total >= 20000
    opened.locator("#events-note", has_text=f"of {total}").wait_for()
    # every located event is on the map, however many there are
    opened.wait_for_selector(POINT)
    drawn = sum(opened.evaluate(MAPPED))
    assert drawn == _api(server, "/api/places")["located"] > 8
    # a bar lists exactly its reports
    _click_a_bar(opened, last=True)
    title = opened.locator("#evidence-list h3")
    title.wait_for()
    dyad, rest = title.inner_text().split(", ", 1)
    period = rest.split(" ")[0]
    listed = _api(server, "/api/events", dyad=dyad.replace(" ↔ ", ","), period=period, freq="M", limit=500)
    assert f"{listed['total']} events" in title.inner_text()
    # stories come a page at a time
    stories = _api(server, "/api/stories", limit=1)["total"]
    assert stories > 100
    more = opened.locator("#stories li.more")
    assert f"(100 of {stories})" in more.inner_text()
    more.click()
    opened.locator("#stories li.more", has_text=f"(200 of {stories})").wait_for()
    # an arrow of the network lists exactly its events
    source, target, count = _click_an_arrow(opened)
    opened.locator("#evidence-list h3", has_text=f"{source} → {target}").wait_for()
    assert _api(server, "/api/events", edge=f"{source}>{target}", limit=1)["total"] == count
    assert re.search(rf"(of|—) {count} events$", title.inner_text())
    # and a point of the map, its cluster's
    where = opened.evaluate(
        "() => document.getElementById('map').data.find((t) => t.name === 'places').meta[0]"
    )
    opened.locator(POINT).first.click(force=True)
    listed = _api(server, "/api/events", limit=1, **where)
    opened.locator("#evidence-list h3", has_text=re.compile(rf"(of|—) {listed['total']} events$")).wait_for()
    assert problems == []
