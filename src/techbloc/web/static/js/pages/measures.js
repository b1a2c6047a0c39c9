// Measures: the timeline of export rules, listings, screening laws and joint programmes,
// filterable by domain, instrument and direction; each point opens its source.
import { getAll } from "../api.js";
import { COLORS, createChart, withDefaults } from "../charts.js";
import { controlsBar, dateField, selectField } from "../controls.js";
import { isIsoDate } from "../dates.js";
import { append, escapeHtml, h, route } from "../dom.js";
import { nameOf, t } from "../i18n.js";
import { measureTable } from "../measure_table.js";
import { emptyBox } from "../notice.js";
import { sourcesBlock } from "../sources.js";
import {
  directionOptions, domainNames, domainOptions, domainTree, instrumentOptions, instruments,
} from "../vocab.js";

const DIRECTIONS = ["restrictive", "cooperative", "relaxing"];

export async function render(main, { params }) {
  const state = {
    domain: params.domain || "", instrument: params.instrument || "",
    direction: params.direction || "", actor: params.actor || "", alliance: params.alliance || "",
    since: isIsoDate(params.since) ? params.since : "", until: isIsoDate(params.until) ? params.until : "",
  };
  const go = (change) => {
    location.hash = route("measures", { ...state, ...change });
  };
  const [tree, tools, measures] = await Promise.all([
    domainTree(), instruments(), getAll("/measures", state),
  ]);
  const toolNames = new Map(tools.map((i) => [i.instrument_id, i]));
  const domains = domainNames(tree);

  append(main,
    h("h1", {}, t("measures.title")),
    h("p", { class: "lede" }, t("measures.lede")),
    controlsBar(
      selectField(t("domain"), "domain", domainOptions(tree), state.domain, (v) => go({ domain: v })),
      selectField(t("instrument"), "instrument", instrumentOptions(tools), state.instrument,
        (v) => go({ instrument: v })),
      selectField(t("direction"), "direction", directionOptions(), state.direction,
        (v) => go({ direction: v })),
      dateField(t("since"), "since", state.since, (v) => go({ since: v })),
      dateField(t("until"), "until", state.until, (v) => go({ until: v })),
    ),
    state.actor || state.alliance
      ? h("p", { class: "muted" }, t("measures.also_filtered", { what: state.actor || state.alliance }),
        " ", h("a", { href: route("measures", { ...state, actor: "", alliance: "" }) }, t("clear")))
      : null,
  );
  if (!measures.length) {
    append(main, emptyBox(t("measures.none"), t("measures.none_hint")));
    return;
  }
  const chartEl = h("div", { class: "chart", id: "measures-chart", role: "img",
    "aria-label": t("measures.title") });
  append(main,
    h("figure", { class: "figure" }, chartEl,
      h("figcaption", { class: "summary" }, t("measures.summary", { n: measures.length }))),
    measureTable(measures, toolNames, domains),
    sourcesBlock(measures.flatMap((m) => m.sources || [])),
  );
  drawTimeline(createChart(chartEl), measures, toolNames);
  chartEl.dataset.points = String(measures.length);
}

// A partial date (2019, 2019-05) sits in the middle of its year or month.
function pointDate(text) {
  if (/^\d{4}$/.test(text)) return `${text}-07-01`;
  if (/^\d{4}-\d{2}$/.test(text)) return `${text}-15`;
  return text;
}

function drawTimeline(chart, measures, toolNames) {
  const used = [...new Set(measures.map((m) => m.instrument_id))].sort();
  const label = (id) => nameOf(toolNames.get(id), "name", id);
  chart.setOption(withDefaults({
    legend: { data: DIRECTIONS.map((d) => t(`direction.${d}`)), top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 56, containLabel: true },
    tooltip: {
      formatter: (p) => `${p.data.date} · ${p.data.actor}<br>${p.data.title}<br>` +
        `${t("severity")}: ${p.data.severity ?? "—"}<br><em>${t("measures.click")}</em>`,
    },
    xAxis: { type: "time" },
    yAxis: { type: "category", data: used.map(label), axisLabel: { fontSize: 11 } },
    dataZoom: [{ type: "slider", bottom: 8 }, { type: "inside" }],
    series: DIRECTIONS.map((d) => ({
      name: t(`direction.${d}`), type: "scatter", itemStyle: { color: COLORS[d], opacity: 0.8 },
      symbolSize: (v, p) => 6 + 3 * (p.data.severity || 1),
      data: measures.filter((m) => m.direction === d).map((m) => ({
        value: [pointDate(m.date), used.indexOf(m.instrument_id)],
        date: m.date, actor: m.actor_code, title: escapeHtml(nameOf(m, "title")),
        severity: m.severity_score, url: firstUrl(m),
      })),
    })),
  }));
  chart.on("click", (e) => {
    if (e.data && e.data.url) window.open(e.data.url, "_blank", "noopener");
  });
}

function firstUrl(measure) {
  const found = (measure.sources || []).find((s) => s.url);
  return found ? found.url : null;
}
