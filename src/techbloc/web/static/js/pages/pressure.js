// Pressure and exposure: containment pressure per technology domain over the years (lines) and
// in the last year (bars), with the measures behind it; supply-chain exposure per domain.
import { ApiError, get, getAll } from "../api.js";
import { createChart, withDefaults } from "../charts.js";
import { controlsBar, numberField } from "../controls.js";
import { THIS_YEAR } from "../dates.js";
import { append, externalLink, h, route, table } from "../dom.js";
import { formatNumber, nameOf, t } from "../i18n.js";
import { emptyBox, errorBox } from "../notice.js";
import { sourcesBlock } from "../sources.js";
import { domainNames, domainTree } from "../vocab.js";

const SHOWN_LINES = 8;
const SERIES_YEARS = 6; // exposure over the years: the last six (about a second per year)

export async function render(main, { params }) {
  const from = clampYear(params.from, 2015);
  const to = clampYear(params.to, THIS_YEAR);
  const go = (change) => {
    location.hash = route("pressure", { from, to, ...change });
  };
  append(main,
    h("h1", {}, t("pressure.title")),
    h("p", { class: "lede" }, t("pressure.lede")),
    controlsBar(
      numberField(t("pressure.from"), "from", from, (v) => go({ from: v }), { min: 1949, max: THIS_YEAR }),
      numberField(t("pressure.to"), "to", to, (v) => go({ to: v }), { min: 1949, max: THIS_YEAR }),
    ),
  );
  const [tree, pressure, measures] = await Promise.all([
    domainTree(), get("/overview/pressure", { from, to: Math.max(from, to) }), getAll("/measures"),
  ]);
  const domains = domainNames(tree);
  const measureIds = new Set(pressure.rows.flatMap((r) => (r.top_measures || []).map((m) => m.measure_id)));
  const byId = new Map(measures.filter((m) => measureIds.has(m.measure_id)).map((m) => [m.measure_id, m]));
  append(main, ...pressureFigures(pressure, domains, byId));
  append(main, h("h2", {}, t("exposure.title")), h("p", { class: "lede" }, t("exposure.lede")));
  append(main, ...(await exposureFigures(from, to, domains)));
}

function clampYear(value, fallback) {
  const year = Number.parseInt(value, 10);
  return Number.isFinite(year) && year >= 1949 && year <= THIS_YEAR ? year : fallback;
}

function pressureFigures(pressure, domains, measures) {
  const dates = pressure.parameters.dates;
  const last = dates[dates.length - 1];
  const latest = pressure.rows.filter((r) => r.at_date === last).sort((a, b) => b.total - a.total);
  if (!latest.some((r) => r.total !== 0)) {
    return [emptyBox(t("pressure.none"))];
  }
  const top = latest.slice(0, SHOWN_LINES).map((r) => r.domain_id);
  const label = (id) => nameOf(domains.get(id), "name", id);
  const lineEl = h("div", { class: "chart", id: "pressure-lines", role: "img", "aria-label": t("pressure.lines") });
  const barEl = h("div", { class: "chart", id: "pressure-bars", role: "img", "aria-label": t("pressure.bars") });
  const lines = createChart(lineEl);
  lines.setOption(withDefaults({
    tooltip: { trigger: "axis", valueFormatter: (v) => formatNumber(v, 2) },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: dates.map((d) => d.slice(0, 4)) },
    yAxis: { type: "value", name: t("pressure.axis"), nameLocation: "end", nameGap: 12 },
    series: top.map((id) => ({
      name: label(id), type: "line", smooth: false, symbolSize: 5,
      data: dates.map((d) => {
        const row = pressure.rows.find((r) => r.at_date === d && r.domain_id === id);
        return row ? Number(row.total.toFixed(3)) : null;
      }),
    })),
  }));
  const shownBars = latest.filter((r) => r.total !== 0).slice(0, 20).reverse();
  const bars = createChart(barEl);
  bars.setOption(withDefaults({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => formatNumber(v, 2) },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: shownBars.map((r) => label(r.domain_id)), axisLabel: { fontSize: 11 } },
    series: [{
      type: "bar", data: shownBars.map((r) => Number(r.total.toFixed(3))),
      itemStyle: { color: (p) => (p.value < 0 ? "#27ae60" : "#c0392b") },
    }],
  }));
  lineEl.dataset.series = String(top.length);
  const contributing = latest.filter((r) => (r.top_measures || []).length).slice(0, 10);
  return [
    h("figure", { class: "figure" }, lineEl,
      h("figcaption", { class: "summary" }, t("pressure.lines_caption", { n: top.length }))),
    h("figure", { class: "figure" }, barEl,
      h("figcaption", { class: "summary" }, t("pressure.bars_caption", { at: last }))),
    h("h3", {}, t("pressure.top_measures", { at: last })),
    table(
      [t("domain"), t("pressure.total"), t("measures.measure"), t("pressure.contribution"), t("sources")],
      contributing.flatMap((r) => r.top_measures.map((tm, i) => {
        const m = measures.get(tm.measure_id);
        return [
          i ? "" : label(r.domain_id), i ? "" : formatNumber(r.total, 2),
          m ? `${m.date} · ${nameOf(m, "title")}` : tm.measure_id,
          formatNumber(tm.contribution, 3),
          m ? (m.sources || []).filter((s) => s.url).map((s, j) => [j ? " " : "", externalLink(s.url, `[${j + 1}]`)]) : "",
        ];
      })),
    ),
    sourcesBlock([...measures.values()].flatMap((m) => m.sources || []), {
      note: t("pressure.method"),
    }),
  ];
}

async function exposureFigures(from, to, domains) {
  let rows;
  let inputs;
  try {
    [rows, inputs] = await Promise.all([
      get("/indicators/exposure", { by: "domain" }),
      get("/indicators/chokepoints", { top: 10 }),
    ]);
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return [emptyBox(error.message, error.hint)];
    return [errorBox(error)];
  }
  if (!rows.length) return [emptyBox(t("exposure.none"))];
  const label = (group, name) => (group === "unmapped" ? t("exposure.unmapped")
    : nameOf(domains.get(group), "name", name || group));
  const sorted = [...rows].sort((a, b) => a.mean_chokepoint_score - b.mean_chokepoint_score);
  const barEl = h("div", { class: "chart short", id: "exposure-bars", role: "img", "aria-label": t("exposure.title") });
  createChart(barEl).setOption(withDefaults({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => formatNumber(v, 3) },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 1 },
    yAxis: { type: "category", data: sorted.map((r) => label(r.group, r.group_name)) },
    series: [
      { name: t("exposure.mean"), type: "bar", data: sorted.map((r) => r.mean_chokepoint_score), itemStyle: { color: "#d35400" } },
      { name: t("exposure.max"), type: "bar", data: sorted.map((r) => r.max_chokepoint_score), itemStyle: { color: "#f5b041" } },
    ],
  }));
  const lineEl = h("div", { class: "chart short", id: "exposure-lines", role: "img", "aria-label": t("exposure.lines"), hidden: true });
  const years = { from: Math.max(from, to - SERIES_YEARS + 1), to };
  const show = h("button", {
    type: "button", id: "exposure-series",
    onclick: async () => {
      show.disabled = true;
      show.textContent = t("loading");
      try {
        const series = await get("/overview/exposure", { by: "domain", ...years });
        show.remove();
        lineEl.hidden = false;
        drawExposureSeries(createChart(lineEl), series, label);
        lineEl.dataset.series = "loaded";
      } catch (error) {
        show.replaceWith(errorBox(error));
      }
    },
  }, t("exposure.show_series", years));
  const first = rows[0];
  return [
    h("div", { class: "grid-2" },
      h("figure", { class: "figure" }, barEl,
        h("figcaption", { class: "summary" }, t("exposure.caption", { at: first.at, coalition: first.coalition }))),
      h("figure", { class: "figure" }, show, lineEl,
        h("figcaption", { class: "summary" }, t("exposure.lines_caption")))),
    h("h3", {}, t("exposure.top_inputs")),
    table(
      [t("exposure.input"), t("exposure.score"), t("exposure.coalition_share"), t("exposure.focal_share"),
        t("exposure.top_supplier"), t("year"), t("sources")],
      inputs.map((r) => [r.input_name || r.input_id, formatNumber(r.chokepoint_score, 3),
        `${formatNumber(r.coalition_share_pct, 1)} %`, `${formatNumber(r.focal_share_pct, 1)} %`,
        r.top_supplier ? h("a", { href: route(`country/${r.top_supplier}`) }, r.top_supplier) : "—",
        String(r.data_year), r.source || "—"]),
    ),
    sourcesBlock([...new Set(inputs.map((r) => r.source).filter(Boolean))].map((title) => ({ title })),
      { note: t("exposure.sources_note") }),
  ];
}

// Exposure by domain, year by year (the core computes each year in turn: asked for on demand).
function drawExposureSeries(chart, series, label) {
  const years = [...new Set(series.map((r) => r.as_of_year))].sort();
  const groups = [...new Set(series.map((r) => r.group))];
  chart.setOption(withDefaults({
    tooltip: { trigger: "axis", valueFormatter: (v) => formatNumber(v, 3) },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 16, top: 60, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: years.map(String) },
    yAxis: { type: "value", min: 0, max: 1, name: t("exposure.mean"), nameGap: 12 },
    series: groups.map((g) => ({
      name: label(g, (series.find((r) => r.group === g) || {}).group_name), type: "line",
      data: years.map((y) => {
        const row = series.find((r) => r.group === g && r.as_of_year === y);
        return row ? row.mean_chokepoint_score : null;
      }),
    })),
  }));
}
