// Labelled form controls (every control has a visible label and is keyboard-usable).
import { h } from "./dom.js";
import { t } from "./i18n.js";

let counter = 0;

function fieldId(name) {
  counter += 1;
  return `f-${name}-${counter}`;
}

// options: [[value, label], …]; the first may be ["", t("all")].
export function selectField(label, name, options, value, onChange) {
  const id = fieldId(name);
  const select = h(
    "select",
    { id, name, onchange: (e) => onChange(e.target.value) },
    options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value ?? "") }, text)),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), select);
}

export function dateField(label, name, value, onChange, attrs = {}) {
  const id = fieldId(name);
  const input = h("input", {
    id, name, type: "date", value: value || "", ...attrs,
    onchange: (e) => onChange(e.target.value),
  });
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

export function numberField(label, name, value, onChange, attrs = {}) {
  const id = fieldId(name);
  const input = h("input", {
    id, name, type: "number", value: value ?? "", ...attrs,
    onchange: (e) => onChange(e.target.value),
  });
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

export function controlsBar(...fields) {
  return h("form", { class: "controls", onsubmit: (e) => e.preventDefault() }, fields);
}

export function allOption() {
  return ["", t("all")];
}

export function kindOptions() {
  return [allOption(), ...["blockade", "cooperation", "mixed"].map((k) => [k, t(`kind.${k}`)])];
}
