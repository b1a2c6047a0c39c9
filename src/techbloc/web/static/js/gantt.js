// Membership over time as bars (one row per alliance or country, from joining to leaving or
// today), an ECharts custom series. Partial dates (1996, 2019-05) start at their first day.
import { createChart, withDefaults } from "./charts.js";
import { todayIso } from "./dates.js";
import { escapeHtml, h } from "./dom.js";
import { t, term } from "./i18n.js";

const ROLE_COLORS = {
  founding: "#1f3a5f", member: "#2e6da4", partner: "#5b9bd5", adherent: "#9dc3e6",
  observer: "#c9a227", proposed: "#e3c16f",
};

function startOf(text) {
  if (!text) return null;
  if (/^\d{4}$/.test(text)) return `${text}-01-01`;
  if (/^\d{4}-\d{2}$/.test(text)) return `${text}-01`;
  return text;
}

// spans: [{row, label, role, from, to, href}] — ``from``/``to`` as the API shows dates.
export function membershipChart(id, spans, { at, caption, onClick } = {}) {
  const drawn = spans.filter((s) => startOf(s.from));
  const rows = [...new Set(drawn.map((s) => s.row))];
  const labels = new Map(drawn.map((s) => [s.row, s.label]));
  const el = h("div", {
    class: "chart gantt", id, role: "img", "aria-label": caption,
    style: `height:${Math.max(160, 60 + rows.length * 18)}px`,
  });
  const figure = h("figure", { class: "figure" }, el, h("figcaption", { class: "summary" }, caption,
    drawn.length < spans.length ? ` ${t("gantt.undated", { n: spans.length - drawn.length })}` : ""));
  const chart = createChart(el);
  const end = todayIso();
  chart.setOption(withDefaults({
    tooltip: {
      formatter: (p) => `${escapeHtml(labels.get(p.data.row))}<br>${term("role", p.data.role)}: ` +
        `${p.data.from} – ${p.data.to || t("gantt.now")}`,
    },
    grid: { left: 8, right: 24, top: 8, bottom: 28, containLabel: true },
    xAxis: { type: "time", max: end },
    yAxis: {
      type: "category", data: rows, inverse: true,
      axisLabel: { formatter: (v) => labels.get(v), fontSize: 11, interval: 0 },
    },
    series: [
      {
        type: "custom",
        renderItem: (params, api) => {
          const y = api.value(0);
          const a = api.coord([api.value(1), y]);
          const b = api.coord([api.value(2), y]);
          const height = Math.min(14, api.size([0, 1])[1] * 0.7);
          return {
            type: "rect",
            shape: { x: a[0], y: a[1] - height / 2, width: Math.max(2, b[0] - a[0]), height },
            style: { fill: api.visual("color") },
          };
        },
        encode: { x: [1, 2], y: 0 },
        data: drawn.map((s) => ({
          value: [s.row, startOf(s.from), startOf(s.to) || end], row: s.row, role: s.role,
          from: s.from, to: s.to, href: s.href, itemStyle: { color: ROLE_COLORS[s.role] || "#888" },
        })),
      },
      ...(at ? [{ type: "line", markLine: { symbol: "none", silent: true, label: { show: false },
        lineStyle: { color: "#f0b429", type: "dashed" }, data: [{ xAxis: at }] }, data: [] }] : []),
    ],
  }));
  if (onClick) chart.on("click", (e) => e.data && e.data.href && onClick(e.data.href));
  return figure;
}
