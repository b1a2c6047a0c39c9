// Labels in English and Chinese (labels.json), the chosen language and its persistence.
// The language comes from ?lang=, else the last choice (localStorage), else the browser's.

const STORE_KEY = "techbloc.lang";
let labels = {};
let lang = "en";

export async function loadLabels() {
  const response = await fetch("/i18n/labels.json");
  labels = await response.json();
  lang = initialLanguage();
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

function initialLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "zh" || asked === "en") return asked;
  const saved = safeStorage(() => localStorage.getItem(STORE_KEY));
  if (saved === "zh" || saved === "en") return saved;
  return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

function safeStorage(read) {
  try {
    return read();
  } catch {
    return null; // storage disabled: the choice lasts for this page only
  }
}

export function currentLang() {
  return lang;
}

export function setLang(next) {
  lang = next;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  safeStorage(() => localStorage.setItem(STORE_KEY, next));
  const url = new URL(location.href);
  if (url.searchParams.has("lang")) {
    url.searchParams.set("lang", next);
    history.replaceState(null, "", url);
  }
}

// t("key") or t("key", {n: 3}) → the label in the current language, {n} replaced.
export function t(key, vars) {
  const entry = labels[key];
  let text = entry ? entry[lang] || entry.en : key;
  if (vars) {
    for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, value);
  }
  return text;
}

// The name of a record in the current language: row.name_zh / row.name_en (or another prefix),
// falling back to the other language, then to the id.
export function nameOf(row, prefix = "name", fallback = "") {
  if (!row) return fallback;
  const zh = row[`${prefix}_zh`];
  const en = row[`${prefix}_en`];
  return (lang === "zh" ? zh || en : en || zh) || fallback;
}

// A vocabulary value (kind, direction, role, level …) as a label: t("kind.blockade").
export function term(group, value) {
  if (value === null || value === undefined || value === "") return "—";
  const key = `${group}.${value}`;
  return labels[key] ? t(key) : String(value);
}

export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en", {
    maximumFractionDigits: digits,
  }).format(value);
}

export function applyStaticLabels(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}
