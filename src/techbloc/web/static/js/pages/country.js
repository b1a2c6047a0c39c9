// One country: its alliances on the chosen date and over time, its economic attributes, the
// measures it issued and faced, and every source.
import { get } from "../api.js";
import { controlsBar, dateField } from "../controls.js";
import { isIsoDate, todayIso } from "../dates.js";
import { append, fact, h, route, table } from "../dom.js";
import { formatNumber, nameOf, t, term } from "../i18n.js";
import { membershipChart } from "../gantt.js";
import { citations, sourcesBlock } from "../sources.js";
import { kindChip } from "../chips.js";

export async function render(main, { arg, params }) {
  const at = isIsoDate(params.at) ? params.at : todayIso();
  const c = await get(`/countries/${encodeURIComponent(arg)}`, { at });
  const cite = citations(c.sources);
  append(main,
    h("h1", {}, nameOf(c, "name", c.actor_code), " ", h("span", { class: "muted" }, c.actor_code)),
    controlsBar(dateField(t("date"), "at", at, (v) => {
      if (isIsoDate(v)) location.hash = route(`country/${c.actor_code}`, { at: v });
    })),
    h("dl", { class: "facts" },
      fact(t("country.kind"), term("actor_kind", c.actor_kind)),
      fact(t("country.region"), c.region || "—"),
      fact(t("country.alliances"), t("country.alliances_at", { n: c.alliances_at.length, at })),
      c.ended_date ? fact(t("alliance.ended"), c.ended_date) : null),
    h("h2", {}, t("country.on", { at })),
    c.alliances_at.length
      ? table(
        [t("alliance"), t("kind"), t("role"), t("alliance.joined"), t("sources")],
        c.alliances_at.map((m) => [
          h("a", { href: route(`alliance/${m.alliance_id}`, { at }) }, nameOf(m, "name", m.alliance_id)),
          kindChip(m.kind), term("role", m.role), m.joined || "—", cite(m.source_ids),
        ]),
      )
      : h("p", { class: "muted" }, t("country.none")),
    h("h2", {}, t("country.history")),
    membershipChart("country-memberships", c.membership_history.map((m) => ({
      row: m.alliance_id, label: nameOf(m, "name", m.alliance_id), role: m.role,
      from: m.joined, to: m.left, href: route(`alliance/${m.alliance_id}`, { at }),
    })), { at, caption: t("country.history_caption"), onClick: (href) => { location.hash = href; } }),
    h("h2", {}, t("country.measures")),
    h("div", { class: "grid-2" },
      measureSummary(t("country.issued"), c.measures_issued, { actor: c.actor_code }),
      measureSummary(t("country.faced"), c.measures_targeting, { target: c.actor_code })),
    (c.attributes || []).length ? h("h2", {}, t("country.attributes")) : null,
    (c.attributes || []).length ? table(
      [t("country.indicator"), t("year"), t("country.value"), t("sources")],
      c.attributes.map((a) => [term("indicator", a.indicator), String(a.year), formatNumber(a.value, 4), cite(a.source_ids)]),
    ) : null,
    sourcesBlock(c.sources, { open: true }),
  );
}

function measureSummary(title, summary, filter) {
  const counts = summary.by_direction || {};
  return h("section", { class: "card" },
    h("h3", {}, title),
    h("p", {}, ["restrictive", "cooperative", "relaxing"].map((d) =>
      h("span", { class: `dir dir-${d}` }, `${term("direction", d)} ${counts[d] || 0}`)).flatMap((x, i) => (i ? [" · ", x] : [x]))),
    h("ul", {}, (summary.latest || []).map((m) => h("li", {}, `${m.date} · `,
      nameOf(m, "title", m.measure_id)))),
    h("a", { href: route("measures", filter) }, t("country.all_measures")));
}
