// One document: what was read (title, date, language, source), what the tagger found
// (mentions by type with their evidence sentence, stances), and the text itself.
import { get } from "../api.js";
import { append, externalLink, fact, h, route, table } from "../dom.js";
import { nameOf, t, term } from "../i18n.js";
import { mentionNames } from "../vocab.js";

const MENTION_LINKS = {
  alliance: (key) => route(`alliance/${key}`),
  country: (key) => route(`country/${key}`),
  domain: (key) => route("measures", { domain: key }),
  instrument: (key) => route("measures", { instrument: key }),
};

export async function render(main, { arg, params }) {
  const [doc, names] = await Promise.all([get(`/documents/${encodeURIComponent(arg)}`), mentionNames()]);
  const label = (type, key) => nameOf((names[type] || new Map()).get(key), "name", key);
  const source = doc.source_location || "";
  append(main,
    h("p", {}, h("a", { href: route("documents", { q: params.q }) }, `← ${t("documents.back")}`)),
    h("h1", {}, doc.title || doc.doc_id),
    h("dl", { class: "facts" },
      fact(t("date"), `${doc.date || "—"}${doc.date_basis ? ` (${term("date_basis", doc.date_basis)})` : ""}`),
      fact(t("documents.language"), term("language", doc.language)),
      fact(t("documents.format"), `${doc.format}${doc.pages ? ` · ${doc.pages} ${t("documents.pages_n")}` : ""}`),
      fact(t("sources"), /^https?:\/\//.test(source) ? externalLink(source) : doc.file_name || source),
      fact("ID", doc.doc_id)),
  );
  const mentions = Object.entries(doc.mentions || {});
  if (mentions.length) {
    append(main, h("h2", {}, t("documents.mentions")), table(
      [t("documents.type"), t("documents.key"), t("documents.count"), t("documents.evidence")],
      mentions.flatMap(([type, items]) => items.map((m, i) => [
        i ? "" : term("mention", type),
        MENTION_LINKS[type] ? h("a", { href: MENTION_LINKS[type](m.key) }, label(type, m.key)) : label(type, m.key),
        String(m.count), m.first_sentence || "",
      ])),
    ));
  }
  if ((doc.stances || []).length) {
    append(main, h("h2", {}, t("documents.stances")), table(
      [t("alliance"), t("documents.stance"), t("direction"), t("documents.evidence")],
      doc.stances.map((s) => [h("a", { href: route(`alliance/${s.alliance_id}`) }, label("alliance", s.alliance_id)),
        term("stance", s.stance), term("direction", s.direction), s.evidence || ""]),
    ));
  }
  if ((doc.event_dates || []).length) {
    append(main, h("h2", {}, t("documents.event_dates")), table(
      [t("date"), t("documents.evidence")],
      doc.event_dates.map((e) => [e.surface ? `${e.event_date} (${e.surface})` : e.event_date, e.sentence || ""]),
    ));
  }
  append(main, h("h2", {}, t("documents.text")),
    h("article", { class: "doc-text", lang: doc.language || "" }, (doc.blocks || []).map((b) =>
      h(b.kind === "heading" ? "h3" : "p", { "data-block": b.block_index }, b.text))));
}
