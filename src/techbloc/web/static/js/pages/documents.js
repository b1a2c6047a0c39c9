// Documents: full-text search in Chinese and English (best passage marked), or the newest
// documents when no words are given; each result opens the document's page.
import { get } from "../api.js";
import { append, h, marked, route } from "../dom.js";
import { formatNumber, t, term } from "../i18n.js";
import { emptyBox } from "../notice.js";

const PAGE = 20;

export async function render(main, { params }) {
  const q = (params.q || "").trim();
  const offset = Math.max(0, Number.parseInt(params.offset, 10) || 0);
  const box = h("input", { id: "doc-q", name: "q", type: "search", value: q,
    placeholder: t("documents.placeholder") });
  append(main,
    h("h1", {}, t("documents.title")),
    h("p", { class: "lede" }, t("documents.lede")),
    h("form", {
      class: "controls search", role: "search",
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = route("documents", { q: box.value.trim() });
      },
    },
    h("div", { class: "field grow" }, h("label", { for: "doc-q" }, t("documents.query")), box),
    h("button", { type: "submit" }, t("documents.search"))),
  );
  const answer = q
    ? await get("/documents/search", { q, limit: PAGE, offset })
    : await get("/documents", { limit: PAGE, offset });
  const results = h("section", { id: "doc-results", "aria-live": "polite" });
  append(main, results);
  if (!answer.items.length) {
    results.append(q ? emptyBox(t("documents.no_match", { q }), t("documents.no_match_hint"))
      : emptyBox(t("documents.empty"), t("documents.empty_hint")));
    return;
  }
  results.append(h("p", { class: "summary" }, q
    ? t("documents.found", { n: answer.total, q })
    : t("documents.newest", { n: answer.total })));
  results.append(h("ol", { class: "doc-list", start: offset + 1 }, answer.items.map((d) => h("li", {},
    h("h2", {}, h("a", { href: route(`document/${d.doc_id}`, { q }) }, d.title || d.doc_id)),
    h("p", { class: "muted" }, [d.date, term("language", d.language), d.format, d.score !== undefined
      ? `${t("documents.score")} ${formatNumber(d.score, 2)}` : null].filter(Boolean).join(" · ")),
    d.snippet ? h("p", { class: "snippet" }, marked(d.snippet)) : null))));
  if (answer.total > offset + PAGE || offset > 0) {
    results.append(h("nav", { class: "pager", "aria-label": t("documents.pages") },
      offset > 0 ? h("a", { href: route("documents", { q, offset: Math.max(0, offset - PAGE) }) }, t("previous")) : null,
      answer.total > offset + PAGE ? h("a", { href: route("documents", { q, offset: offset + PAGE }) }, t("next")) : null));
  }
}
