// The dyads dashboard: reads only the HTTP API, draws plain SVG, keeps its filters in the URL.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
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
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
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

async function drawNetwork() {
  const svg = document.getElementById("network");
  clear(svg);
  const edges = (await api("/api/network", { ...filters(), limit: 60 })).edges.filter((e) => e.source && e.target);
  const names = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  const at = {};
  names.forEach((name, i) => {
    const angle = (2 * Math.PI * i) / names.length;
    at[name] = [320 + 170 * Math.cos(angle), 210 + 170 * Math.sin(angle)];
  });
  const top = Math.max(1, ...edges.map((e) => e.events));
  for (const edge of edges) {
    const [x1, y1] = at[edge.source];
    const [x2, y2] = at[edge.target];
    const line = el("svg:line", { x1, y1, x2, y2, class: `edge ${edge.conflict > 0.5 ? "conf" : "coop"}`, "stroke-width": 1 + (5 * edge.events) / top, "data-edge": `${edge.source}>${edge.target}` });
    line.appendChild(el("svg:title", {}, `${edge.source} → ${edge.target}: ${edge.events} events, mean Goldstein ${edge.goldstein === null ? "-" : edge.goldstein.toFixed(1)}`));
    line.addEventListener("click", async () => {
      const [events] = await allEvents({ ...filters(), actor: edge.source });
      const exact = events.filter((e) => e.source === edge.source && e.target === edge.target);
      showEvents(`${edge.source} → ${edge.target}`, exact, edge.events);
    });
    svg.appendChild(line);
  }
  names.forEach((name, i) => {
    const [x, y] = at[name];
    svg.appendChild(el("svg:circle", { cx: x, cy: y, r: 5, class: "node" }));
    // Labels stand outside the ring, on the node's own radius, so neighbours' labels do not overlap.
    const angle = (2 * Math.PI * i) / names.length;
    const right = Math.cos(angle) >= 0;
    svg.appendChild(el("svg:text", {
      x: x + 9 * Math.cos(angle), y: y + 9 * Math.sin(angle) + 4, class: "label node-label",
      "text-anchor": right ? "start" : "end",
    }, name));
  });
  zoomable(svg, [0, 0, 640, 420]);
}

// Wheel to zoom about the pointer, drag to pan, double-click to reset: the view box moves, nothing is redrawn.
function zoomable(svg, home) {
  let box = [...home];
  const apply = () => svg.setAttribute("viewBox", box.join(" "));
  apply();
  if (svg.dataset.zoomable) return;
  svg.dataset.zoomable = "yes";
  svg.addEventListener("wheel", (wheel) => {
    wheel.preventDefault();
    const rect = svg.getBoundingClientRect();
    const fx = (wheel.clientX - rect.left) / rect.width;
    const fy = (wheel.clientY - rect.top) / rect.height;
    const scale = wheel.deltaY < 0 ? 0.8 : 1.25;
    const [x, y, w, h] = box;
    const nw = Math.min(home[2] * 4, Math.max(home[2] / 8, w * scale));
    const nh = (nw / w) * h;
    box = [x + (w - nw) * fx, y + (h - nh) * fy, nw, nh];
    apply();
  }, { passive: false });
  let from = null;
  svg.addEventListener("pointerdown", (down) => { from = [down.clientX, down.clientY, box[0], box[1]]; });
  svg.addEventListener("pointermove", (move) => {
    if (!from) return;
    const rect = svg.getBoundingClientRect();
    box[0] = from[2] - ((move.clientX - from[0]) * box[2]) / rect.width;
    box[1] = from[3] - ((move.clientY - from[1]) * box[3]) / rect.height;
    apply();
  });
  for (const end of ["pointerup", "pointerleave"]) svg.addEventListener(end, () => { from = null; });
  svg.addEventListener("dblclick", () => { box = [...home]; apply(); });
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

async function drawMap() {
  // plotly.js geo with its own base map off (it would fetch one): Natural Earth's outlines from dyads'
  // package as lines, and a point per place sized by its events; every located event is counted.
  const [body, countries] = await Promise.all([api("/api/places", filters()), countryOutlines()]);
  const lon = [];
  const lat = [];
  for (const country of countries) {
    for (const ring of country.geometry.coordinates) {
      for (const [x, y] of ring) { lon.push(x); lat.push(y); }
      lon.push(null); lat.push(null);
    }
  }
  const places = body.places;
  const traces = [
    { type: "scattergeo", mode: "lines", lon, lat, line: { color: "#adb5bd", width: 0.6 }, hoverinfo: "skip", name: "outlines" },
    {
      type: "scattergeo", mode: "markers", name: "places",
      lon: places.map((p) => p.lon), lat: places.map((p) => p.lat), text: places.map((p) => p.name),
      customdata: places.map((p) => p.events),
      marker: {
        size: places.map((p) => 6 + Math.min(18, Math.sqrt(p.events) * 3)),
        color: places.map((p) => (p.conflict > 0.5 ? "#c92a2a" : "#2b8a3e")), opacity: 0.8,
      },
      hovertemplate: "%{text}: %{customdata} events<extra></extra>",
    },
  ];
  const layout = {
    height: 320, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false,
    geo: { visible: false, projection: { type: "equirectangular" }, lonaxis: { range: [-180, 180] }, lataxis: { range: [-60, 85] } },
  };
  const chart = document.getElementById("map");
  await Plotly.react(chart, traces, layout, { displaylogo: false, responsive: true, scrollZoom: true });
  if (!chart.dataset.wired) {
    chart.dataset.wired = "yes";
    chart.on("plotly_click", async (click) => {
      const point = click.points.find((pt) => pt.data.name === "places");
      if (!point) return;
      const [events, total] = await allEvents({ ...filters(), place: point.text });
      showEvents(point.text, events, total);
    });
  }
  document.getElementById("map-note").textContent = `${body.located} located events at ${places.length} places`;
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
