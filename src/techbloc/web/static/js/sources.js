// "Sources" under every figure: the cited documents (publisher, title, date, link).
import { getCached } from "./api.js";
import { externalLink, h } from "./dom.js";
import { t } from "./i18n.js";

export function sourceItem(source) {
  const label = [source.publisher, source.title].filter(Boolean).join(": ") || source.source_id;
  return h(
    "li",
    {},
    source.url
      ? h("a", { href: source.url, target: "_blank", rel: "noopener noreferrer" }, label)
      : label,
    source.date ? h("span", { class: "muted" }, ` (${source.date})`) : null,
  );
}

// A collapsible list of sources; ``extra`` holds further items (e.g. links to profiles).
export function sourcesBlock(sources, { open = false, extra = [], note = null } = {}) {
  const unique = dedupe(sources || []);
  return h(
    "details",
    { class: "sources", open },
    h("summary", {}, `${t("sources")} (${unique.length + extra.length})`),
    note ? h("p", { class: "muted" }, note) : null,
    unique.length || extra.length
      ? h("ol", {}, unique.map(sourceItem), extra)
      : h("p", { class: "muted" }, t("sources.none")),
  );
}

function dedupe(sources) {
  const seen = new Set();
  return sources.filter((s) => {
    const key = s.source_id || s.url || s.title;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The sources behind a list of source ids (one request for all of them).
export async function sourcesOf(ids) {
  if (!ids || !ids.length) return [];
  const found = await getCached("/sources", { ids: ids.join(","), limit: 1000 });
  return found.items;
}

// source ids → [1] [2] links to the sources' URLs (numbered as in the sources list).
export function citations(sources) {
  const index = new Map((sources || []).map((s, i) => [s.source_id, { ...s, n: i + 1 }]));
  return (ids) => h("span", { class: "src-links" }, (ids || []).map((id) => {
    const s = index.get(id);
    if (!s) return null;
    return [" ", s.url ? externalLink(s.url, `[${s.n}]`) : `[${s.n}]`];
  }));
}
