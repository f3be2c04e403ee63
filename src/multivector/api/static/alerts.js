// multivector alerts page: reads /api/v1/alerts and /api/v1/alerts/series; builds every node with
// textContent (no HTML from data), and links only http(s) URLs.
"use strict";

const API = "/api/v1";
const POWERS = ["RUS", "CHN", "USA", "EU27"];
const COLORS = { RUS: "#b42318", CHN: "#d97706", USA: "#2458a6", EU27: "#1a7f37" };
const SERIES_VALUE = { events: "events_per_day", coop_share: "coop_share", goldstein: "goldstein_mean",
  tone: "tone_mean", agreement: "agreement" };
let alerts = [];

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function safeUrl(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (e) {
    return null;
  }
}

async function getJson(path) {
  const resp = await fetch(path);
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error || `HTTP ${resp.status}`);
  return body;
}

function query(form) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) {
    const text = String(v).trim();
    if (text) params.set(k, k === "country" ? text.toUpperCase() : text);
  }
  params.set("limit", "2000");
  return params;
}

async function load() {
  const status = document.getElementById("status");
  status.className = "muted";
  status.textContent = "Loading…";
  try {
    alerts = await getJson(`${API}/alerts?${query(document.getElementById("filters"))}`);
  } catch (err) {
    status.className = "error";
    status.textContent = `Could not load the alerts: ${err.message}`;
    return;
  }
  status.textContent = alerts.length ? `${alerts.length} alerts.` :
    "No alert. Run `multivector monitor replay DIR` or `multivector monitor run` to fill the store.";
  const counts = new Map();
  for (const a of alerts) counts.set(a.iso3, (counts.get(a.iso3) || 0) + 1);
  const list = document.getElementById("countries");
  list.replaceChildren();
  for (const [iso3, n] of [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const link = el("a", `${iso3} (${n})`, { href: `#${iso3}` });
    link.addEventListener("click", (ev) => { ev.preventDefault(); showCountry(iso3); });
    const item = el("li");
    item.appendChild(link);
    list.appendChild(item);
  }
  const wanted = (location.hash || "").slice(1);
  if (counts.has(wanted)) showCountry(wanted);
  else if (counts.size) showCountry([...counts.keys()][0]);
  else document.getElementById("country-card").hidden = true;
}

function alertCard(a) {
  const card = el("div", null, { class: `alert-card ${a.direction === "up" ? "up" : "down"}` });
  const sd = a.size_sd === null || a.size_sd === undefined ? "" : ` (${a.size_sd >= 0 ? "+" : ""}${a.size_sd.toFixed(1)} sd)`;
  card.appendChild(el("h3", `${a.iso3}–${a.power}: ${a.series} ${a.direction} ${a.size >= 0 ? "+" : ""}${a.size.toPrecision(3)}${sd}`));
  const meta = el("p", `${a.freq} of ${a.period}; change from ${a.change_period}; probability ${a.probability.toFixed(2)}; ` +
    `${a.n_before} points before, ${a.n_after} since; ${a.events ?? 0} ` +
    `${a.freq === "session" ? "contested roll calls" : "GDELT events"} in the new regime `, { class: "muted" });
  meta.appendChild(el("span", a.state, { class: "pill" }));
  card.appendChild(meta);
  const items = el("ol");
  for (const e of a.evidence || []) {
    const li = el("li");
    const label = e.title || `${e.actor1 || e.actor1_iso3 || ""} → ${e.actor2 || e.actor2_iso3 || ""}, CAMEO ${e.event_code || ""}` +
      (e.goldstein !== undefined && e.goldstein !== null ? `, Goldstein ${e.goldstein}` : "") + (e.date ? `, ${e.date}` : "");
    li.appendChild(el("span", `${label} `));
    const href = safeUrl(e.url);
    if (href) li.appendChild(el("a", new URL(href).hostname, { href, rel: "noopener noreferrer nofollow", target: "_blank" }));
    else li.appendChild(el("span", String(e.url || "")));
    items.appendChild(li);
  }
  if (!items.children.length) items.appendChild(el("li", "no event to show"));
  card.appendChild(items);
  return card;
}

async function showCountry(iso3) {
  location.hash = iso3;
  const card = document.getElementById("country-card");
  card.hidden = false;
  document.getElementById("country-title").textContent = `${iso3}: series and alerts`;
  const mine = alerts.filter((a) => a.iso3 === iso3);
  const list = document.getElementById("alert-list");
  list.replaceChildren(...mine.map(alertCard));
  await drawTimeline(iso3, mine);
}

async function drawTimeline(iso3, mine) {
  const freq = document.getElementById("series-freq").value;
  const note = document.getElementById("timeline-note");
  const chart = document.getElementById("timeline");
  let rows = [];
  try {
    rows = await getJson(`${API}/alerts/series?country=${encodeURIComponent(iso3)}&freq=${freq}`);
  } catch (err) {
    note.textContent = `Could not load the series: ${err.message}`;
  }
  const shown = mine.filter((a) => a.freq === freq);
  const series = freq === "session" ? "agreement" : (shown[0] ? shown[0].series : "goldstein");
  const column = SERIES_VALUE[series] || "goldstein_mean";
  const traces = POWERS.map((p) => {
    const pts = rows.filter((r) => r.power === p && r[column] !== null && r[column] !== undefined);
    return { x: pts.map((r) => r.period), y: pts.map((r) => r[column]), name: p, mode: "lines+markers",
      line: { color: COLORS[p] }, connectgaps: false, type: "scatter" };
  }).filter((t) => t.x.length);
  for (const a of shown.filter((x) => x.series === series)) {
    const pts = rows.filter((r) => r.power === a.power && r.period === a.period);
    traces.push({ x: [a.period], y: [pts.length ? pts[0][column] : null], mode: "markers", type: "scatter",
      marker: { symbol: a.direction === "up" ? "triangle-up" : "triangle-down", size: 14, color: COLORS[a.power] },
      name: `alert ${a.power}`, hovertext: `${a.series} ${a.direction} from ${a.change_period}, p=${a.probability.toFixed(2)}`,
      hoverinfo: "text", showlegend: false });
  }
  const basis = freq === "session" ? " The detector watches agreement relative to the median country's." : "";
  note.textContent = rows.length ? `${series} per ${freq} (${column}); triangles: alerts on it. Gaps: periods without data.${basis}` :
    "No series for this country at this frequency.";
  if (window.Plotly) {
    Plotly.react(chart, traces, { margin: { t: 10, r: 10, b: 40, l: 50 }, xaxis: { type: "date" },
      yaxis: { title: { text: column } }, legend: { orientation: "h" } }, { displaylogo: false, responsive: true });
  }
}

document.getElementById("filters").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
document.getElementById("series-freq").addEventListener("change", () => {
  const iso3 = (location.hash || "").slice(1);
  if (iso3) showCountry(iso3);
});
load();
