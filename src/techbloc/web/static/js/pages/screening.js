// Screening: one organisation name, or a CSV of names, against the imported restricted-party
// lists; each hit with its score, list, the alias that matched and the reasons.
import { getCached, post } from "../api.js";
import { replaceParams } from "../app.js";
import { append, clear, h, table } from "../dom.js";
import { formatNumber, t } from "../i18n.js";
import { emptyBox, errorBox } from "../notice.js";
import { parseCsv } from "../csv.js";

const MAX_NAMES = 1000; // the API's limit for one request of names

export async function render(main, { params }) {
  const results = h("section", { id: "screen-results", "aria-live": "polite" });
  const nameInput = h("input", { id: "screen-name", name: "name", type: "search", required: true,
    value: params.name || "", placeholder: t("screening.placeholder"), autocomplete: "off" });
  const countryInput = h("input", { id: "screen-country", name: "country", type: "text",
    value: params.country || "", maxlength: 2, size: 3, placeholder: "CN" });
  const fileName = h("span", { class: "file-name muted" }, t("screening.no_file"));
  // The browser's own file button speaks the browser's language: ours speaks the page's.
  const fileInput = h("input", {
    id: "screen-file", name: "file", type: "file", accept: ".csv,text/csv", class: "sr-only",
    onchange: () => {
      fileName.textContent = fileInput.files[0] ? fileInput.files[0].name : t("screening.no_file");
    },
  });
  const lists = await getCached("/lists").catch(() => []);

  const one = async (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) return;
    const country = countryInput.value.trim().toUpperCase() || null;
    replaceParams({ name, country });
    await show(results, () => post("/screen", { name, country }));
  };
  const many = async (event) => {
    event.preventDefault();
    const file = fileInput.files[0];
    if (!file) return;
    const text = await file.text();
    let names;
    try {
      names = namesFromCsv(text);
    } catch (error) {
      clear(results).append(errorBox(error));
      return;
    }
    await show(results, () => post("/screen", { names }), file.name);
  };

  append(main,
    h("h1", {}, t("screening.title")),
    h("p", { class: "lede" }, t("screening.lede")),
    lists.length
      ? h("p", { class: "muted" }, t("screening.lists", { lists: lists.map((l) => `${l.list_id} (${l.entities ?? l.entity_count ?? "?"})`).join(", ") }))
      : h("div", {}, emptyBox(t("screening.no_lists"), t("screening.no_lists_hint"))),
    h("div", { class: "grid-2" },
      h("form", { class: "card", id: "screen-one", onsubmit: one },
        h("h2", {}, t("screening.one")),
        h("div", { class: "field" }, h("label", { for: "screen-name" }, t("screening.name")), nameInput),
        h("div", { class: "field" }, h("label", { for: "screen-country" }, t("screening.country")), countryInput),
        h("button", { type: "submit" }, t("screening.run"))),
      h("form", { class: "card", id: "screen-many", onsubmit: many },
        h("h2", {}, t("screening.file")),
        h("p", { class: "muted" }, t("screening.file_help", { max: MAX_NAMES })),
        h("div", { class: "field" }, h("span", { class: "label" }, t("screening.csv")),
          h("div", { class: "file-pick" }, fileInput,
            h("label", { for: "screen-file", class: "button secondary" }, t("screening.choose")), fileName)),
        h("button", { type: "submit" }, t("screening.run_file")))),
    results,
  );
  if (params.name) nameInput.form.requestSubmit();
}

// The "name" column (else the first), and a "country" column where there is one.
export function namesFromCsv(text) {
  const rows = parseCsv(text).filter((r) => r.some((c) => c.trim()));
  if (rows.length < 2) throw new Error(t("screening.csv_empty"));
  const header = rows[0].map((c) => c.trim().toLowerCase());
  const nameAt = Math.max(0, header.indexOf("name"));
  const countryAt = header.indexOf("country");
  const names = rows.slice(1).map((r) => ({
    name: (r[nameAt] || "").trim(),
    country: countryAt >= 0 ? (r[countryAt] || "").trim().toUpperCase() || null : null,
  })).filter((n) => n.name);
  if (names.length > MAX_NAMES) throw new Error(t("screening.too_many", { n: names.length, max: MAX_NAMES }));
  return names;
}

async function show(results, call, fileName) {
  clear(results).append(h("p", { class: "muted" }, t("loading")));
  let answers;
  try {
    answers = await call();
  } catch (error) {
    clear(results).append(errorBox(error));
    return;
  }
  clear(results);
  const hits = answers.reduce((n, a) => n + a.hits.length, 0);
  results.append(h("h2", {}, t("screening.results")),
    h("p", { class: "summary", id: "screen-summary" }, t("screening.summary", {
      names: answers.length, hits, matched: answers.filter((a) => a.hits.length).length,
    }) + (fileName ? ` (${fileName})` : "")));
  if (!hits) {
    results.append(emptyBox(t("screening.no_hits"), t("screening.no_hits_hint")));
    return;
  }
  results.append(table(
    [t("screening.query"), t("screening.score"), t("screening.list"), t("screening.listed_name"),
      t("screening.alias"), t("screening.why")],
    answers.flatMap((a) => (a.hits.length ? [] : [[`${a.query}${a.country ? ` (${a.country})` : ""}`,
      "—", "—", h("span", { class: "muted" }, t("screening.no_hit_row")), "", ""]]).concat(a.hits.map((hit, i) => [
      i ? "" : `${a.query}${a.country ? ` (${a.country})` : ""}`,
      h("span", { class: "score" }, formatNumber(hit.score, 3)),
      hit.list_id, hit.name, hit.matched_alias,
      h("ul", { class: "reasons" }, String(hit.why || "").split(" | ").map((r) => h("li", {}, r))),
    ]))),
  ));
}
