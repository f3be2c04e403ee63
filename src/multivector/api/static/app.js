/* multivector dashboard: plain JS, no build step, every asset served by the app (Plotly offline).
 *
 * Hash routes:
 *   #/[?countries=KAZ,UZB&year=2020]   overview: the ranking of a set of countries (/compare)
 *   #/country/ISO3[?year=2015]          country page: the assessment (/countries/ISO3/profile) and its
 *                                       movement over the years (/countries/ISO3/series)
 *   #/explorer[?country=..&indicator=..] dyad explorer (/series)
 *   #/scenarios[/NAME]                  scenario form and results (/scenarios)
 *
 * Files: app.js (helpers, sources, router), overview.js, country.js (country page), charts.js (its charts),
 * tools.js (explorer and scenarios). Dimension names, labels and order come from GET /dimensions, flag
 * wordings from GET /flags, source numbers from the API's numbered citations: nothing is listed here.
 */
"use strict";

const API = "api/v1"; // relative: works under a path prefix too
const app = document.getElementById("app");
const COLORS = { RUS: "#c0392b", CHN: "#d4a017", USA: "#2458a6", EU27: "#2e8b57", WEST: "#2458a6", OTHER: "#98a2b3" };
const POWER_NAMES = { RUS: "Russia", CHN: "China", USA: "USA", EU27: "EU27", WEST: "the West", OTHER: "others" };
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const PLOT_CONFIG = { displaylogo: false, responsive: true };

// ------------------------------------------------------------------------------------------ helpers
function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function isNum(v) {
  return typeof v === "number" && Number.isFinite(v);
}

function fmt(value, digits = 2) {
  return isNum(value) ? Number(value).toFixed(digits) : "–";
}

function pct(value, digits = 0) {
  return isNum(value) ? `${(100 * value).toFixed(digits)}%` : "–";
}

function httpUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

async function api(path, options) {
  const response = await fetch(API + path, options);
  const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  if (!response.ok) {
    const err = new Error(body.error || `${response.status} ${response.statusText}`);
    err.status = response.status;
    throw err;
  }
  return body;
}

/* The API's vocabulary, asked once per page load. */
const vocab = { dimensions: null, flags: null, countries: null };

async function dimensions() {
  vocab.dimensions ??= api("/dimensions");
  return vocab.dimensions;
}

async function flagWords() {
  vocab.flags ??= api("/flags").catch(() => ({}));
  return vocab.flags;
}

async function countryList() {
  vocab.countries ??= api("/countries");
  return vocab.countries;
}

function flagList(flags) {
  return Array.isArray(flags) ? flags : String(flags || "").split(",").filter(Boolean);
}

/* Flags in words (the API's /flags), or in short ("too little evidence") where space is tight. */
function flagText(flags, words, short = false) {
  return flagList(flags).map((f) => (short ? f.replaceAll("_", " ") : words[f] || f.replaceAll("_", " "))).join("; ");
}

/* A dimension's short name for a table header: its registry label up to the colon. */
function shortLabel(d) {
  return String(d.label || d.name).split(":")[0];
}

function query(hashQuery) {
  return new URLSearchParams(hashQuery || "");
}

function showError(where, err) {
  const node = typeof where === "string" ? document.getElementById(where) : where;
  if (node) node.innerHTML = `<p class="error" role="alert">${esc(err.message || err)}</p>`;
}

function setActive(page) {
  document.querySelectorAll("nav a[data-page]").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
}

function card(title, id, extra = "") {
  return `<section class="card" id="${id}-card"><h2>${esc(title)}</h2>${extra}<div id="${id}" class="chart"></div>
    <p class="chart-message muted" id="${id}-message" hidden></p><ul class="sources inline-list" id="${id}-sources"></ul></section>`;
}

/* A chart with nothing to draw: purge it and say why in its card (never an empty frame). */
function chartMessage(id, text) {
  const chart = document.getElementById(id);
  const message = document.getElementById(id + "-message");
  if (chart && window.Plotly) Plotly.purge(chart);
  if (chart) chart.classList.toggle("empty", Boolean(text));
  if (message) {
    message.textContent = text || "";
    message.hidden = !text;
  }
}

function plot(id, data, layout, config) {
  chartMessage(id, "");
  const base = { margin: { t: 30, r: 20, b: 40, l: 50 }, font: { family: "system-ui, sans-serif", size: 12 }, paper_bgcolor: "#fff" };
  return Plotly.react(id, data, Object.assign(base, layout || {}), Object.assign({}, PLOT_CONFIG, config || {}));
}

/* Every year from the first to the last, so a missing year is a gap (null), never bridged by a line. */
function yearRange(years) {
  const ys = years.filter(isNum);
  if (!ys.length) return [];
  const out = [];
  for (let y = Math.min(...ys); y <= Math.max(...ys); y += 1) out.push(y);
  return out;
}

// ------------------------------------------------------------------------------------------ sources
/* The sources of one page, each with one number. The first list added keeps the API's own numbers (the
 * profile's, the comparison's); sources met later (a series, the casebook timeline) take the next free
 * numbers, so a source has the same number everywhere on the page. */
class SourceBook {
  constructor() {
    this.byId = new Map();
    this.next = 1;
  }

  /* Keep the API's numbering of a whole list (a profile or a comparison): call first, on an empty book. */
  addNumbered(citations) {
    for (const c of citations || []) {
      if (isNum(c.number) && ![...this.byId.values()].some((s) => s.number === c.number)) this.put(c, c.number);
      else this.add([c]);
    }
    return this;
  }

  /* Sources met later take the next free numbers. */
  add(citations) {
    for (const c of citations || []) this.put(c, this.next);
    return this;
  }

  put(c, number) {
    const id = c.id || c.title;
    if (!id || this.byId.has(id)) return;
    const text = c.text || [c.title, c.publisher, c.version, c.date].filter(Boolean).join(". ");
    this.byId.set(id, { ...c, id, number, text, anchor: c.anchor || `src-${id}` });
    this.next = Math.max(this.next, number + 1);
  }

  get(ids) {
    const out = [];
    for (const id of new Set(ids || [])) if (this.byId.has(id)) out.push(this.byId.get(id));
    return out.sort((a, b) => a.number - b.number);
  }

  all() {
    return [...this.byId.values()].sort((a, b) => a.number - b.number);
  }

  /* Citation numbers in one bracket, each linking to the page's numbered list: [1, 4, 7]. */
  cite(ids) {
    const found = this.get(ids);
    if (!found.length) return "";
    const links = found.map((s) => `<a href="#${esc(s.anchor)}" data-cite="${esc(s.anchor)}" title="${esc(s.title || s.text)}">${s.number}</a>`);
    return `<sup class="cite">[${links.join(", ")}]</sup>`;
  }
}

/* One source: in the page's list its full citation (with the anchor citation links point to), under a
 * chart its title, version and link. */
/* One source: in the page's list its full citation, with the anchor citation links point to; under a
 * chart its number and title, linking to that full citation. */
function sourceItem(s, full) {
  const attrs = `data-source="${esc(s.id)}" data-number="${s.number}"`;
  if (!full) {
    const title = [s.title || s.text, s.version].filter(Boolean).join(", ");
    return `<li ${attrs}><a href="#${esc(s.anchor)}" data-cite="${esc(s.anchor)}"><span class="num">[${s.number}]</span></a> ${esc(title)}</li>`;
  }
  const url = httpUrl(s.url);
  const link = url ? ` <a href="${esc(url)}" target="_blank" rel="noopener">${esc(url)}</a>` : "";
  return `<li id="${esc(s.anchor)}" ${attrs}><span class="num">[${s.number}]</span> ${esc(s.text)}${link}</li>`;
}

/* The sources list under a chart, in the page's numbers. ``full``: the whole citations (a page whose only
 * list this is); otherwise number and title, linking to the page's full list. */
function renderSources(id, sources, emptyText = "no sources for this chart", full = false) {
  const list = document.getElementById(id + "-sources");
  if (!list) return;
  list.classList.toggle("inline-list", !full);
  list.innerHTML = sources.length ? sources.map((s) => sourceItem(s, full)).join("") : `<li class="muted">${esc(emptyText)}</li>`;
  list.dataset.count = String(sources.length);
}

/* Citation links scroll to the numbered list; they never change the route. */
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-cite]");
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById(link.dataset.cite);
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1500);
  }
});

// ------------------------------------------------------------------------------------------ country picker
/* A searchable country input (a datalist of every country /countries lists): "Kazakhstan (KAZ)" or "KAZ". */
function countryInput(id, value = "", placeholder = "country name or ISO3") {
  return `<input id="${id}" list="${id}-list" value="${esc(value)}" placeholder="${esc(placeholder)}" autocomplete="off" class="country-input">
    <datalist id="${id}-list"></datalist>`;
}

async function fillCountryList(id) {
  const list = await countryList();
  const node = document.getElementById(id + "-list");
  if (node) node.innerHTML = list.map((c) => `<option value="${esc(c.name)} (${esc(c.iso3)})" data-iso3="${esc(c.iso3)}"></option>`).join("");
  return list;
}

function pickedIso3(text, list) {
  const t = String(text || "").trim();
  const code = (t.match(/\(([A-Za-z0-9]{3,4})\)\s*$/) || [null, t])[1].toUpperCase();
  if (list.some((c) => c.iso3 === code)) return code;
  const byName = list.find((c) => c.name.toLowerCase() === t.toLowerCase());
  return byName ? byName.iso3 : /^[A-Z]{3}$/.test(code) ? code : null;
}

// ------------------------------------------------------------------------------------------ router
function routeParts() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, q] = raw.split("?");
  const [page, arg] = path.split("/");
  return { page, arg, params: query(q) };
}

/* Each navigation gets a number: a page still loading when the user moves on sees that it is stale and
 * stops, so it never draws into the next page's elements. */
const nav = { seq: 0 };

function stale(seq) {
  return seq !== nav.seq;
}

async function route() {
  const { page, arg, params } = routeParts();
  if (page && page.startsWith("src-")) return null; // an in-page citation anchor
  nav.seq += 1;
  window.scrollTo(0, 0);
  if (page === "country") return countryPage((arg || "KAZ").toUpperCase(), params);
  if (page === "explorer") return explorer(params);
  if (page === "scenarios") return scenariosPage(arg);
  return overview(params);
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", route);
