// The dyads dashboard: reads only the HTTP API, draws with plotly.js (served from its wheel), keeps its
// filters in the URL.
"use strict";

const form = document.getElementById("filters");

function params() {
  return new URLSearchParams(window.location.search);
}

function filters() {
  const p = params();
  const out = {};
  for (const key of ["since", "until", "actor", "root", "modality", "min_confidence"]) {
    if (p.get(key)) out[key] = p.get(key);
  }
  return out;
}

async function api(path, query = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const response = await fetch(url);
  const body = await response.json();
  if (!body.ok) throw new Error(body.error);
  return body;
}

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text; // text, never HTML: stored articles are untrusted
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// Evidence: each sentence with the source, trigger and target marked.
function highlighted(mention) {
  const sentence = mention.sentence;
  const marks = [];
  for (const [cls, words] of [["source", mention.source_name], ["target", mention.target_name], ["trigger", mention.trigger]]) {
    if (!words) continue;
    const at = sentence.indexOf(words);
    if (at >= 0 && !marks.some((m) => at < m.end && at + words.length > m.start)) {
      marks.push({ start: at, end: at + words.length, cls });
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const p = el("p");
  let cursor = 0;
  for (const mark of marks) {
    p.appendChild(document.createTextNode(sentence.slice(cursor, mark.start)));
    p.appendChild(el("mark", { class: mark.cls }, sentence.slice(mark.start, mark.end)));
    cursor = mark.end;
  }
  p.appendChild(document.createTextNode(sentence.slice(cursor)));
  return p;
}

function showMentions(title, mentions) {
  const list = document.getElementById("evidence-list");
  clear(list);
  list.appendChild(el("h3", {}, title));
  for (const mention of mentions) {
    const box = el("div", { class: "mention" });
    const place = mention.location ? ` · ${mention.location.name}` : "";
    const negated = mention.negated ? " (negated)" : "";
    box.appendChild(el("div", { class: "meta" },
      `${mention.date || "undated"} · ${mention.source || "-"} ${mention.cameo} ${mention.target || "-"} · ${mention.modality}${negated}${place} · ${mention.article_id}`));
    box.appendChild(highlighted(mention));
    box.appendChild(el("div", { class: "meta rule" },
      `confidence ${Number(mention.confidence).toFixed(2)} · rule ${mention.rule}`));
    box.appendChild(el("a", { href: `/articles/${encodeURIComponent(mention.article_id)}`, target: "_blank", class: "article-link" }, "read the article"));
    list.appendChild(box);
  }
  if (!mentions.length) list.appendChild(el("p", { class: "hint" }, "No reports."));
}

async function showEvents(title, events, total = events.length) {
  const mentions = [];
  for (const event of events.slice(0, 50)) {
    const body = await api(`/api/events/${encodeURIComponent(event.event_id)}`);
    mentions.push(...body.mentions);
  }
  const shown = Math.min(events.length, 50);
  showMentions(shown < total ? `${title} — the first ${shown} of ${total} events` : `${title} — ${total} events`, mentions);
}

// Every event a query selects (up to 500), with the total the API reports.
async function allEvents(query) {
  const body = await api("/api/events", { ...query, limit: 500 });
  return [body.events, body.total];
}

const QUADS = [
  [1, "verbal cooperation", "#8ce99a"],
  [2, "material cooperation", "#2b8a3e"],
  [3, "verbal conflict", "#ffa8a8"],
  [4, "material conflict", "#c92a2a"],
];

async function drawSeries() {
  const p = params();
  const chart = document.getElementById("series");
  let a = p.get("a");
  let b = p.get("b");
  if (!a || !b) {
    // No dyad chosen: show the store's busiest one, so the first view of any store has something in it.
    const top = (await api("/api/network", { ...filters(), limit: 1 })).edges[0];
    if (top) [a, b] = [top.source.slice(0, 3), top.target.slice(0, 3)];
    else [a, b] = ["CHN", "USA"];
  }
  const freq = p.get("freq") || "W";
  const { actor, ...rest } = filters();
  const body = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`, { ...rest, freq, both: "true" });
  const rows = body.series;
  document.getElementById("series-note").textContent =
    `${a} ↔ ${b}: ${rows.reduce((n, r) => n + r.events, 0)} events per ${{ D: "day", W: "week", M: "month" }[freq]}, stacked by QuadClass; the line is the mean Goldstein score. Click a bar for its reports.`;
  // plotly.js (from the plotly wheel): a real date axis, stacked bars, hover, zoom; every period is on the axis.
  const periods = rows.map((r) => r.period);
  const traces = QUADS.map(([q, name, color]) => ({
    type: "bar", name, x: periods, y: rows.map((r) => r[`quad${q}`]), marker: { color },
    hovertemplate: `%{x}: %{y} events (${name})<extra></extra>`,
  }));
  traces.push({
    type: "scatter", mode: "lines+markers", name: "mean Goldstein", x: periods, y: rows.map((r) => r.goldstein),
    yaxis: "y2", line: { color: "#1f2d3d" }, connectgaps: false,
  });
  const layout = {
    barmode: "stack", height: 260, margin: { l: 40, r: 40, t: 10, b: 40 }, showlegend: false,
    xaxis: { type: "date" }, yaxis: { title: { text: "events" }, rangemode: "tozero" },
    yaxis2: { overlaying: "y", side: "right", range: [-10, 10], title: { text: "Goldstein" }, zeroline: false },
  };
  await Plotly.react(chart, traces, layout, { displaylogo: false, responsive: true });
  chart.dataset.dyad = `${a},${b}`;
  chart.dataset.freq = freq;
  if (!chart.dataset.wired) {
    chart.dataset.wired = "yes";
    chart.on("plotly_click", async (click) => {
      const point = click.points.find((pt) => pt.data.type === "bar") || click.points[0];
      const period = String(point.x).slice(0, 10);
      const { actor: _, ...others } = filters(); // the dyad already says who
      const [events, total] = await allEvents({ ...others, dyad: chart.dataset.dyad, period, freq: chart.dataset.freq });
      showEvents(`${chart.dataset.dyad.replace(",", " ↔ ")}, ${period} (${chart.dataset.freq})`, events, total);
    });
  }
}

// The network: plotly.js on hidden axes (zoom, pan, double-click to reset come with it). Actors stand on a
// ring, each edge is a line whose width says how many events and whose colour says conflict or
// cooperation, and a marker 60% of the way along it points at the target and leads to its events.
async function drawNetwork() {
  const chart = document.getElementById("network");
  const edges = (await api("/api/network", { ...filters(), limit: 60 })).edges.filter((e) => e.source && e.target);
  const names = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  const at = {};
  const angles = {};
  names.forEach((name, i) => {
    angles[name] = (2 * Math.PI * i) / Math.max(1, names.length);
    at[name] = [Math.cos(angles[name]), Math.sin(angles[name])];
  });
  const top = Math.max(1, ...edges.map((e) => e.events));
  const colour = (edge) => (edge.conflict > 0.5 ? "#c92a2a" : "#2b8a3e");
  const traces = edges.map((edge) => ({
    type: "scatter", mode: "lines", name: "edge-line", hoverinfo: "skip", showlegend: false,
    x: [at[edge.source][0], at[edge.target][0]], y: [at[edge.source][1], at[edge.target][1]],
    line: { color: colour(edge), width: 1 + (5 * edge.events) / top }, opacity: 0.6,
  }));
  const along = (edge, axis) => 0.4 * at[edge.source][axis] + 0.6 * at[edge.target][axis];
  traces.push({
    type: "scatter", mode: "markers", name: "edges",
    x: edges.map((e) => along(e, 0)), y: edges.map((e) => along(e, 1)),
    customdata: edges.map((e) => [e.source, e.target, e.events]),
    text: edges.map((e) => `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${e.goldstein === null ? "-" : e.goldstein.toFixed(1)}`),
    hovertemplate: "%{text}<extra></extra>",
    marker: {
      symbol: "triangle-up", size: 11, color: edges.map(colour),
      // plotly's marker angle is clockwise from up: point each one from its source to its target.
      angle: edges.map((e) => (Math.atan2(at[e.target][0] - at[e.source][0], at[e.target][1] - at[e.source][1]) * 180) / Math.PI),
    },
  });
  traces.push({
    type: "scatter", mode: "markers", name: "actors", hoverinfo: "text",
    x: names.map((n) => at[n][0]), y: names.map((n) => at[n][1]), text: names, marker: { size: 9, color: "#1f2d3d" },
  });
  // Labels run outward along each actor's radius (turned upright on the left half), so neighbours on a
  // crowded ring never overlap; they are annotations, so they move with zoom and pan.
  const labels = names.map((name) => {
    const degrees = (angles[name] * 180) / Math.PI;
    const right = Math.cos(angles[name]) >= 0;
    // plotly turns a label about its centre: push the centre out by half the label's length (≈3 px a letter).
    const out = 8 + 3.1 * name.length;
    return {
      x: at[name][0], y: at[name][1], text: name, showarrow: false, font: { size: 10 },
      textangle: right ? -degrees : 180 - degrees, xshift: out * Math.cos(angles[name]), yshift: out * Math.sin(angles[name]),
    };
  });
  const axis = { visible: false, range: [-1.6, 1.6] };
  const layout = {
    height: 420, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false, dragmode: "pan", hovermode: "closest",
    xaxis: axis, yaxis: { ...axis, scaleanchor: "x" }, annotations: labels,
  };
  await Plotly.react(chart, traces, layout, { displaylogo: false, responsive: true, scrollZoom: true });
  document.getElementById("network-note").textContent =
    `${edges.length} busiest edges between ${names.length} actors; wheel to zoom, drag to pan, double-click to reset. Click an arrow for its events.`;
  if (!chart.dataset.wired) {
    chart.dataset.wired = "yes";
    chart.on("plotly_click", async (click) => {
      const point = click.points.find((pt) => pt.data.name === "edges");
      if (!point) return;
      const [source, target] = point.customdata;
      const [events, total] = await allEvents({ ...filters(), edge: `${source}>${target}` });
      showEvents(`${source} → ${target}`, events, total);
    });
  }
}

let eventsOffset = 0;
const PAGE = 100;

async function drawEvents() {
  const body = await api("/api/events", { ...filters(), limit: PAGE, offset: eventsOffset });
  const rows = document.querySelector("#events tbody");
  clear(rows);
  for (const event of body.events) {
    const row = el("tr", { class: "clickable" });
    for (const value of [event.date || "", event.source || "-", event.cameo, event.target || "-", String(event.num_mentions)]) {
      row.appendChild(el("td", {}, value));
    }
    row.addEventListener("click", () => showEvents(`${event.source || "-"} ${event.cameo} ${event.target || "-"}`, [event]));
    rows.appendChild(row);
  }
  const first = body.total ? body.offset + 1 : 0;
  document.getElementById("events-note").textContent = `events ${first}–${body.offset + body.events.length} of ${body.total}`;
  document.getElementById("events-prev").disabled = body.offset === 0;
  document.getElementById("events-next").disabled = !body.next;
}

document.getElementById("events-prev").addEventListener("click", () => { eventsOffset = Math.max(0, eventsOffset - PAGE); drawEvents(); });
document.getElementById("events-next").addEventListener("click", () => { eventsOffset += PAGE; drawEvents(); });

let outlines = null;

async function countryOutlines() {
  // Natural Earth's 1:110m country outlines, served by dyads from its own package: no tiles, no network.
  if (outlines === null) {
    const response = await fetch("/map/countries.geojson");
    outlines = response.ok ? (await response.json()).features : [];
  }
  return outlines;
}

// The map clusters places on a grid that shrinks as it zooms (computed by the store): a point is a cell, at
// its events' mean position, and lists exactly that cell's events. Past the finest grid, a point is a place.
const FINEST_SCALE = 64;

function mapCell(scale) {
  if (scale >= FINEST_SCALE) return null;
  return 8 / 2 ** Math.max(0, Math.floor(Math.log2(scale)));
}

let mapScale = 1;

async function drawMap() {
  // plotly.js geo with its own base map off (it would fetch one): Natural Earth's outlines from dyads'
  // package as lines, and a point per cluster sized by its events; every located event is counted.
  const cell = mapCell(mapScale);
  const query = cell === null ? filters() : { ...filters(), grid: cell };
  const [body, countries] = await Promise.all([api("/api/places", query), countryOutlines()]);
  const lon = [];
  const lat = [];
  for (const country of countries) {
    for (const ring of country.geometry.coordinates) {
      for (const [x, y] of ring) { lon.push(x); lat.push(y); }
      lon.push(null); lat.push(null);
    }
  }
  const points = body.places;
  const label = (p) => (p.places > 1 ? `${p.name} and ${p.places - 1} more place${p.places > 2 ? "s" : ""}` : p.name);
  const traces = [
    { type: "scattergeo", mode: "lines", lon, lat, line: { color: "#adb5bd", width: 0.6 }, hoverinfo: "skip", name: "outlines" },
    {
      type: "scattergeo", mode: "markers+text", name: "places",
      lon: points.map((p) => p.lon), lat: points.map((p) => p.lat), hovertext: points.map(label),
      // A cluster of several places shows its event count on the point.
      text: points.map((p) => (p.places > 1 ? String(p.events) : "")), textfont: { size: 10, color: "#fff" },
      customdata: points.map((p) => p.events),
      meta: points.map((p) => (cell === null ? { place: p.name } : { cell: `${cell}:${p.row}:${p.column}` })),
      marker: {
        size: points.map((p) => 8 + Math.min(22, Math.sqrt(p.events) * 3)),
        color: points.map((p) => (p.conflict > 0.5 ? "#c92a2a" : "#2b8a3e")), opacity: 0.8,
      },
      hovertemplate: "%{hovertext}: %{customdata} events<extra></extra>",
    },
  ];
  const layout = {
    height: 320, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false, uirevision: "map",
    geo: { visible: false, projection: { type: "equirectangular" }, lonaxis: { range: [-180, 180] }, lataxis: { range: [-60, 85] } },
  };
  const chart = document.getElementById("map");
  await Plotly.react(chart, traces, layout, { displaylogo: false, responsive: true, scrollZoom: true });
  chart.dataset.cell = cell === null ? "" : String(cell);
  if (!chart.dataset.wired) {
    chart.dataset.wired = "yes";
    chart.on("plotly_click", async (click) => {
      const point = click.points.find((pt) => pt.data.name === "places");
      if (!point) return;
      const where = point.data.meta[point.pointIndex];
      const [events, total] = await allEvents({ ...filters(), ...where });
      showEvents(point.data.hovertext[point.pointIndex], events, total);
    });
    chart.on("plotly_relayout", (change) => {
      const scale = change["geo.projection.scale"];
      if (scale === undefined || mapCell(scale) === mapCell(mapScale)) { mapScale = scale ?? mapScale; return; }
      mapScale = scale;
      drawMap();
    });
  }
  const clusters = cell === null ? "" : `, clustered on a ${cell}° grid (zoom in to split them)`;
  document.getElementById("map-note").textContent = `${body.located} located events at ${points.length} points${clusters}`;
}

async function drawStories(offset = 0) {
  const list = document.getElementById("stories");
  if (offset === 0) clear(list);
  list.querySelector("li.more")?.remove();
  const { since, until } = filters();
  const body = await api("/api/stories", { limit: PAGE, offset });
  const stories = body.stories.filter(
    (story) => (!since || (story.end || "") >= since) && (!until || (story.start || "") <= until),
  );
  for (const story of stories) {
    const item = el("li", { class: "clickable", "data-story": story.id }, `${story.start || ""} ${story.title} (${story.num_articles} articles, ${story.num_events} events)`);
    item.addEventListener("click", () => drawTimeline(story.id));
    list.appendChild(item);
  }
  if (body.next) {
    const more = el("li", { class: "clickable more" }, `more stories (${body.offset + body.stories.length} of ${body.total})`);
    more.addEventListener("click", () => drawStories(body.offset + body.stories.length));
    list.appendChild(more);
  }
}

async function drawTimeline(storyId, offset = 0) {
  const body = await api(`/api/stories/${encodeURIComponent(storyId)}`, { limit: PAGE, offset });
  const timeline = document.getElementById("timeline");
  if (offset === 0) clear(timeline);
  timeline.querySelector("li.more")?.remove();
  const { modality, min_confidence: least } = filters();
  const shown = body.events.filter((e) => (!modality || e.modality === modality) && (!least || e.confidence >= Number(least)));
  for (const event of shown) {
    const item = el("li", { class: "clickable" }, `${event.date || "undated"} — ${event.source || "-"} ${event.cameo} ${event.target || "-"}: ${event.sentence}`);
    item.addEventListener("click", () => showEvents(body.story.title, [event]));
    timeline.appendChild(item);
  }
  if (body.next) {
    // A long story comes a page at a time: nothing is cut off, and the page stays short.
    const more = el("li", { class: "clickable more" }, `more (${body.offset + body.events.length} of ${body.total} events shown)`);
    more.addEventListener("click", () => drawTimeline(storyId, body.offset + body.events.length));
    timeline.appendChild(more);
  }
}

form.addEventListener("submit", (submit) => {
  submit.preventDefault();
  const next = new URLSearchParams();
  for (const [key, value] of new FormData(form).entries()) if (value) next.set(key, value);
  window.history.pushState({}, "", `?${next}`);
  render();
});

function render() {
  const p = params();
  for (const input of form.elements) if (input.name && p.get(input.name)) input.value = p.get(input.name);
  eventsOffset = 0;
  Promise.all([drawSeries(), drawNetwork(), drawEvents(), drawMap(), drawStories()]).catch((error) => {
    document.getElementById("evidence-list").textContent = `error: ${error.message}`;
  });
}

window.addEventListener("popstate", render);
render();
