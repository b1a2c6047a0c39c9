// Domains × alliances on a date: which alliance's declared field covers which technology domain,
// and how many measures were taken within the alliance in it (ECharts heatmap).
import { get, getAll } from "../api.js";
import { createChart, withDefaults } from "../charts.js";
import { controlsBar, dateField, kindOptions, selectField } from "../controls.js";
import { isIsoDate, todayIso } from "../dates.js";
import { append, escapeHtml, h, route } from "../dom.js";
import { nameOf, t } from "../i18n.js";
import { emptyBox } from "../notice.js";
import { sourcesBlock } from "../sources.js";

export async function render(main, { params }) {
  const state = {
    at: isIsoDate(params.at) ? params.at : todayIso(), kind: params.kind || "",
    level: params.level === "all" ? "all" : "top",
  };
  const go = (change) => {
    location.hash = route("heatmap", { ...state, ...change });
  };
  append(main,
    h("h1", {}, t("heatmap.title")),
    h("p", { class: "lede" }, t("heatmap.lede")),
    controlsBar(
      dateField(t("date"), "at", state.at, (v) => isIsoDate(v) && go({ at: v })),
      selectField(t("kind"), "kind", kindOptions(), state.kind, (v) => go({ kind: v })),
      selectField(t("heatmap.level"), "level", [["top", t("heatmap.top")], ["all", t("heatmap.all")]],
        state.level, (v) => go({ level: v })),
    ),
  );
  const matrix = await get("/overview/heatmap", state);
  if (!matrix.cells.length) {
    append(main, emptyBox(t("heatmap.none", { at: state.at })));
    return;
  }
  const ids = new Set(matrix.cells.flatMap((c) => c.measure_ids));
  const measures = ids.size ? (await getAll("/measures", { until: state.at })).filter((m) => ids.has(m.measure_id)) : [];
  const chartEl = h("div", { class: "chart tall", id: "heatmap-chart", role: "img", "aria-label": t("heatmap.title") });
  append(main,
    h("figure", { class: "figure" }, chartEl,
      h("figcaption", { class: "summary" }, t("heatmap.caption", {
        at: matrix.at, alliances: matrix.alliances.length, domains: matrix.domains.length,
      }))),
    sourcesBlock(measures.flatMap((m) => m.sources || []), {
      note: t("heatmap.sources_note"),
      extra: matrix.alliances.map((a) => h("li", {},
        h("a", { href: route(`alliance/${a.alliance_id}`, { at: matrix.at }) },
          `${nameOf(a, "short_name")} — ${t("heatmap.profile")}`))),
    }),
  );
  draw(createChart(chartEl), matrix, state);
  chartEl.dataset.cells = String(matrix.cells.length);
}

// Cell value: 0 = not covered but measures taken, 1 = covered, 1 + n = covered with n measures.
function draw(chart, matrix, state) {
  const xs = matrix.alliances.map((a) => a.alliance_id);
  const ys = matrix.domains.map((d) => d.domain_id);
  const names = new Map(matrix.alliances.map((a) => [a.alliance_id, nameOf(a, "short_name")]));
  const domainNames = new Map(matrix.domains.map((d) => [d.domain_id, nameOf(d)]));
  const max = Math.max(2, ...matrix.cells.map((c) => (c.covers ? 1 : 0) + c.measures));
  chart.setOption(withDefaults({
    tooltip: {
      formatter: (p) => {
        const c = p.data.cell;
        return `${escapeHtml(names.get(c.alliance_id))} × ${escapeHtml(domainNames.get(c.domain_id))}<br>` +
          `${c.covers ? t("heatmap.covers") : t("heatmap.not_declared")}<br>${t("heatmap.measures", { n: c.measures })}`;
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: 70, containLabel: true },
    xAxis: { type: "category", data: xs.map((x) => names.get(x)), axisLabel: { rotate: 50, fontSize: 11, interval: 0 }, splitArea: { show: true } },
    yAxis: { type: "category", data: ys.map((y) => domainNames.get(y)), axisLabel: { fontSize: 11, interval: 0 }, splitArea: { show: true } },
    visualMap: {
      min: 0, max, calculable: false, orient: "horizontal", left: "center", bottom: 0,
      text: [t("heatmap.more"), t("heatmap.less")],
      inRange: { color: ["#fdebd0", "#f5b041", "#c0392b"] },
    },
    series: [{
      type: "heatmap",
      label: { show: true, formatter: (p) => (p.data.cell.measures ? String(p.data.cell.measures) : "") , fontSize: 10 },
      data: matrix.cells.map((c) => ({
        value: [xs.indexOf(c.alliance_id), ys.indexOf(c.domain_id), (c.covers ? 1 : 0) + c.measures],
        cell: c,
      })),
    }],
  }));
  chart.on("click", (e) => {
    if (!e.data) return;
    const c = e.data.cell;
    location.hash = c.measures
      ? route("measures", { alliance: c.alliance_id, domain: c.domain_id })
      : route(`alliance/${c.alliance_id}`, { at: state.at });
  });
}
