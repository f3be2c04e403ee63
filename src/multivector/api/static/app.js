/* multivector dashboard: plain JS, no build step. Hash routes:
 *   #/                 overview (balance ranking)
 *   #/country/KAZ      country page (ternary, dimension series, UN alignment, casebook timeline)
 *   #/explorer         dyad explorer (country, partner, indicator, years -> chart + table)
 *   #/scenarios[/NAME] scenario form and live results
 * Every chart is followed by the list of its sources, linked. */
"use strict";

const API = "/api/v1";
const app = document.getElementById("app");
const POWERS = ["RUS", "CHN", "USA", "EU27"];
const COLORS = { RUS: "#c0392b", CHN: "#d4a017", USA: "#2458a6", EU27: "#2e8b57", WEST: "#2458a6" };
const PLOT_CONFIG = { displaylogo: false, responsive: true };

// ------------------------------------------------------------------------------------------ helpers
function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function api(path, options) {
  const response = await fetch(API + path, options);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) {
    const err = new Error(body.error || response.statusText);
    err.status = response.status;
    throw err;
  }
  return body;
}

function el(html) {
  const div = document.createElement("div");
  div.innerHTML = html.trim();
  return div.firstElementChild;
}

function fmt(value, digits = 2) {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
}

/* A dimension with one power quantified: its balance is 0 by construction (the report's "*"). */
const SINGLE_POWER_MARK = "*";
function singlePower(r) {
  return r.coverage_ok === false && r.balance && r.balance.value !== null && r.balance.value !== undefined;
}

function singlePowerNote(rows) {
  const marked = rows.filter(singlePower).map((r) => r.dimension);
  if (!marked.length) return "";
  return `${SINGLE_POWER_MARK} one power quantified (${marked.join(", ")}): balance 0 by construction, left out of the composite.`;
}

function card(title, id, extra = "") {
  return `<section class="card"><h2>${esc(title)}</h2>${extra}<div id="${id}" class="chart"></div>
          <ol class="sources" id="${id}-sources"></ol></section>`;
}

/* Citations: the report's {number, title, url, text} or a dataset's {title, citation, url, version}. */
function renderSources(id, citations) {
  const list = document.getElementById(id + "-sources");
  if (!list) return;
  const seen = new Set();
  const items = [];
  for (const c of citations || []) {
    const key = c.id || c.table || c.title;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = c.text || [c.title, c.version, c.citation].filter(Boolean).join(" — ");
    const link = c.url && /^https?:/.test(c.url) ? ` <a href="${esc(c.url)}" target="_blank" rel="noopener">${esc(c.url)}</a>` : "";
    items.push(`<li>${c.number ? `[${c.number}] ` : ""}${esc(label)}${link}</li>`);
  }
  list.innerHTML = items.length ? items.join("") : `<li>no sources for this chart</li>`;
  list.previousElementSibling?.setAttribute("data-sources", String(items.length));
}

function cites(citations) {
  return (citations || []).map((c) => `<sup><a href="${c.url ? esc(c.url) : "#"}" title="${esc(c.text || c.title)}" target="_blank" rel="noopener">[${c.number}]</a></sup>`).join("");
}

function showError(where, err) {
  const node = typeof where === "string" ? document.getElementById(where) : where;
  if (node) node.innerHTML = `<p class="error">${esc(err.message || err)}</p>`;
}

function setActive(page) {
  document.querySelectorAll("nav a[data-page]").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
}

function plot(id, data, layout) {
  const base = { margin: { t: 30, r: 20, b: 40, l: 50 }, font: { family: "system-ui, sans-serif", size: 12 }, paper_bgcolor: "#fff" };
  return Plotly.newPlot(id, data, Object.assign(base, layout || {}), PLOT_CONFIG);
}

// ------------------------------------------------------------------------------------------ overview
async function overview() {
  setActive("overview");
  app.innerHTML = `<h1>Balance between the great powers</h1>
    <p class="muted">How evenly each country's ties are spread over Russia, China, the USA and the EU27
    (1 = even, 0 = a single power). Click a country for its page.</p>
    <ul class="countries" id="country-list"></ul>
    ${card("Ranking", "overview-chart", '<p class="muted" id="overview-note"></p>')}`;
  try {
    const countries = await api("/countries");
    document.getElementById("country-list").innerHTML = countries
      .map((c) => `<li><a href="#/country/${esc(c.iso3)}">${esc(c.name)} (${esc(c.iso3)})</a></li>`).join("");
    const comparison = await api("/compare").catch(() => null);
    const rows = comparison ? comparison.rows.filter((r) => r.balance !== null && r.balance !== undefined) : [];
    if (rows.length > 1) {
      rows.sort((a, b) => a.balance - b.balance);
      const excluded = [...new Set(rows.flatMap((r) => String(r.dimensions_excluded || "").split(",").filter(Boolean)))];
      document.getElementById("overview-note").textContent = "Composite balance across dimensions, Central Asia." +
        (excluded.length ? ` Left out of the composite: ${excluded.join(", ")}` +
          (excluded.includes("unga") ? " (unga: UN-vote equidistance, not a share of flows)." : ".") : "");
      await plot("overview-chart", [{ type: "bar", orientation: "h", y: rows.map((r) => r.country), x: rows.map((r) => r.balance),
        marker: { color: "#2458a6" }, text: rows.map((r) => fmt(r.balance)), textposition: "auto" }],
        { xaxis: { range: [0, 1], title: { text: "balance" } }, margin: { l: 60, t: 20 } });
      renderSources("overview-chart", rows.flatMap((r) => (r.sources_detail || [])));
      return;
    }
    // Only the built-in case: rank its dimensions.
    const first = countries.find((c) => c.has_case) || countries[0];
    const prof = await api(`/countries/${first.iso3}/profile`);
    const dims = prof.summary.filter((r) => r.balance.value !== null).sort((a, b) => a.balance.value - b.balance.value);
    const note = singlePowerNote(prof.summary);
    document.getElementById("overview-note").textContent =
      `${prof.name}: balance per dimension (built-in case). Import data to compare Central Asia's five.` + (note ? " " + note : "");
    const labels = dims.map((r) => `${r.dimension}${singlePower(r) ? SINGLE_POWER_MARK : ""} (${r.year ?? "n.d."})`);
    if (prof.composite) {
      labels.push("composite");
      dims.push(prof.composite);
    }
    await plot("overview-chart", [{ type: "bar", orientation: "h", y: labels, x: dims.map((r) => r.balance.value),
      marker: { color: dims.map((r) => COLORS[r.largest_power] || "#888") }, text: dims.map((r) => r.balance.text), textposition: "auto",
      hovertext: dims.map((r) => `largest: ${r.largest_power || "–"} ${r.largest_exposure.text}`) }],
      { xaxis: { range: [0, 1], title: { text: "balance (bar colour: the largest power)" } }, margin: { l: 130, t: 20 } });
    renderSources("overview-chart", dims.flatMap((r) => r.balance.citations));
  } catch (err) {
    showError("overview-chart", err);
  }
}

// ------------------------------------------------------------------------------------------ country page
function ternaryTraces(points, name) {
  return [{ type: "scatterternary", mode: "markers+text", name, a: points.map((p) => p.tilt_rus), b: points.map((p) => p.tilt_chn),
    c: points.map((p) => p.tilt_west), text: points.map((p) => p.label), textposition: "top center",
    marker: { size: 11, color: points.map((p) => p.balance ?? 0), colorscale: "Viridis", cmin: 0, cmax: 1, showscale: true,
      colorbar: { title: { text: "balance" }, len: 0.6 } } }];
}

const TERNARY_LAYOUT = { ternary: { sum: 1, aaxis: { title: { text: "Russia" }, min: 0 }, baxis: { title: { text: "China" }, min: 0 }, caxis: { title: { text: "West (USA+EU)" }, min: 0 } },
  showlegend: false, margin: { t: 40, l: 40, r: 40, b: 40 } };

async function drawTernary(prof) {
  const storeRows = (prof.store_series?.rows || []).filter((r) => r.tilt_rus !== null && r.tilt_rus !== undefined && r.year !== null);
  const years = [...new Set(storeRows.map((r) => r.year))].sort((a, b) => a - b);
  const note = document.getElementById("ternary-note");
  if (years.length > 1) {
    // Moving over the years: one frame per year, a slider and a play button.
    const pointsOf = (y) => storeRows.filter((r) => r.year === y).map((r) => ({ ...r, label: r.dimension }));
    const frames = years.map((y) => ({ name: String(y), data: ternaryTraces(pointsOf(y), String(y)) }));
    const layout = Object.assign({}, TERNARY_LAYOUT, {
      sliders: [{ active: years.length - 1, steps: years.map((y) => ({ label: String(y), method: "animate",
        args: [[String(y)], { mode: "immediate", frame: { duration: 300, redraw: true }, transition: { duration: 0 } }] })) }],
      updatemenus: [{ type: "buttons", showactive: false, x: 0, y: 0, xanchor: "right", yanchor: "top",
        buttons: [{ label: "▶ play", method: "animate", args: [null, { frame: { duration: 500, redraw: true }, fromcurrent: true }] }] }],
    });
    note.textContent = `Position between Russia, China and the West per dimension, ${years[0]}–${years[years.length - 1]} (slider: year).`;
    await Plotly.newPlot("ternary", ternaryTraces(pointsOf(years[years.length - 1]), String(years[years.length - 1])), layout, PLOT_CONFIG);
    await Plotly.addFrames("ternary", frames);
    renderSources("ternary", prof.store_series.sources);
    return;
  }
  const points = prof.summary.filter((r) => r.tilt_rus.value !== null).map((r) => ({ tilt_rus: r.tilt_rus.value, tilt_chn: r.tilt_chn.value,
    tilt_west: r.tilt_west.value, balance: r.balance.value, label: `${r.dimension}${r.year ? " " + r.year : ""}` }));
  if (prof.composite && prof.composite.tilt_rus.value !== null) {
    points.push({ tilt_rus: prof.composite.tilt_rus.value, tilt_chn: prof.composite.tilt_chn.value, tilt_west: prof.composite.tilt_west.value,
      balance: prof.composite.balance.value, label: "composite" });
  }
  note.textContent = "Each dimension's latest position between Russia, China and the West (built-in case).";
  await plot("ternary", ternaryTraces(points, "dimensions"), TERNARY_LAYOUT);
  renderSources("ternary", prof.summary.flatMap((r) => r.tilt_rus.citations));
}

async function drawDimensionSeries(prof) {
  const storeRows = (prof.store_series?.rows || []).filter((r) => r.balance !== null && r.balance !== undefined);
  const rows = storeRows.length ? storeRows : prof.series;
  const dims = [...new Set(rows.map((r) => r.dimension))];
  const traces = dims.map((d) => {
    const pts = rows.filter((r) => r.dimension === d && r.year !== null).sort((a, b) => a.year - b.year);
    // The UN-vote equidistance (comparable: false) is on another scale: dotted, and named so.
    const other = pts.some((p) => p.comparable === false);
    return { type: "scatter", mode: pts.length > 1 ? "lines+markers" : "markers", name: other ? `${d} (equidistance, not in the composite)` : d,
      line: { dash: other ? "dot" : "solid" }, x: pts.map((p) => p.year), y: pts.map((p) => p.balance) };
  });
  await plot("dimensions", traces, { yaxis: { range: [0, 1.02], title: { text: "balance" } }, xaxis: { title: { text: "year" } }, legend: { orientation: "h" } });
  if (storeRows.length) renderSources("dimensions", prof.store_series.sources);
  else renderSources("dimensions", prof.summary.flatMap((r) => r.balance.citations));
}

async function drawAlignment(prof) {
  const rows = prof.alignment || [];
  if (!rows.length) {
    document.getElementById("alignment").innerHTML = `<p class="muted">No UN votes in the store: import them with
      <code>multivector data import unga DIR</code> to see agreement with Russia, China and the USA.</p>`;
    renderSources("alignment", []);
    return;
  }
  const traces = ["RUS", "CHN", "USA"].map((p) => {
    const pts = rows.filter((r) => r.partner === p).sort((a, b) => a.year - b.year);
    return { type: "scatter", mode: "lines", name: p, line: { color: COLORS[p] }, x: pts.map((r) => r.year), y: pts.map((r) => r.agreement) };
  });
  await plot("alignment", traces, { yaxis: { range: [0, 1], title: { text: "agreement (Voeten)" } }, legend: { orientation: "h" } });
  renderSources("alignment", prof.alignment_sources || [{ title: "UN General Assembly Voting Data (Voeten, Strezhnev and Bailey)",
    url: "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379", id: "unga" }]);
}

async function drawTimeline(prof) {
  const entries = prof.timeline || [];
  if (!entries.length) {
    document.getElementById("timeline").innerHTML = `<p class="muted">No casebook timeline for this country.</p>`;
    renderSources("timeline", []);
    return;
  }
  const kinds = [...new Set(entries.map((e) => e.kind))];
  await plot("timeline", [{ type: "scatter", mode: "markers", x: entries.map((e) => e.date), y: entries.map((e) => e.kind),
    text: entries.map((e) => e.title), hovertemplate: "%{x}<br>%{text}<extra></extra>", marker: { size: 12, color: "#2458a6" } }],
    { yaxis: { type: "category", categoryarray: kinds }, margin: { l: 110, t: 20 } });
  const table = el(`<div class="scroll"><table><thead><tr><th>date</th><th>what</th><th>sources</th></tr></thead><tbody>${entries
    .map((e) => `<tr><td>${esc(e.date)}</td><td>${esc(e.title)}</td><td>${cites(e.citations)}</td></tr>`).join("")}</tbody></table></div>`);
  document.getElementById("timeline").after(table);
  renderSources("timeline", entries.flatMap((e) => e.citations));
}

function summaryTable(prof) {
  if (!prof.summary.length) return "";
  const rows = [...prof.summary, ...(prof.composite ? [Object.assign({}, prof.composite, { dimension: "composite" })] : [])];
  const used = (r) => (r.dimension === "composite" ? "" : r.in_composite === false ? `no${singlePower(r) ? SINGLE_POWER_MARK : ""}` : "yes");
  const note = singlePowerNote(prof.summary);
  const excluded = prof.composite && prof.composite.dimensions_excluded && prof.composite.dimensions_excluded.length
    ? `Left out of the composite: ${prof.composite.dimensions_excluded.join(", ")}.` : "";
  return `<section class="card"><h2>Balance per dimension</h2><div class="scroll"><table id="summary-table"><thead><tr><th>dimension</th><th>year</th>
    <th>balance</th><th>Russia</th><th>China</th><th>West</th><th>lean</th><th>largest exposure</th><th>in composite</th></tr></thead><tbody>${rows
    .map((r) => `<tr data-dimension="${esc(r.dimension)}"${r.in_composite === false ? ' class="out-of-composite"' : ""}><td>${esc(r.dimension)}</td><td>${esc(r.year ?? "")}</td>
      <td class="num">${esc(r.balance.text)}${singlePower(r) ? `<span class="mark">${SINGLE_POWER_MARK}</span>` : ""}${cites(r.balance.citations)}</td>
      <td class="num">${esc(r.tilt_rus.text)}</td><td class="num">${esc(r.tilt_chn.text)}</td><td class="num">${esc(r.tilt_west.text)}</td>
      <td>${esc(r.tilt_lean ?? "")}</td><td>${esc(r.largest_power ?? "")} ${esc(r.largest_exposure.text)}</td><td>${esc(used(r))}</td></tr>`).join("")}</tbody></table></div>
    ${excluded || note ? `<p class="muted" id="summary-note">${esc([excluded, note].filter(Boolean).join(" "))}</p>` : ""}
    <ol class="sources">${prof.sources.map((c) => `<li id="${esc(c.anchor)}">[${c.number}] ${esc(c.text)}${c.url ? ` <a href="${esc(c.url)}" target="_blank" rel="noopener">link</a>` : ""}</li>`).join("")}</ol></section>`;
}

async function countryPage(iso3) {
  setActive("country");
  app.innerHTML = `<h1 id="country-title">${esc(iso3)}</h1><p class="muted">Loading the profile…</p>`;
  let prof;
  try {
    prof = await api(`/countries/${encodeURIComponent(iso3)}/profile`);
  } catch (err) {
    app.innerHTML = `<h1>${esc(iso3)}</h1>`;
    showError(app.appendChild(document.createElement("div")), err);
    return;
  }
  const c = prof.composite;
  const kpis = c ? `<div class="kpis">
      <div class="kpi">composite balance<b>${esc(c.balance.text)}</b></div>
      <div class="kpi">leans towards<b>${esc(c.tilt_lean ?? "–")}</b></div>
      <div class="kpi">largest power<b>${esc(c.largest_power ?? "–")}</b></div>
      <div class="kpi">largest exposure<b>${esc(c.largest_exposure.text)}</b></div></div>` : "";
  app.innerHTML = `<h1 id="country-title">${esc(prof.name)} (${esc(prof.country)})</h1>${kpis}
    ${prof.notes.length ? `<p class="muted">${prof.notes.map(esc).join("<br>")}</p>` : ""}
    <div class="grid">${card("Between the giants", "ternary", '<p class="muted" id="ternary-note"></p>')}
    ${card("Balance per dimension over time", "dimensions")}</div>
    <div class="grid">${card("UN General Assembly agreement", "alignment")}${card("Casebook timeline", "timeline")}</div>
    ${summaryTable(prof)}`;
  for (const draw of [drawTernary, drawDimensionSeries, drawAlignment, drawTimeline]) {
    try { await draw(prof); } catch (err) { console.error(err); }
  }
}

// ------------------------------------------------------------------------------------------ dyad explorer
async function explorer() {
  setActive("explorer");
  app.innerHTML = `<h1>Dyad explorer</h1>
    <form class="inline card" id="explorer-form">
      <label>country <input name="country" value="KAZ" size="5" pattern="[A-Z]{3}" required></label>
      <label>partners <input name="partner" value="RUS,CHN,USA,EU27" size="22"></label>
      <label>indicator <select name="indicator" id="indicator"></select></label>
      <label>years <input name="years" value="1992-2023" size="10"></label>
      <button type="submit">Show</button>
    </form>
    ${card("Series", "series-chart", '<p class="muted" id="series-note"></p>')}
    <section class="card"><h2>Table</h2><div class="scroll" id="series-table"></div></section>`;
  try {
    const indicators = await api("/indicators");
    document.getElementById("indicator").innerHTML = indicators.map((i) => `<option value="${esc(i.name)}">${esc(i.label)}</option>`).join("");
  } catch (err) { showError("series-chart", err); return; }
  const form = document.getElementById("explorer-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const params = new URLSearchParams(new FormData(form));
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const s = await api("/series?" + params.toString());
      document.getElementById("series-note").textContent = `${s.label} (${s.unit}), ${s.country}, ${s.years.join("–")}`;
      const traces = s.partners.map((p) => {
        const pts = s.rows.filter((r) => r.partner === p);
        return { type: "scatter", mode: "lines+markers", name: p, line: { color: COLORS[p] }, x: pts.map((r) => r.year), y: pts.map((r) => r.value) };
      });
      await plot("series-chart", traces, { yaxis: { title: { text: s.unit } }, legend: { orientation: "h" } });
      renderSources("series-chart", s.sources);
      document.getElementById("series-table").innerHTML = `<table><thead><tr><th>year</th>${s.partners.map((p) => `<th>${esc(p)}</th>`).join("")}</tr></thead><tbody>${
        [...new Set(s.rows.map((r) => r.year))].map((y) => `<tr><td>${y}</td>${s.partners.map((p) => {
          const row = s.rows.find((r) => r.year === y && r.partner === p);
          return `<td class="num">${row && row.value !== null ? esc(Number(row.value).toLocaleString(undefined, { maximumFractionDigits: 3 })) : "–"}</td>`;
        }).join("")}</tr>`).join("")}</tbody></table>`;
    } catch (err) {
      showError("series-chart", err);
      document.getElementById("series-table").innerHTML = "";
    } finally {
      button.disabled = false;
    }
  });
}

// ------------------------------------------------------------------------------------------ scenarios
function paramInput(p) {
  if (p.type === "bool") {
    return `<label>${esc(p.name)} <select name="${esc(p.name)}" data-type="bool"><option value="true"${p.value ? " selected" : ""}>true</option>
      <option value="false"${p.value ? "" : " selected"}>false</option></select></label>`;
  }
  const step = p.type === "int" ? "1" : "any";
  return `<label title="${esc(p.description)}">${esc(p.name)} <input type="number" name="${esc(p.name)}" data-type="${esc(p.type)}" value="${esc(p.value)}"
    step="${step}"${p.min !== null ? ` min="${p.min}"` : ""}${p.max !== null ? ` max="${p.max}"` : ""} size="8"></label>`;
}

async function scenariosPage(selected) {
  setActive("scenarios");
  app.innerHTML = `<h1>Scenarios</h1><p class="muted">Stress-test the balance: pick a scenario, set its parameters and run it.</p>
    <form class="card" id="scenario-form">
      <div class="inline" style="display:flex;gap:.8rem;flex-wrap:wrap;align-items:flex-end">
        <label>scenario <select name="scenario" id="scenario-select"></select></label>
        <span id="scenario-params" style="display:contents"></span>
        <label>Monte Carlo draws <input type="number" name="draws" value="0" min="0" max="20000" step="1" size="7"></label>
        <label>seed <input type="number" name="seed" value="0" min="0" step="1" size="5"></label>
        <button type="submit" id="run-button">Run</button>
      </div>
      <p class="muted" id="scenario-description"></p>
    </form>
    <div id="scenario-results"></div>`;
  let list;
  try { list = await api("/scenarios"); } catch (err) { showError("scenario-results", err); return; }
  const select = document.getElementById("scenario-select");
  select.innerHTML = list.map((s) => `<option value="${esc(s.name)}">${esc(s.title || s.name)}</option>`).join("");
  if (selected && list.some((s) => s.name === selected)) select.value = selected;
  const loadParams = async () => {
    try {
      const d = await api(`/scenarios/${encodeURIComponent(select.value)}`);
      document.getElementById("scenario-params").innerHTML = d.parameters.map(paramInput).join("");
      document.getElementById("scenario-description").textContent = d.description;
    } catch (err) { showError("scenario-results", err); }
  };
  select.addEventListener("change", loadParams);
  await loadParams();
  const form = document.getElementById("scenario-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const set = {};
    form.querySelectorAll("#scenario-params [name]").forEach((input) => {
      set[input.name] = input.dataset.type === "bool" ? input.value === "true" : Number(input.value);
    });
    const body = { set, draws: Number(form.draws.value || 0), seed: Number(form.seed.value || 0) };
    const button = document.getElementById("run-button");
    button.disabled = true;
    const results = document.getElementById("scenario-results");
    results.innerHTML = `<p class="muted">Running…</p>`;
    try {
      const out = await api(`/scenarios/${encodeURIComponent(select.value)}/run`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      showResult(out.result, out.sources);
    } catch (err) {
      showError(results, err);
    } finally {
      button.disabled = false;
    }
  });
}

function showResult(r, sources) {
  const results = document.getElementById("scenario-results");
  const cols = ["channel", "name", "pole", "unit", "planned", "capacity", "delivered", "rerouted", "lost", "value_lost"];
  const num = (v) => (typeof v === "number" ? v.toLocaleString(undefined, { maximumFractionDigits: 3 }) : esc(v ?? ""));
  const before = r.balance_before || {};
  const after = r.balance_after || {};
  results.innerHTML = `<div class="kpis" id="scenario-kpis">
      <div class="kpi">balance before<b>${fmt(before.balance)}</b></div>
      <div class="kpi">balance after<b>${fmt(after.balance)}</b></div>
      <div class="kpi">largest exposure before<b>${fmt(before.largest_exposure)}</b></div>
      <div class="kpi">largest exposure after<b>${fmt(after.largest_exposure)}</b></div>
      <div class="kpi">window<b>${fmt(r.window_days, 0)} days</b></div></div>
    <div class="grid">${card("Balance before and after", "scenario-balance")}
    <section class="card"><h2>Channels</h2><div class="scroll"><table id="channels-table"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead>
      <tbody>${r.channels.map((ch) => `<tr>${cols.map((c) => `<td class="${typeof ch[c] === "number" ? "num" : ""}">${num(ch[c])}</td>`).join("")}</tr>`).join("")}</tbody></table></div></section></div>
    ${r.monte_carlo ? `<section class="card"><h2>Monte Carlo (${r.monte_carlo.draws} draws, seed ${r.monte_carlo.seed})</h2><div class="scroll"><table><thead><tr>${
      Object.keys(r.monte_carlo.summary[0] || {}).map((k) => `<th>${esc(k)}</th>`).join("")}</tr></thead><tbody>${r.monte_carlo.summary.map((row) =>
      `<tr>${Object.values(row).map((v) => `<td class="num">${num(v)}</td>`).join("")}</tr>`).join("")}</tbody></table></div></section>` : ""}
    ${r.assumptions.length ? `<section class="card"><h2>Assumptions</h2><ul>${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul></section>` : ""}`;
  const shares = ["rus", "chn", "usa", "eu27", "other"];
  plot("scenario-balance", [
    { type: "bar", name: "before", x: shares.map((s) => s.toUpperCase()), y: shares.map((s) => before["share_" + s] ?? null), marker: { color: "#98a2b3" } },
    { type: "bar", name: "after", x: shares.map((s) => s.toUpperCase()), y: shares.map((s) => after["share_" + s] ?? null), marker: { color: "#2458a6" } },
  ], { barmode: "group", yaxis: { title: { text: "share of the value delivered" }, range: [0, 1] }, legend: { orientation: "h" } });
  renderSources("scenario-balance", Object.entries(sources || {}).map(([id, text]) => {
    const url = (String(text).match(/https?:\/\/\S+/) || [null])[0];
    return { id, title: url ? String(text).replace(url, "").replace(/[,\s]+$/, "") : text, url };
  }));
}

// ------------------------------------------------------------------------------------------ router
async function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page, arg] = hash.split("/");
  if (page === "country") return countryPage((arg || "KAZ").toUpperCase());
  if (page === "explorer") return explorer();
  if (page === "scenarios") return scenariosPage(arg);
  return overview();
}

window.addEventListener("hashchange", route);
route();
