/* The country page's charts. Each takes the page context {prof, ser, dims, words, book} (profile, series,
 * the /dimensions registry, the /flags wordings, the page's SourceBook) and ends with its sources.
 *
 * ctx.seq is the navigation that drew the page (see stale() in app.js).
 *
 * Labels never pile up: ternary points carry no text (the legend names them, hover gives the values) and
 * points at the same place are drawn as rings around each other; a year-by-year chart has a value for
 * every year from the first to the last, null where there is none, so a gap stays a gap. */
"use strict";

/* Inner ticks only: a tick label at a corner would sit under the points that gather there. */
const TERNARY_TICKS = { min: 0, ticks: "outside", tickvals: [0.2, 0.4, 0.6, 0.8], ticktext: ["0.2", "0.4", "0.6", "0.8"] };
const TERNARY_AXES = {
  sum: 1,
  aaxis: { title: { text: "Russia" }, ...TERNARY_TICKS },
  baxis: { title: { text: "China" }, ...TERNARY_TICKS },
  caxis: { title: { text: "West" }, ...TERNARY_TICKS },
};

function dimColor(name, dims) {
  const i = dims.findIndex((d) => d.name === name);
  return PALETTE[(i < 0 ? dims.length : i) % PALETTE.length];
}

function dimLabel(name, dims) {
  return dims.find((d) => d.name === name)?.label || name;
}

/* Marker sizes so that points at the same place show as concentric rings (the k-th at a place is a ring
 * around the ones before it), never as one hidden point. */
function ringSizes(points, base = 11, step = 8) {
  const seen = new Map();
  return points.map((p) => {
    const key = [p.a, p.b, p.c].map((v) => Number(v).toFixed(2)).join(",");
    const k = seen.get(key) || 0;
    seen.set(key, k + 1);
    return { size: base + step * k, ring: k > 0 };
  });
}

/* Where the single text label of a point goes: away from the corner it sits in. */
function labelPosition(a, b, c) {
  if (a >= Math.max(b, c)) return "middle right";
  return b >= c ? "top right" : "top left";
}

function ternaryPoint(d, dims, size, ring) {
  const color = dimColor(d.dimension, dims);
  return {
    type: "scatterternary", mode: "markers", name: d.label + (d.in_composite ? "" : " (left out)"),
    a: [d.tilt.rus], b: [d.tilt.chn], c: [d.tilt.west], cliponaxis: false,
    marker: { size, color, symbol: ring || !d.in_composite ? "circle-open" : "circle", line: { width: 2, color } },
    hovertemplate: `${esc(d.label)} ${d.year ?? ""} (${d.origin || ""}): balance ${fmt(d.balance)}` +
      "<br>Russia %{a:.2f}, China %{b:.2f}, West %{c:.2f}<extra></extra>",
  };
}

async function drawTernary(ctx) {
  const { prof, dims, book } = ctx;
  const shown = prof.dimensions.filter((d) => isNum(d.tilt.rus));
  const c = prof.composite;
  const note = document.getElementById("ternary-note");
  if (!shown.length) {
    chartMessage("ternary", `No dimension of ${prof.name} has a position between the powers in ${prof.year ?? "any year"}.`);
    renderSources("ternary", []);
    return;
  }
  const sizes = ringSizes(shown.map((d) => ({ a: d.tilt.rus, b: d.tilt.chn, c: d.tilt.west })));
  const traces = shown.map((d, i) => ternaryPoint(d, dims, sizes[i].size, sizes[i].ring));
  if (isNum(c.tilt.rus)) {
    traces.push({ type: "scatterternary", mode: "markers", name: `composite ${fmt(c.balance)}`, a: [c.tilt.rus], b: [c.tilt.chn], c: [c.tilt.west],
      marker: { size: 18, symbol: "star", color: "#111827", line: { width: 1, color: "#fff" } }, cliponaxis: false,
      hovertemplate: `composite ${prof.year}: balance ${fmt(c.balance)}<br>Russia %{a:.2f}, China %{b:.2f}, West %{c:.2f}<extra></extra>` });
  }
  const hidden = prof.dimensions.filter((d) => isNum(d.balance) && !isNum(d.tilt.rus)).map((d) => d.label);
  note.textContent = `Each dimension's figure (${prof.year}) and the composite (star) between Russia, China and the West (USA + EU27). ` +
    "Points at one place are drawn as rings around each other; open markers are left out of the composite." +
    (hidden.length ? ` Without a position: ${hidden.join(", ")}.` : "");
  await plot("ternary", traces, { ternary: TERNARY_AXES, showlegend: true, height: 520,
    legend: { orientation: "h", x: 0, y: -0.08, yanchor: "top", font: { size: 11 } }, margin: { t: 40, l: 45, r: 45, b: 20 } });
  renderSources("ternary", book.get(shown.flatMap((d) => d.sources)));
}
drawTernary.chartId = "ternary";

function compositeRows(ser) {
  return ser.error ? [] : ser.rows.filter((r) => r.dimension === "composite");
}

/* The sources of the series charts: the datasets of the series and, for a dimension whose figures come
 * from the casebook in some year, the casebook sources the profile cites for it. */
function seriesSources(ctx, dimNames) {
  const { prof, ser, book } = ctx;
  const names = new Set(dimNames);
  const rows = ser.error ? [] : ser.rows.filter((r) => names.has(r.dimension) && isNum(r.balance));
  const tables = new Set(ctx.dims.filter((d) => names.has(d.name)).flatMap((d) => d.tables));
  const data = rows.some((r) => r.origin === "data") ? (ser.sources || []).filter((s) => !s.tables || s.tables.some((t) => tables.has(t))).map((s) => s.id) : [];
  const casebookDims = new Set(rows.filter((r) => r.origin === "casebook").map((r) => r.dimension));
  const cited = prof.dimensions.filter((d) => casebookDims.has(d.dimension) && d.origin === "casebook").flatMap((d) => d.sources);
  return book.get([...data, ...cited]);
}

function pathFrame(year, byYear, ser, dims) {
  const r = byYear.get(year);
  const pos = r ? labelPosition(r.tilt_rus, r.tilt_chn, r.tilt_west) : "top center";
  const current = { type: "scatterternary", mode: "markers+text", name: String(year), a: [r?.tilt_rus ?? null], b: [r?.tilt_chn ?? null], c: [r?.tilt_west ?? null],
    text: [String(year)], textposition: pos, textfont: { size: 13, color: "#111827" }, cliponaxis: false,
    marker: { size: 16, symbol: "star", color: "#111827", line: { width: 1, color: "#fff" } },
    hovertemplate: `composite ${year}: balance ${fmt(r?.balance)}, coverage ${pct(r?.coverage)}<extra></extra>` };
  const pts = ser.rows.filter((x) => x.year === year && x.dimension !== "composite" && isNum(x.tilt_rus));
  const sizes = ringSizes(pts.map((p) => ({ a: p.tilt_rus, b: p.tilt_chn, c: p.tilt_west })), 9, 6);
  const dimsTrace = { type: "scatterternary", mode: "markers", name: `dimensions ${year}`, cliponaxis: false,
    a: pts.map((p) => p.tilt_rus), b: pts.map((p) => p.tilt_chn), c: pts.map((p) => p.tilt_west),
    text: pts.map((p) => `${dimLabel(p.dimension, dims)}: figure of ${p.figure_year}${p.in_composite ? "" : " (left out)"}, balance ${fmt(p.balance)}`),
    hovertemplate: "%{text}<extra></extra>",
    marker: { size: sizes.map((s) => s.size), color: pts.map((p) => dimColor(p.dimension, dims)),
      symbol: pts.map((p, i) => (sizes[i].ring || !p.in_composite ? "circle-open" : "circle")), line: { width: 2, color: pts.map((p) => dimColor(p.dimension, dims)) } } };
  return [current, dimsTrace];
}

async function drawPath(ctx) {
  const { ser, dims } = ctx;
  const comp = compositeRows(ser).filter((r) => isNum(r.tilt_rus));
  const note = document.getElementById("path-note");
  if (ser.error || comp.length < 2) {
    chartMessage("path", ser.error ? `No series: ${ser.error.message}` : `Fewer than two years with a composite position for ${ctx.prof.name}: no path to draw.`);
    renderSources("path", []);
    return;
  }
  const byYear = new Map(comp.map((r) => [r.year, r]));
  const years = yearRange(comp.map((r) => r.year));
  const valid = years.filter((y) => byYear.has(y));
  const start = valid.includes(Number(ctx.year)) ? Number(ctx.year) : valid[valid.length - 1];
  const path = { type: "scatterternary", mode: "lines+markers", name: "composite path", connectgaps: false, cliponaxis: false,
    a: years.map((y) => byYear.get(y)?.tilt_rus ?? null), b: years.map((y) => byYear.get(y)?.tilt_chn ?? null), c: years.map((y) => byYear.get(y)?.tilt_west ?? null),
    text: years.map((y) => `${y}: balance ${fmt(byYear.get(y)?.balance)}`), hovertemplate: "%{text}<extra></extra>",
    line: { color: "#98a2b3", width: 1.5 }, marker: { size: 6, color: years, colorscale: "Viridis", showscale: false } };
  const frames = valid.map((y) => ({ name: String(y), data: pathFrame(y, byYear, ser, dims), traces: [1, 2] }));
  const step = (y) => ({ label: String(y), method: "animate", args: [[String(y)], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }] });
  const layout = {
    ternary: TERNARY_AXES, showlegend: false, height: 560, margin: { t: 60, l: 45, r: 45, b: 90 },
    // Below the triangle's tick labels and corner titles.
    sliders: [{ active: valid.indexOf(start), steps: valid.map(step), x: 0.05, len: 0.9, y: 0, yanchor: "top", pad: { t: 45, b: 0 },
      currentvalue: { visible: false }, font: { size: 10 } }],
    // Top left: the Russia title is centred above the apex, China and the West sit at the bottom corners.
    updatemenus: [{ type: "buttons", showactive: false, x: 0, y: 1.02, xanchor: "left", yanchor: "bottom", direction: "right", pad: { t: 0, r: 0 },
      buttons: [{ label: "▶ play", method: "animate", args: [null, { frame: { duration: 400, redraw: true }, transition: { duration: 0 }, fromcurrent: true, mode: "immediate" }] }] }],
  };
  await plot("path", [path, ...pathFrame(start, byYear, ser, dims)], layout);
  await Plotly.addFrames("path", frames);
  const gaps = years.filter((y) => !byYear.has(y));
  note.textContent = `The composite's position each year, ${valid[0]}–${valid[valid.length - 1]} (the slider picks a year and shows that year's dimensions; hover a point for its year).` +
    (gaps.length ? ` No composite position in ${gaps.join(", ")}: the path breaks there.` : "");
  renderSources("path", seriesSources(ctx, dims.map((d) => d.name)));
}
drawPath.chartId = "path";

/* A year axis with whole-year ticks, as many as fit. */
function yearAxis(years) {
  const span = years.length ? years[years.length - 1] - years[0] : 0;
  return { dtick: span > 15 ? 5 : span > 6 ? 2 : 1, tickformat: "d" };
}

function seriesTrace(years, valueOf, options) {
  return Object.assign({ type: "scatter", mode: "lines+markers", connectgaps: false, x: years, y: years.map((y) => valueOf(y) ?? null), marker: { size: 5 } }, options);
}

async function drawCompositeSeries(ctx) {
  const comp = compositeRows(ctx.ser);
  const withValue = comp.filter((r) => isNum(r.balance));
  if (ctx.ser.error || !withValue.length) {
    chartMessage("composite-series", ctx.ser.error ? `No series: ${ctx.ser.error.message}` : `No year has a composite balance for ${ctx.prof.name}.`);
    renderSources("composite-series", []);
    return;
  }
  const byYear = new Map(comp.map((r) => [r.year, r]));
  const years = yearRange(withValue.map((r) => r.year));
  const v = (key) => (y) => (isNum(byYear.get(y)?.balance) ? byYear.get(y)[key] : null);
  const traces = [
    seriesTrace(years, v("balance"), { name: "composite balance", line: { color: "#111827", width: 3 } }),
    seriesTrace(years, v("tilt_rus"), { name: "tilt: Russia", line: { color: COLORS.RUS, width: 1.5 } }),
    seriesTrace(years, v("tilt_chn"), { name: "tilt: China", line: { color: COLORS.CHN, width: 1.5 } }),
    seriesTrace(years, v("tilt_west"), { name: "tilt: West", line: { color: COLORS.WEST, width: 1.5 } }),
    seriesTrace(years, v("coverage"), { name: "coverage", mode: "lines", line: { color: "#98a2b3", width: 1, dash: "dot" } }),
  ];
  await plot("composite-series", traces, { yaxis: { range: [0, 1.02], title: { text: "0–1" } }, xaxis: yearAxis(years),
    legend: { orientation: "h", y: -0.15 }, hovermode: "x unified", height: 400 });
  const gaps = years.filter((y) => !isNum(byYear.get(y)?.balance));
  document.getElementById("composite-series-note").textContent = "The composite each year from the figures of that year or carried within their horizon; " +
    "tilt is the position between the powers (Russia + China + West = 1); coverage is the share of the weight with a figure." +
    (gaps.length ? ` No composite in ${gaps.join(", ")} (left as a gap).` : "");
  renderSources("composite-series", seriesSources(ctx, ctx.dims.map((d) => d.name)));
}
drawCompositeSeries.chartId = "composite-series";

async function drawDimensionSeries(ctx) {
  const { ser, dims } = ctx;
  const rows = ser.error ? [] : ser.rows.filter((r) => r.dimension !== "composite" && isNum(r.balance) && r.figure_year === r.year);
  if (!rows.length) {
    chartMessage("dimension-series", ser.error ? `No series: ${ser.error.message}` : `No dimension of ${ctx.prof.name} has a figure in any year.`);
    renderSources("dimension-series", []);
    return;
  }
  const years = yearRange(ser.rows.map((r) => r.year));
  const shown = dims.filter((d) => rows.some((r) => r.dimension === d.name));
  const traces = shown.map((d) => {
    const own = new Map(rows.filter((r) => r.dimension === d.name).map((r) => [r.year, r]));
    return seriesTrace(years, (y) => own.get(y)?.balance, {
      name: d.comparable ? d.label : `${d.label} (other scale)`, legendgroup: d.name, line: { color: dimColor(d.name, dims), width: 1.8, dash: d.comparable ? "solid" : "dot" },
      marker: { size: 6, symbol: years.map((y) => (own.get(y)?.origin === "casebook" ? "diamond" : "circle")) },
      text: years.map((y) => (own.has(y) ? `${d.label} ${y} (${own.get(y).origin})${own.get(y).flags ? ": " + flagText(own.get(y).flags, ctx.words) : ""}` : "")),
      hovertemplate: "%{text}: %{y:.2f}<extra></extra>",
    });
  });
  await plot("dimension-series", traces, { yaxis: { range: [0, 1.02], title: { text: "balance" } }, xaxis: yearAxis(years), legend: { orientation: "h", y: -0.15 }, height: 400 });
  document.getElementById("dimension-series-note").textContent = "Each point is a figure of that very year (a figure carried into later years is not repeated); " +
    "a year without one is a gap, never bridged. Diamonds: casebook figures; dotted: balances on another scale than the shares of flows.";
  renderSources("dimension-series", seriesSources(ctx, shown.map((d) => d.name)));
}
drawDimensionSeries.chartId = "dimension-series";

async function drawAlignment(ctx) {
  const { ser, dims, book } = ctx;
  const rows = ser.error ? [] : (ser.alignment || []).filter((r) => isNum(r.unga_agreement));
  const note = document.getElementById("alignment-note");
  const votes = dims.find((d) => d.evidence && d.evidence.kind === "votes");
  if (!rows.length) {
    chartMessage("alignment", ser.error ? `No series: ${ser.error.message}` : `No UN General Assembly votes of ${ctx.prof.name} in this server's store (import the UN votes to see them).`);
    renderSources("alignment", []);
    return;
  }
  // A year the API marks partial, or with fewer roll calls than a UN-vote figure needs (the registry's
  // minimum): an open marker, not joined to the line, and named in the note.
  const minimum = votes ? votes.evidence.minimum : 0;
  const why = (r) => (r.partial === true ? "partial year" : isNum(r.unga_n_votes) && r.unga_n_votes < minimum ? `${r.unga_n_votes} votes` : "");
  const partners = [...new Set(rows.map((r) => r.partner))];
  const years = yearRange(rows.map((r) => r.year));
  const traces = [];
  for (const p of partners) {
    const own = new Map(rows.filter((r) => r.partner === p).map((r) => [r.year, r]));
    const hover = years.map((y) => (own.has(y) ? `${p} ${y}: ${fmt(own.get(y).unga_agreement)} (${own.get(y).unga_n_votes} votes)` : ""));
    traces.push(seriesTrace(years, (y) => (own.has(y) && !why(own.get(y)) ? own.get(y).unga_agreement : null), {
      name: p, legendgroup: p, line: { color: COLORS[p] || "#555" }, text: hover, hovertemplate: "%{text}<extra></extra>" }));
    const odd = years.filter((y) => own.has(y) && why(own.get(y)));
    if (odd.length) {
      traces.push({ type: "scatter", mode: "markers", name: `${p}: flagged years`, legendgroup: p, showlegend: false, x: odd, y: odd.map((y) => own.get(y).unga_agreement),
        marker: { size: 10, symbol: "circle-open", color: COLORS[p] || "#555", line: { width: 2 } },
        text: odd.map((y) => `${p} ${y}: ${fmt(own.get(y).unga_agreement)}, ${why(own.get(y))} (${own.get(y).unga_n_votes} votes)`), hovertemplate: "%{text}<extra></extra>" });
    }
  }
  const flagged = new Map(rows.filter(why).map((r) => [r.year, why(r)]));
  const flaggedYears = [...flagged.keys()].sort();
  const annotations = flaggedYears.map((y) => ({ x: y, y: 1, yref: "paper", yanchor: "bottom", xanchor: "right", text: `${y}: ${flagged.get(y)}`, showarrow: false,
    font: { size: 11, color: "#b42318" } }));
  await plot("alignment", traces, { yaxis: { range: [0, 1.02], title: { text: "agreement (Voeten)" } }, xaxis: yearAxis(years), legend: { orientation: "h", y: -0.15 },
    annotations, height: 400, margin: { t: 40, r: 20, b: 40, l: 50 } });
  const missing = partners.length < 4 ? ` Votes for ${partners.length} of the four powers.` : "";
  note.textContent = `Share of UN General Assembly roll calls on which ${ctx.prof.name} voted as ${partners.join(", ")} did.` +
    (flaggedYears.length ? ` Open markers, not joined to the line: ${flaggedYears.map((y) => `${y} (${flagged.get(y)})`).join(", ")}` +
      ` – a partial year, or fewer roll calls than the ${minimum} a UN-vote figure needs.` : "") + missing;
  const tables = new Set(votes ? votes.tables : []);
  renderSources("alignment", book.get((ser.sources || []).filter((s) => !tables.size || (s.tables || []).some((t) => tables.has(t))).map((s) => s.id)));
}
drawAlignment.chartId = "alignment";

async function drawTimeline(ctx) {
  const { prof, book } = ctx;
  const note = document.getElementById("timeline-note");
  if (!prof.case) {
    chartMessage("timeline", `${prof.name} has no built-in casebook: the timeline lists a casebook's dated agreements and events.`);
    renderSources("timeline", [], "no casebook");
    return;
  }
  const tl = await api(`/casebook/${encodeURIComponent(prof.case)}/timeline`);
  if (stale(ctx.seq)) return;
  const entries = tl.entries || [];
  if (!entries.length) {
    chartMessage("timeline", "The casebook has no dated agreements or events.");
    renderSources("timeline", []);
    return;
  }
  book.add(entries.flatMap((e) => e.citations || []));
  const kinds = [...new Set(entries.map((e) => e.kind))];
  await plot("timeline", [{ type: "scatter", mode: "markers", x: entries.map((e) => e.date), y: entries.map((e) => e.kind),
    text: entries.map((e) => e.title), hovertemplate: "%{x}<br>%{text}<extra></extra>", marker: { size: 12, color: "#2458a6" } }],
    { yaxis: { type: "category", categoryarray: kinds, automargin: true }, xaxis: { type: "date" }, margin: { l: 90, t: 20, r: 20, b: 40 }, height: 300 });
  note.textContent = `${entries.length} dated agreements and events of the ${prof.case} casebook.`;
  const table = document.createElement("div");
  table.className = "scroll";
  table.innerHTML = `<table id="timeline-table"><thead><tr><th>date</th><th>kind</th><th>what</th><th>sources</th></tr></thead><tbody>${entries
    .map((e) => `<tr><td class="nowrap">${esc(e.date)}</td><td>${esc(e.kind)}</td><td>${esc(e.title)}</td><td>${book.cite(e.sources || (e.citations || []).map((c) => c.id))}</td></tr>`).join("")}</tbody></table>`;
  document.getElementById("timeline-message").after(table);
  renderSources("timeline", book.get(entries.flatMap((e) => (e.citations || []).map((c) => c.id))));
}
drawTimeline.chartId = "timeline";
