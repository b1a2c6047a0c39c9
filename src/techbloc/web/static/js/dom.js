// Small DOM helpers: elements built with text nodes (never innerHTML from data).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// A link inside the dashboard: route plus query parameters.
export function route(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") query.set(k, v);
  }
  const text = query.toString();
  return `#/${path}${text ? `?${text}` : ""}`;
}

export function externalLink(url, text) {
  return h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text || url);
}

// Text with «marked» words (the document search's snippets) as <mark> elements.
export function marked(text) {
  const parts = String(text || "").split(/«|»/);
  return parts.map((part, i) => (i % 2 === 1 ? h("mark", {}, part) : part));
}

export function table(headers, rows, caption) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))),
    ),
  );
}

// For the few places that take HTML (chart tooltips).
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// One term and its description in a <dl class="facts">.
export function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value)];
}
