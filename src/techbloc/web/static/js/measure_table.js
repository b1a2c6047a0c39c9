// The register of measures as a table: date, issuer, title (and alliance), instrument, direction,
// domains, severity and numbered links to the sources; the first rows, and a button for the rest.
import { externalLink, h, route, table } from "./dom.js";
import { nameOf, t, term } from "./i18n.js";

const FIRST_ROWS = 50;

// The first rows of the register, and a button that shows the rest.
export function measureTable(measures, toolNames, domains) {
  const full = () => fullTable(measures, toolNames, domains);
  if (measures.length <= FIRST_ROWS) return full();
  const box = h("div", {}, fullTable(measures.slice(0, FIRST_ROWS), toolNames, domains));
  const more = h("button", { type: "button", class: "more", onclick: () => box.replaceChildren(full()) },
    t("measures.show_all", { n: measures.length }));
  box.append(more);
  return box;
}

function fullTable(measures, toolNames, domains) {
  return table(
    [t("date"), t("measures.issuer"), t("measures.measure"), t("instrument"), t("direction"),
      t("domain"), t("severity"), t("sources")],
    measures.map((m) => [
      h("span", { class: "nowrap" }, m.date),
      h("a", { href: route(`country/${m.actor_code}`) }, m.actor_code),
      [nameOf(m, "title"), m.alliance_id ? [" · ", h("a", { href: route(`alliance/${m.alliance_id}`) },
        m.alliance_id)] : null],
      nameOf(toolNames.get(m.instrument_id), "name", m.instrument_id),
      h("span", { class: `dir dir-${m.direction}` }, term("direction", m.direction)),
      (m.domains || []).map((d) => nameOf(domains.get(d), "name", d)).join("、"),
      m.severity_score ?? "—",
      h("span", { class: "src-links" }, (m.sources || []).filter((s) => s.url).map((s, i) =>
        [i ? " " : "", externalLink(s.url, `[${i + 1}]`)])),
    ]),
  );
}
