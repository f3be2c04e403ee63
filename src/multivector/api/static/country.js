/* Country page (#/country/ISO3): the assessment of any country (GET /countries/ISO3/profile) and its
 * movement over the years (GET /countries/ISO3/series). Every number is the API's; every chart is
 * followed by its sources, numbered as in the page's list of sources (the profile's numbers). */
"use strict";

function countryShell(iso3) {
  return `<div class="title-row"><h1 id="country-title">${esc(iso3)}</h1>
      <form id="country-form" class="inline compact">
        <label>another country ${countryInput("country-go", "", "name or ISO3")}</label>
        <label>year <select id="year-select"><option value="">latest</option></select></label>
      </form></div>
    <div id="country-body"><p class="muted">Loading the assessment…</p></div>`;
}

function countryBody() {
  return `<div class="kpis" id="kpis"></div>
    <p class="muted" id="country-notes"></p>
    <div class="grid">
      ${card("Between the giants", "ternary", '<p class="muted" id="ternary-note"></p>')}
      ${card("The composite's path over the years", "path", '<p class="muted" id="path-note"></p>')}
    </div>
    <div class="grid">
      ${card("Composite balance and tilt over time", "composite-series", '<p class="muted" id="composite-series-note"></p>')}
      ${card("Each dimension's balance over time", "dimension-series", '<p class="muted" id="dimension-series-note"></p>')}
    </div>
    <div class="grid">
      ${card("UN General Assembly agreement", "alignment", '<p class="muted" id="alignment-note"></p>')}
      ${card("Casebook timeline", "timeline", '<p class="muted" id="timeline-note"></p>')}
    </div>
    <section class="card" id="dimension-card"><h2>Balance per dimension</h2><div class="scroll-x"><table id="summary-table"></table></div>
      <p class="muted" id="summary-note"></p></section>
    <section class="card" id="sources-card"><h2>Sources</h2><ul class="sources numbered" id="page-sources"></ul>
      <details><summary>How the assessment picks its figures</summary><dl id="rules"></dl></details></section>`;
}

async function countryPage(iso3, params) {
  const seq = nav.seq;
  setActive("country");
  const year = params.get("year");
  app.innerHTML = countryShell(iso3);
  wireCountryForm(iso3);
  const body = document.getElementById("country-body");
  const profileQuery = year ? `?year=${encodeURIComponent(year)}` : "";
  const series = api(`/countries/${encodeURIComponent(iso3)}/series`).catch((err) => ({ error: err }));
  let prof;
  try {
    prof = await api(`/countries/${encodeURIComponent(iso3)}/profile${profileQuery}`);
  } catch (err) {
    if (stale(seq)) return;
    body.innerHTML = `<div id="country-error"></div>`;
    showError("country-error", err);
    return;
  }
  const [dims, words] = await Promise.all([dimensions(), flagWords()]);
  if (stale(seq)) return;
  document.getElementById("country-title").textContent = `${prof.name} (${prof.country})`;
  body.innerHTML = countryBody();
  const book = new SourceBook().addNumbered(prof.sources);
  const ser = await series;
  if (stale(seq)) return;
  if (!ser.error) book.add(ser.sources);
  const ctx = { prof, ser, dims, words, book, year, seq };
  fillYearSelect(ctx);
  renderKpis(prof, dims);
  renderSummary(ctx);
  const draws = [drawTernary, drawPath, drawCompositeSeries, drawDimensionSeries, drawAlignment, drawTimeline];
  for (const draw of draws) {
    if (stale(seq)) return;
    try {
      await draw(ctx);
    } catch (err) {
      console.error(err);
      showError(`${draw.chartId || "country-notes"}`, err);
    }
  }
  if (!stale(seq)) renderPageSources(ctx);
}

function wireCountryForm(iso3) {
  fillCountryList("country-go").then((list) => {
    const input = document.getElementById("country-go");
    if (!input) return;
    input.addEventListener("change", () => {
      const code = pickedIso3(input.value, list);
      if (code && code !== iso3) location.hash = `#/country/${code}`;
    });
  }).catch(() => {});
}

function fillYearSelect(ctx) {
  const select = document.getElementById("year-select");
  const years = ctx.ser.error ? [] : [...new Set(ctx.ser.rows.filter((r) => r.dimension === "composite" && isNum(r.balance)).map((r) => r.year))];
  select.innerHTML = `<option value="">latest (${esc(ctx.prof.year ?? "–")})</option>` +
    years.sort((a, b) => b - a).map((y) => `<option value="${y}"${String(y) === ctx.year ? " selected" : ""}>${y}</option>`).join("");
  select.addEventListener("change", () => {
    location.hash = `#/country/${ctx.prof.country}${select.value ? "?year=" + select.value : ""}`;
  });
}

function renderKpis(prof, dims) {
  const c = prof.composite;
  const comparable = dims.filter((d) => d.comparable).length;
  const years = Object.values(c.years || {});
  const span = years.length ? `figures of ${Math.min(...years)}${Math.max(...years) !== Math.min(...years) ? "–" + Math.max(...years) : ""}` : "no figure used";
  const lean = c.tilt.lean ? `${POWER_NAMES[c.tilt.lean] || c.tilt.lean}` : "–";
  document.getElementById("kpis").innerHTML = `
    <div class="kpi" id="kpi-balance">composite balance<b data-value="${isNum(c.balance) ? c.balance : ""}">${fmt(c.balance)}</b><span>0 = one power, 1 = even</span></div>
    <div class="kpi" id="kpi-lean">leans towards<b>${esc(lean)}</b><span>strength ${fmt(c.tilt.strength)}</span></div>
    <div class="kpi" id="kpi-largest">largest power<b>${esc(c.largest_power || "–")}</b><span>exposure ${pct(c.largest_exposure)}</span></div>
    <div class="kpi" id="kpi-coverage">coverage<b>${pct(c.coverage)}</b><span>${c.dimensions_used.length} of ${comparable} comparable dimensions</span></div>
    <div class="kpi" id="kpi-year">year<b>${esc(prof.year ?? "–")}</b><span>${esc(span)}</span></div>
    ${prof.case ? `<div class="kpi">casebook<b>${esc(prof.case)}</b><span>joins the store's data</span></div>` : ""}`;
  const notes = [...prof.notes];
  document.getElementById("country-notes").innerHTML = notes.map(esc).join("<br>");
  document.getElementById("rules") && (document.getElementById("rules").innerHTML = Object.entries(prof.rules || {})
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join(""));
}

function tiltText(t) {
  if (!t || !isNum(t.rus)) return "–";
  return `R ${fmt(t.rus)} · C ${fmt(t.chn)} · W ${fmt(t.west)}`;
}

/* The figures not used (the other origin's, or a newer one with too little evidence), with their sources. */
function alternativesHtml(d, book) {
  return (d.alternatives || []).map((a) => `not used: ${esc(a.origin)} ${esc(a.year ?? "")}, balance ${fmt(a.balance)}${book.cite(a.sources)} (${esc(a.why_not)})`).join("; ");
}

/* Shares of the partners a source lists (a casebook without a world total) are not shares of the
 * country's total: say so next to the exposure. */
function basisNote(d) {
  return d.total_basis === "listed"
    ? ' <span class="muted small" title="shares of the partners the source lists, not of the country\'s total with every partner">of listed partners</span>' : "";
}

function summaryRow(d, ctx) {
  const ev = d.evidence ? `${d.evidence.count} / ${d.evidence.minimum} ${d.evidence.kind}` : "–";
  const flags = d.flags.length ? flagText(d.flags, ctx.words) : "";
  const note = [esc(d.note), alternativesHtml(d, ctx.book)].filter(Boolean).join("; ");
  return `<tr data-dimension="${esc(d.dimension)}" class="${d.in_composite ? "" : "out-of-composite"}">
    <td>${esc(d.label)}${d.comparable ? "" : ' <span class="badge" title="not on the composite\'s scale">other scale</span>'}</td>
    <td class="num">${esc(d.year ?? "–")}${isNum(d.age) ? ` <span class="muted">(${d.age} y)</span>` : ""}</td>
    <td>${esc(d.origin || "–")}</td>
    <td class="num" data-field="balance">${fmt(d.balance)}</td>
    <td class="nowrap">${esc(tiltText(d.tilt))}</td>
    <td>${esc(d.largest_power || "–")} ${pct(d.largest_exposure)}${basisNote(d)}</td>
    <td class="num">${esc(ev)}</td>
    <td class="flags">${esc(flags || "–")}</td>
    <td data-field="in-composite">${d.in_composite ? "yes" : "no"}</td>
    <td class="cites">${ctx.book.cite(d.sources)}</td>
    <td class="small">${note}</td></tr>`;
}

function renderSummary(ctx) {
  const { prof } = ctx;
  const c = prof.composite;
  const head = ["dimension", "figure year (age)", "origin", "balance", "tilt (Russia · China · West)", "largest exposure", "evidence (count / minimum)",
    "flags", "in composite", "sources", "notes"];
  const composite = `<tr data-dimension="composite" class="composite-row"><td><b>composite</b></td><td class="num">${esc(prof.year ?? "–")}</td><td></td>
    <td class="num" data-field="balance"><b>${fmt(c.balance)}</b></td><td class="nowrap">${esc(tiltText(c.tilt))}</td>
    <td>${esc(c.largest_power || "–")} ${pct(c.largest_exposure)}</td><td class="num">coverage ${pct(c.coverage)}</td><td></td><td></td><td></td>
    <td class="small">weighted mean over ${esc(c.dimensions_used.map((n) => prof.dimensions.find((d) => d.dimension === n)?.label || n).join(", ") || "no dimension")}</td></tr>`;
  document.getElementById("summary-table").innerHTML = `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>
    <tbody>${prof.dimensions.map((d) => summaryRow(d, ctx)).join("")}${composite}</tbody>`;
  const left = Object.entries(c.excluded || {}).map(([dim, flag]) => `${prof.dimensions.find((d) => d.dimension === dim)?.label || dim}: ${flagText([flag], ctx.words)}`);
  document.getElementById("summary-note").textContent = left.length ? `Left out of the composite: ${left.join("; ")}.` : "Every dimension enters the composite.";
}

function renderPageSources(ctx) {
  document.getElementById("page-sources").innerHTML = ctx.book.all().map((s) => sourceItem(s, true)).join("");
}
