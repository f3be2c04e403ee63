/* Overview: a set of countries (Central Asia by default, any country of /countries can be added) ranked by
 * the composite balance of their assessments (GET /compare). A country's composite here is the one on
 * its page: both are the assessment's composite.balance. */
"use strict";

function overviewHash(codes, year) {
  const q = new URLSearchParams();
  if (codes) q.set("countries", codes.join(","));
  if (year) q.set("year", year);
  const text = q.toString().replaceAll("%2C", ",");
  return "#/" + (text ? "?" + text : "");
}

function overviewShell(year) {
  return `<h1>Balance between the great powers</h1>
    <p class="muted">How evenly each country's ties are spread over Russia, China, the USA and the EU27
    (1 = even, 0 = a single power). The composite is the country's assessment: the same number as on its page.</p>
    <section class="card" id="picker">
      <form id="picker-form" class="inline">
        <label>country ${countryInput("country-pick")}</label>
        <button type="submit">Add to the comparison</button>
        <button type="button" id="open-country" class="secondary">Open its page</button>
        <label>year <input name="year" id="compare-year" type="number" min="1992" max="2100" step="1" value="${esc(year || "")}" placeholder="latest"></label>
      </form>
      <p class="error" id="picker-error" hidden></p>
      <ul class="chips" id="chosen"></ul>
      <p class="muted" id="picker-count"></p>
    </section>
    ${card("Ranking: composite balance", "ranking", '<p class="muted" id="ranking-note"></p>')}
    <section class="card"><h2>Side by side</h2><div class="scroll-x"><table id="compare-table"></table></div>
      <p class="muted" id="compare-notes"></p><h3>Sources</h3><ul class="sources" id="compare-sources"></ul></section>`;
}

async function overview(params) {
  const seq = nav.seq;
  setActive("overview");
  const asked = params.get("countries");
  const year = params.get("year");
  app.innerHTML = overviewShell(year);
  let countries = [];
  try {
    countries = await fillCountryList("country-pick");
    if (stale(seq)) return;
    document.getElementById("picker-count").textContent = `${countries.length} countries to choose from (every country with data or a built-in case).`;
  } catch (err) {
    showError("picker-count", err);
  }
  const q = new URLSearchParams();
  if (asked) q.set("countries", asked);
  if (year) q.set("year", year);
  let cmp = null;
  try {
    cmp = await api("/compare" + (q.toString() ? "?" + q.toString() : ""));
  } catch (err) {
    showError("ranking", err);
  }
  if (stale(seq)) return;
  const chosen = cmp ? cmp.countries : (asked || "").split(",").filter(Boolean);
  wirePicker(countries, chosen);
  renderChips(chosen, countries, year);
  if (!cmp) return;
  const [dims, words] = await Promise.all([dimensions(), flagWords()]);
  if (stale(seq)) return;
  const book = new SourceBook().addNumbered(cmp.sources);
  await rankingChart(cmp, dims, words, book);
  compareTable(cmp, dims, words, book);
}

function wirePicker(countries, chosen) {
  const form = document.getElementById("picker-form");
  const error = document.getElementById("picker-error");
  const picked = () => {
    const code = pickedIso3(document.getElementById("country-pick").value, countries);
    error.hidden = Boolean(code);
    error.textContent = code ? "" : "Pick a country from the list (its name or ISO3 code).";
    return code;
  };
  const yearValue = () => document.getElementById("compare-year").value || null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const code = picked();
    if (!code) return;
    location.hash = overviewHash(chosen.includes(code) ? chosen : [...chosen, code], yearValue());
  });
  document.getElementById("compare-year").addEventListener("change", () => {
    location.hash = overviewHash(chosen, yearValue());
  });
  document.getElementById("open-country").addEventListener("click", () => {
    const code = picked();
    if (code) location.hash = `#/country/${code}`;
  });
}

function renderChips(chosen, countries, year) {
  const names = new Map(countries.map((c) => [c.iso3, c.name]));
  document.getElementById("chosen").innerHTML = chosen.map((code) => `<li data-iso3="${esc(code)}">
      <a href="#/country/${esc(code)}">${esc(names.get(code) || code)} (${esc(code)})</a>
      ${chosen.length > 1 ? `<a class="remove" title="remove from the comparison" href="${esc(overviewHash(chosen.filter((c) => c !== code), year))}">×</a>` : ""}</li>`).join("");
}

function labelsOf(dims) {
  return new Map(dims.map((d) => [d.name, d.label]));
}

function excludedFlags(excluded) {
  return new Map(String(excluded || "").split(",").filter(Boolean).map((part) => part.split(":")));
}

function excludedWords(excluded, labels, words) {
  return [...excludedFlags(excluded)].map(([dim, flag]) => `${labels.get(dim) || dim}: ${flagText([flag], words)}`);
}

async function rankingChart(cmp, dims, words, book) {
  const labels = labelsOf(dims);
  const ranked = cmp.rows.filter((r) => isNum(r.balance));
  const unranked = cmp.rows.filter((r) => !isNum(r.balance));
  const note = document.getElementById("ranking-note");
  note.textContent = `Composite balance of each country's assessment, ${cmp.rows.length} countries, most balanced on top.` +
    (unranked.length ? ` No composite for ${unranked.map((r) => r.name).join(", ")} (no figure passes the rules).` : "") +
    (cmp.notes.length ? " " + cmp.notes.join("; ") + "." : "");
  if (!ranked.length) {
    chartMessage("ranking", "No country of this set has a composite balance.");
  } else {
    const rows = [...ranked].reverse();
    await plot("ranking", [{
      type: "bar", orientation: "h", y: rows.map((r) => `${r.name} (${r.country})`), x: rows.map((r) => r.balance),
      marker: { color: rows.map((r) => COLORS[r.largest_power] || "#888") }, text: rows.map((r) => `${fmt(r.balance)} (${r.year})`),
      textposition: "auto", cliponaxis: false,
      customdata: rows.map((r) => [r.tilt_lean || "–", pct(r.coverage), String(r.dimensions_used || "").split(",").filter(Boolean).map((d) => labels.get(d) || d).join(", "),
        excludedWords(r.excluded, labels, words).join("<br>") || "none", r.largest_power || "–", pct(r.largest_exposure)]),
      hovertemplate: "%{y}: %{x:.2f}<br>leans towards %{customdata[0]}; largest %{customdata[4]} %{customdata[5]}<br>coverage %{customdata[1]}: %{customdata[2]}<br>left out: %{customdata[3]}<extra></extra>",
    }], { xaxis: { range: [0, 1], title: { text: "composite balance (bar colour: the largest power)" } }, margin: { l: 150, t: 10, r: 20, b: 45 },
      height: Math.max(220, 60 + 34 * rows.length) });
  }
  renderSources("ranking", book.all());
}

function compareTable(cmp, dims, words, book) {
  const shown = dims.filter((d) => cmp.rows.some((r) => isNum(r[`balance_${d.name}`])));
  const head = ["rank", "country", "year", "composite balance", "leans towards", "largest power", "coverage", ...shown.map(shortLabel), "sources"];
  const titles = ["", "", "the assessment's year", "", "", "", "share of the weight with a figure", ...shown.map((d) => `${d.label}: the figure's balance (its year)`), ""];
  const dimCell = (r, d) => {
    const flag = excludedFlags(r.excluded).get(d.name);
    const value = `${fmt(r[`balance_${d.name}`])}${isNum(r[`year_${d.name}`]) ? ` <span class="muted">(${r[`year_${d.name}`]})</span>` : ""}`;
    const tag = flag ? `<span class="tag" title="left out of the composite: ${esc(flagText([flag], words))}">${esc(flagText([flag], words, true))}</span>` : "";
    return `<td class="num nowrap${flag ? " out" : ""}" data-dimension="${esc(d.name)}">${value}${tag}</td>`;
  };
  const body = cmp.rows.map((r) => `<tr data-country="${esc(r.country)}">
      <td class="num">${esc(r.rank ?? "–")}</td><td><a href="#/country/${esc(r.country)}">${esc(r.name)} (${esc(r.country)})</a>${r.case ? ' <span class="badge">casebook</span>' : ""}</td>
      <td class="num">${esc(r.year ?? "–")}</td>
      <td class="num composite" data-field="balance" data-value="${isNum(r.balance) ? r.balance : ""}">${fmt(r.balance)}</td>
      <td>${esc(POWER_NAMES[r.tilt_lean] || r.tilt_lean || "–")}</td>
      <td>${esc(r.largest_power || "–")} ${pct(r.largest_exposure)}</td><td class="num">${pct(r.coverage)}</td>
      ${shown.map((d) => dimCell(r, d)).join("")}
      <td class="cites">${book.cite(r.sources)}</td></tr>`).join("");
  document.getElementById("compare-table").innerHTML = `<thead><tr>${head.map((h, i) => `<th${titles[i] ? ` title="${esc(titles[i])}"` : ""}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body}</tbody>`;
  document.getElementById("compare-notes").textContent = "Each dimension's column: the balance of its figure and (in brackets) the figure's year; " +
    "a figure with a flag (stale, too little evidence, one power quantified, another scale) is left out of the composite. Coverage: the share of the weight with a figure.";
  document.getElementById("compare-sources").innerHTML = book.all().map((s) => sourceItem(s, true)).join("");
}
