// Network: countries and the alliances they belong to on a date (ECharts graph), with the
// countries that bridge the blockade side and the focal country's partnerships.
import { get } from "../api.js";
import { replaceParams } from "../app.js";
import { COLORS, TEST_MODE, createChart, withDefaults } from "../charts.js";
import { controlsBar, dateField, kindOptions, selectField } from "../controls.js";
import { isIsoDate, todayIso } from "../dates.js";
import { append, escapeHtml, h, route, table } from "../dom.js";
import { formatNumber, nameOf, t } from "../i18n.js";
import { sourcesBlock, sourcesOf } from "../sources.js";
import { kindChip } from "../chips.js";

const CATEGORIES = ["country", "blockade", "cooperation", "mixed"];

export async function render(main, { params }) {
  const state = { at: isIsoDate(params.at) ? params.at : todayIso(), kind: params.kind || "" };
  replaceParams(state);
  const rerender = (change) => {
    location.hash = route("network", { ...state, ...change });
  };
  const [net, map] = await Promise.all([
    get("/overview/network", { at: state.at }),
    get("/overview/map", { at: state.at }),
  ]);
  const graph = shapeGraph(net, state.kind);
  const alliances = net.nodes.filter((n) => n.type === "alliance");

  const chartEl = h("div", { class: "chart tall", id: "network-chart", role: "img",
    "aria-label": t("network.title") });
  append(main,
    h("h1", {}, t("network.title")),
    h("p", { class: "lede" }, t("network.lede")),
    controlsBar(
      dateField(t("date"), "at", state.at, (v) => isIsoDate(v) && rerender({ at: v })),
      selectField(t("kind"), "kind", kindOptions(), state.kind, (v) => rerender({ kind: v })),
    ),
    h("figure", { class: "figure" }, chartEl,
      h("figcaption", { class: "summary" }, t("network.summary", {
        at: state.at, countries: graph.countries, alliances: graph.alliances, edges: graph.links.length,
      }))),
    h("h2", {}, t("network.bridges")),
    h("p", { class: "muted" }, t("network.bridges_note")),
    table(
      [t("country"), t("network.blockade_count"), t("network.ties"), t("network.bridging")],
      (net.bridges || []).slice(0, 15).map((b) => [
        h("a", { href: route(`country/${b.actor_code}`, { at: state.at }) },
          nameOf(graph.names.get(b.actor_code), "label", b.actor_code)),
        String(b.blockade_count),
        [...(b.partnership_ids || []), ...(b.fta_ids || [])].join(", ") || "—",
        formatNumber(b.bridging_score, 3),
      ]),
    ),
    h("h2", {}, t("network.alliances")),
    h("ul", { class: "inline-list" }, alliances.map((a) => h("li", {},
      h("a", { href: route(`alliance/${a.id}`, { at: state.at }) }, nameOf(a, "label", a.id)),
      " ", kindChip(a.kind)))),
    sourcesBlock(await sourcesOf(map.source_ids), { note: t("network.sources_note") }),
  );

  const chart = createChart(chartEl);
  chart.setOption(withDefaults({
    tooltip: { formatter: (p) => (p.dataType === "node" ? p.data.tooltip : "") },
    legend: [{ data: CATEGORIES.map((c) => t(`network.cat.${c}`)), top: 4 }],
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true,
      categories: CATEGORIES.map((c) => ({ name: t(`network.cat.${c}`), itemStyle: { color: COLORS[c] } })),
      data: graph.nodes, links: graph.links,
      force: { repulsion: 180, edgeLength: [50, 140], gravity: 0.12, layoutAnimation: !TEST_MODE },
      top: 36, zoom: 0.72,
      label: { position: "right", fontSize: 11 },
      labelLayout: { hideOverlap: true },
      lineStyle: { color: "source", opacity: 0.25, width: 0.8 },
      emphasis: { focus: "adjacency", lineStyle: { width: 2, opacity: 0.8 } },
    }],
  }));
  chart.on("click", (e) => {
    if (e.dataType !== "node") return;
    const d = e.data;
    location.hash = route(d.isAlliance ? `alliance/${d.id}` : `country/${d.id}`, { at: state.at });
  });
  chartEl.dataset.nodes = String(graph.nodes.length);
}

// Nodes (countries; alliances coloured by kind, sized by participants) and membership links,
// optionally of one kind of alliance only.
function shapeGraph(net, kind) {
  const names = new Map(net.nodes.map((n) => [n.id, n]));
  const isAlliance = (id) => names.get(id) && names.get(id).type === "alliance";
  const links = net.edges
    .filter((e) => isAlliance(e.target) && (!kind || names.get(e.target).kind === kind))
    .map((e) => ({ source: e.source, target: e.target }));
  const size = new Map();
  for (const l of links) size.set(l.target, (size.get(l.target) || 0) + 1);
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const nodes = net.nodes.filter((n) => used.has(n.id)).map((n) => {
    const alliance = n.type === "alliance";
    const label = nameOf(n, "label", n.id);
    const safe = escapeHtml(label);
    return {
      id: n.id, name: n.id, isAlliance: alliance,
      category: alliance ? Math.max(1, CATEGORIES.indexOf(n.kind)) : 0,
      symbol: alliance ? "diamond" : "circle",
      symbolSize: alliance ? Math.min(40, 10 + 3 * Math.sqrt(size.get(n.id) || 1) * 2)
        : 4 + 10 * (n.degree || 0),
      label: { show: alliance || (n.degree || 0) > 0.75, formatter: label },
      tooltip: alliance
        ? `${safe}<br>${t("network.participants", { n: size.get(n.id) || 0 })}`
        : `${safe}<br>${t("network.degree")}: ${formatNumber(n.degree, 3)}`,
    };
  });
  return {
    nodes, links, names,
    countries: nodes.filter((n) => !n.isAlliance).length,
    alliances: nodes.filter((n) => n.isAlliance).length,
  };
}
