// Alerts: the early warning's findings, most severe first, coloured by level (蓝/黄/橙/红),
// each with the statistic that raised it and the evidence it rests on.
import { get, getAll } from "../api.js";
import { controlsBar, selectField } from "../controls.js";
import { append, externalLink, fact, h, route } from "../dom.js";
import { formatNumber, nameOf, t, term } from "../i18n.js";
import { emptyBox } from "../notice.js";
import { domainNames, domainTree } from "../vocab.js";

const LEVELS = ["red", "orange", "yellow", "blue"];
const DETAILED = 50; // evidence is fetched for this many alerts; the rest link to theirs

export async function render(main, { arg, params }) {
  const state = { level: params.level || "", state: params.state || "", scope_type: params.scope_type || "" };
  const go = (change) => {
    location.hash = route("alerts", { ...state, ...change });
  };
  append(main,
    h("h1", {}, t("alerts.title")),
    h("p", { class: "lede" }, t("alerts.lede")),
    h("ul", { class: "level-legend" }, LEVELS.map((l) => h("li", { class: `level level-${l}` }, term("level", l)))),
    controlsBar(
      selectField(t("alerts.level"), "level", [["", t("all")], ...LEVELS.map((l) => [l, term("level", l)])],
        state.level, (v) => go({ level: v })),
      selectField(t("alerts.state"), "state", [["", t("all")], ...["new", "acknowledged", "closed"]
        .map((s) => [s, term("alert_state", s)])], state.state, (v) => go({ state: v })),
      selectField(t("alerts.scope"), "scope_type", [["", t("all")], ...["domain", "alliance", "country",
        "organisation", "system"].map((s) => [s, term("scope", s)])], state.scope_type,
      (v) => go({ scope_type: v })),
    ),
  );
  const alerts = arg ? [await get(`/alerts/${encodeURIComponent(arg)}`)] : await getAll("/alerts", state);
  if (!alerts.length) {
    append(main, emptyBox(t("alerts.none"), t("alerts.none_hint")));
    return;
  }
  append(main, h("p", { class: "summary" }, t("alerts.count", { n: alerts.length })));
  const details = await Promise.all(alerts.slice(0, DETAILED).map((a) =>
    (a.evidence ? a : get(`/alerts/${encodeURIComponent(a.alert_id)}`))));
  const domains = domainNames(await domainTree());
  append(main, h("ol", { class: "alerts" }, alerts.map((a, i) => alertCard(details[i] || a, domains))));
}

function alertCard(alert, domains) {
  return h(
    "li",
    { class: `alert level-${alert.level}`, id: `alert-${alert.alert_id}` },
    h("div", { class: "alert-head" },
      h("span", { class: `level level-${alert.level}` }, term("level", alert.level)),
      h("h2", {}, nameOf(alert, "title", alert.alert_id)),
      h("span", { class: "muted" }, term("alert_state", alert.state))),
    h("dl", { class: "facts" },
      fact(t("alerts.scope"), scopeLink(alert, domains)),
      fact(t("alerts.period"), `${alert.period_start} – ${alert.period_end}`),
      fact(t("alerts.detector"), alert.detector),
      fact(t("alerts.statistic"), `${alert.statistic} = ${formatNumber(alert.value, 3)}` +
        (alert.threshold !== null && alert.threshold !== undefined ? ` (${t("alerts.threshold")} ${formatNumber(alert.threshold, 3)})` : "")),
      fact(t("alerts.seen"), `${alert.first_seen} – ${alert.last_seen} (×${alert.occurrences})`)),
    alert.evidence
      ? h("details", { class: "evidence", open: true },
        h("summary", {}, `${t("alerts.evidence")} (${alert.evidence.length})`),
        h("ul", {}, alert.evidence.map(evidenceItem)))
      : h("p", {}, h("a", { href: route(`alerts/${alert.alert_id}`) },
        `${t("alerts.evidence")} (${alert.evidence_count})`)),
  );
}

function scopeLink(alert, domains) {
  const key = alert.scope_type === "domain"
    ? nameOf(domains.get(alert.scope_key), "name", alert.scope_key) : alert.scope_key;
  const label = `${term("scope", alert.scope_type)}: ${key}`;
  if (alert.scope_type === "alliance") return h("a", { href: route(`alliance/${alert.scope_key}`) }, label);
  if (alert.scope_type === "country") return h("a", { href: route(`country/${alert.scope_key}`) }, label);
  if (alert.scope_type === "domain") return h("a", { href: route("measures", { domain: alert.scope_key }) }, label);
  return label;
}

// An evidence item links to its source where it has a URL, else to its page in the dashboard;
// a document links to its page here and, where it has one, to its source too.
function evidenceItem(e) {
  const kind = e.kind, id = e.id;
  const label = e.label || id;
  const inner = {
    document: route(`document/${id}`),
    alliance: route(`alliance/${id}`),
    membership: null,
    measure: route("measures", {}),
  }[kind];
  const link = kind === "document"
    ? [h("a", { href: inner }, label), ...(e.url ? [" ", externalLink(e.url, "↗")] : [])]
    : [e.url ? externalLink(e.url, label) : inner ? h("a", { href: inner }, label) : label];
  return h("li", {},
    h("span", { class: "chip" }, term("evidence", kind)), " ",
    e.date ? `${e.date} · ` : "",
    ...link);
}
