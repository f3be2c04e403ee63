/* Dyad explorer (GET /series) and scenarios (GET/POST /scenarios). */
"use strict";

// ------------------------------------------------------------------------------------------ dyad explorer
/* The default query (the indicator: the first /indicators lists). */
const EXPLORER_DEFAULTS = { country: "KAZ", partner: "RUS,CHN,USA,EU27", years: "1992-2023" };

async function explorer(params) {
  const seq = nav.seq;
  setActive("explorer");
  const v = (k) => params.get(k) || EXPLORER_DEFAULTS[k];
  app.innerHTML = `<h1>Dyad explorer</h1>
    <form class="inline card" id="explorer-form">
      <label>country ${countryInput("explorer-country", v("country"))}</label>
      <label>partners <input name="partner" value="${esc(v("partner"))}" size="18"></label>
      <label>indicator <select name="indicator" id="indicator"></select></label>
      <label>years <input name="years" value="${esc(v("years"))}" size="10" placeholder="1992-2023"></label>
      <button type="submit">Show</button>
    </form>
    ${card("Series", "series-chart", '<p class="muted" id="series-note"></p>')}
    <section class="card"><h2>Table</h2><div class="scroll" id="series-table"></div></section>`;
  let countries = [];
  try {
    const [indicators, list] = await Promise.all([api("/indicators"), fillCountryList("explorer-country").catch(() => [])]);
    if (stale(seq)) return;
    countries = list;
    const select = document.getElementById("indicator");
    select.innerHTML = indicators.map((i) => `<option value="${esc(i.name)}">${esc(i.label)}</option>`).join("");
    if (indicators.some((i) => i.name === params.get("indicator"))) select.value = params.get("indicator");
  } catch (err) {
    showError("series-chart-message", err);
    document.getElementById("series-chart-message").hidden = false;
    return;
  }
  const form = document.getElementById("explorer-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runExplorer(form, countries);
  });
  await runExplorer(form, countries); // opens with the default query shown, never an empty frame
}

function explorerQuery(form, countries) {
  const input = document.getElementById("explorer-country").value;
  const country = pickedIso3(input, countries) || input.trim().toUpperCase();
  const q = new URLSearchParams({ country, indicator: form.indicator.value });
  if (form.partner.value.trim()) q.set("partner", form.partner.value.trim().toUpperCase().replace(/\s+/g, ""));
  if (form.years.value.trim()) q.set("years", form.years.value.trim());
  return q;
}

async function runExplorer(form, countries) {
  const q = explorerQuery(form, countries);
  history.replaceState(null, "", "#/explorer?" + q.toString().replaceAll("%2C", ","));
  const button = form.querySelector("button");
  const note = document.getElementById("series-note");
  const table = document.getElementById("series-table");
  button.disabled = true;
  try {
    const s = await api("/series?" + q.toString());
    note.textContent = `${s.label} (${s.unit}), ${s.country} with ${s.partners.join(", ")}, ${s.years.join("–")}.`;
    const hasValue = s.rows.some((r) => isNum(r.value));
    if (!hasValue) {
      chartMessage("series-chart", `No data for ${s.country} with ${s.partners.join(", ")} in ${s.years.join("–")}: the store holds no ${s.label.toLowerCase()} figure for this country and period.`);
      table.innerHTML = "";
    } else {
      const years = yearRange(s.rows.map((r) => r.year));
      const traces = s.partners.map((p) => {
        const own = new Map(s.rows.filter((r) => r.partner === p).map((r) => [r.year, r.value]));
        return seriesTrace(years, (y) => own.get(y), { name: p, line: { color: COLORS[p] } });
      });
      await plot("series-chart", traces, { yaxis: { title: { text: s.unit } }, xaxis: yearAxis(years), legend: { orientation: "h", y: -0.15 } });
      table.innerHTML = seriesTable(s, years);
    }
    renderSources("series-chart", new SourceBook().addNumbered(s.sources).all(), undefined, true);
  } catch (err) {
    chartMessage("series-chart", "");
    Plotly.purge("series-chart");
    showError("series-chart-message", err);
    document.getElementById("series-chart-message").hidden = false;
    note.textContent = "";
    table.innerHTML = "";
    renderSources("series-chart", []);
  } finally {
    button.disabled = false;
  }
}

/* One row per year, one column per partner: each value under its partner's header. */
function seriesTable(s, years) {
  const value = new Map(s.rows.map((r) => [`${r.partner}|${r.year}`, r.value]));
  const cell = (p, y) => {
    const v = value.get(`${p}|${y}`);
    return `<td class="num" data-partner="${esc(p)}">${isNum(v) ? esc(Number(v).toLocaleString("en", { maximumFractionDigits: 3 })) : "–"}</td>`;
  };
  return `<table id="series-values"><thead><tr><th>year</th>${s.partners.map((p) => `<th class="num" data-partner="${esc(p)}">${esc(p)}</th>`).join("")}</tr></thead><tbody>${
    years.map((y) => `<tr><td>${y}</td>${s.partners.map((p) => cell(p, y)).join("")}</tr>`).join("")}</tbody></table>`;
}

// ------------------------------------------------------------------------------------------ scenarios
function paramInput(p) {
  if (p.type === "bool") {
    return `<label>${esc(p.name)} <select name="${esc(p.name)}" data-type="bool"><option value="true"${p.value ? " selected" : ""}>true</option>
      <option value="false"${p.value ? "" : " selected"}>false</option></select></label>`;
  }
  const step = p.type === "int" ? "1" : "any";
  return `<label title="${esc(p.description)}">${esc(p.name)} <input type="number" name="${esc(p.name)}" data-type="${esc(p.type)}" value="${esc(p.value)}"
    step="${step}"${isNum(p.min) ? ` min="${p.min}"` : ""}${isNum(p.max) ? ` max="${p.max}"` : ""}></label>`;
}

async function scenariosPage(selected) {
  setActive("scenarios");
  app.innerHTML = `<h1>Scenarios</h1><p class="muted">Stress-test the balance: pick a scenario, set its parameters and run it.</p>
    <form class="card" id="scenario-form">
      <div class="inline">
        <label>scenario <select name="scenario" id="scenario-select"></select></label>
        <span id="scenario-params" class="contents"></span>
        <label>Monte Carlo draws <input type="number" name="draws" value="0" min="0" max="20000" step="1"></label>
        <label>seed <input type="number" name="seed" value="0" min="0" step="1"></label>
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
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runScenario(form, select.value);
  });
}

async function runScenario(form, name) {
  const set = {};
  form.querySelectorAll("#scenario-params [name]").forEach((input) => {
    set[input.name] = input.dataset.type === "bool" ? input.value === "true" : Number(input.value);
  });
  const body = { set, draws: Number(form.draws.value || 0), seed: Number(form.seed.value || 0) };
  const button = document.getElementById("run-button");
  const results = document.getElementById("scenario-results");
  button.disabled = true;
  results.innerHTML = `<p class="muted">Running…</p>`;
  try {
    const out = await api(`/scenarios/${encodeURIComponent(name)}/run`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    showResult(out.result, out.sources);
  } catch (err) {
    showError(results, err);
  } finally {
    button.disabled = false;
  }
}

/* The channel table's columns: [field, header, tooltip]. "capacity cut" is how much capacity the shock
 * removes, which can exceed what was planned through the channel. */
const CHANNEL_COLUMNS = [
  ["name", "channel", ""], ["pole", "power", "the power the channel runs to or through"], ["unit", "unit", ""],
  ["planned", "planned", "planned flow in the window"], ["capacity_before", "capacity before", ""], ["capacity", "capacity after", ""],
  ["cut", "capacity cut", "capacity removed by the shock (can exceed the planned flow)"], ["delivered", "delivered", ""],
  ["rerouted", "rerouted", "moved to other channels"], ["lost", "lost", "planned flow neither delivered nor rerouted"],
  ["value_lost", "value lost", "billion USD"],
];

/* A column is numeric (right-aligned, header included) when every value in it is a number. */
function numeric(rows, key) {
  return rows.length > 0 && rows.every((row) => isNum(row[key]));
}

function num(v) {
  return isNum(v) ? v.toLocaleString("en", { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 2 }) : esc(v ?? "");
}

function scenarioSources(sources) {
  // The scenario's sources in their own order, numbered once for the page.
  return new SourceBook().add(Object.entries(sources || {}).map(([id, text]) => {
    const url = (String(text).match(/https?:\/\/\S+/) || [null])[0];
    return { id, text: url ? String(text).replace(url, "").replace(/[,\s]+$/, "") : String(text), url };
  }));
}

function showResult(r, sources) {
  const results = document.getElementById("scenario-results");
  const before = r.balance_before || {};
  const after = r.balance_after || {};
  const book = scenarioSources(sources);
  const mc = r.monte_carlo;
  results.innerHTML = `<div class="kpis" id="scenario-kpis">
      <div class="kpi">balance before<b>${fmt(before.balance)}</b></div>
      <div class="kpi">balance after<b>${fmt(after.balance)}</b></div>
      <div class="kpi">largest exposure before<b>${pct(before.largest_exposure)}</b></div>
      <div class="kpi">largest exposure after<b>${pct(after.largest_exposure)}</b></div>
      <div class="kpi">window<b>${fmt(r.window_days, 0)} days</b></div></div>
    ${card("Balance before and after", "scenario-balance")}
    <section class="card"><h2>Channels</h2><div class="scroll-x" id="channels-wrap"><table id="channels-table"><thead><tr>${CHANNEL_COLUMNS
      .map(([c, h, tip]) => `<th class="${numeric(r.channels, c) ? "num" : ""}"${tip ? ` title="${esc(tip)}"` : ""}>${esc(h)}</th>`).join("")}</tr></thead>
      <tbody>${r.channels.map((ch) => `<tr>${CHANNEL_COLUMNS.map(([c]) => `<td class="${numeric(r.channels, c) ? "num" : ""}">${num(ch[c])}</td>`).join("")}</tr>`).join("")}</tbody></table></div>
      <p class="muted">Capacity cut: the capacity the shock removes, which can exceed the flow planned through the channel.</p></section>
    ${mc ? `<section class="card"><h2>Monte Carlo (${mc.draws} draws, seed ${mc.seed})</h2><div class="scroll-x"><table id="mc-table"><thead><tr>${
      Object.keys(mc.summary[0] || {}).map((k) => `<th class="${numeric(mc.summary, k) ? "num" : ""}">${esc(k)}</th>`).join("")}</tr></thead><tbody>${mc.summary.map((row) =>
      `<tr>${Object.keys(mc.summary[0]).map((k) => `<td class="${numeric(mc.summary, k) ? "num" : ""}">${num(row[k])}</td>`).join("")}</tr>`).join("")}</tbody></table></div></section>` : ""}
    ${r.assumptions.length ? `<section class="card"><h2>Assumptions</h2><ul>${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul></section>` : ""}`;
  const shares = ["RUS", "CHN", "USA", "EU27", "OTHER"];
  plot("scenario-balance", [
    { type: "bar", name: "before", x: shares, y: shares.map((s) => before["share_" + s.toLowerCase()] ?? null), marker: { color: "#98a2b3" } },
    { type: "bar", name: "after", x: shares, y: shares.map((s) => after["share_" + s.toLowerCase()] ?? null), marker: { color: "#2458a6" } },
  ], { barmode: "group", yaxis: { title: { text: "share of the value delivered" }, range: [0, 1] }, legend: { orientation: "h", y: -0.15 }, height: 340 });
  renderSources("scenario-balance", book.all(), undefined, true);
}
