// One alliance: what it is, its members over time and on the chosen date, its trajectory
// ratings, the measures taken within it, and every source.
import { getAll, get } from "../api.js";
import { controlsBar, dateField } from "../controls.js";
import { isIsoDate, todayIso } from "../dates.js";
import { append, fact, h, route, table } from "../dom.js";
import { nameOf, t, term } from "../i18n.js";
import { membershipChart } from "../gantt.js";
import { citations, sourcesBlock } from "../sources.js";
import { domainNames, domainTree, instruments } from "../vocab.js";
import { measureTable } from "../measure_table.js";
import { kindChip } from "../chips.js";

export async function render(main, { arg, params }) {
  const at = isIsoDate(params.at) ? params.at : todayIso();
  const [a, measures, tree, tools] = await Promise.all([
    get(`/alliances/${encodeURIComponent(arg)}`, { at }),
    getAll("/measures", { alliance: arg }),
    domainTree(), instruments(),
  ]);
  const domains = domainNames(tree);
  const cite = citations(a.sources);
  const members = a.memberships.filter((m) => m.is_member_at);
  append(main,
    h("p", { class: "crumbs" }, h("a", { href: route("alliances", { at }) }, `← ${t("nav.alliances")}`)),
    h("h1", {}, nameOf(a, "short_name", a.alliance_id), " ", kindChip(a.kind)),
    h("p", { class: "subtitle" }, nameOf(a)),
    controlsBar(dateField(t("date"), "at", at, (v) => {
      if (isIsoDate(v)) location.hash = route(`alliance/${a.alliance_id}`, { at: v });
    })),
    h("dl", { class: "facts" },
      fact(t("alliance.form"), term("form", a.form)),
      fact(t("status"), `${term("status", a.status_at)} (${at})`),
      fact(t("alliance.founded"), a.founded || "—"),
      fact(t("alliance.ended"), a.ended || "—"),
      fact(t("alliance.scope"), (a.tech_scope || []).map((s) => term("scope_tech", s)).join("、") || "—"),
      fact(t("members"), t("alliance.members_at", { n: a.member_count_at, at })),
      a.predecessor_id ? fact(t("alliance.predecessor"), link(a.predecessor_id, at)) : null,
      a.successors.length ? fact(t("alliance.successors"), a.successors.map((s) => link(s, at))) : null,
      fact(t("domain"), (a.domains || []).map((d) => nameOf(domains.get(d), "name", d)).join("、") || "—"),
      fact(t("alliance.aliases"), (a.aliases || []).join(" · ") || "—")),
    nameOf(a, "summary") ? h("p", { class: "summary-text" }, nameOf(a, "summary")) : null,
    h("h2", {}, t("alliance.timeline")),
    membershipChart("alliance-members", a.memberships.map((m) => ({
      row: m.actor_code, label: nameOf(m, "actor", m.actor_code), role: m.role,
      from: m.joined || m.as_of, to: m.left, href: route(`country/${m.actor_code}`, { at }),
    })), { at, caption: t("alliance.timeline_caption"), onClick: (href) => { location.hash = href; } }),
    h("h2", {}, t("alliance.members_on", { at })),
    table(
      [t("country"), t("role"), t("alliance.joined"), t("alliance.left"), t("sources")],
      members.map((m) => [
        h("a", { href: route(`country/${m.actor_code}`, { at }) }, nameOf(m, "actor", m.actor_code)),
        term("role", m.role), m.joined || (m.as_of ? `${t("alliance.as_of")} ${m.as_of}` : "—"),
        m.left || "—", cite(m.source_ids),
      ]),
    ),
    h("h2", {}, t("alliance.dimensions")),
    table(
      [t("alliance.dimension"), t("alliance.level"), t("documents.evidence"), t("sources")],
      (a.dimensions || []).map((d) => [nameOf(d), d.level ?? "—", d.evidence || "—", cite(d.source_ids)]),
    ),
    h("h2", {}, t("alliance.measures", { n: measures.length })),
    measures.length
      ? measureTable(measures, new Map(tools.map((i) => [i.instrument_id, i])), domains)
      : h("p", { class: "muted" }, t("alliance.no_measures")),
    sourcesBlock(a.sources, { open: true }),
  );
}

function link(id, at) {
  return h("a", { href: route(`alliance/${id}`, { at }) }, id);
}
