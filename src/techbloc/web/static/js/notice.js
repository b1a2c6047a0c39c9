// Error and empty-state boxes: the API's message and hint, in the page, never a blank chart.
import { h } from "./dom.js";
import { t } from "./i18n.js";

export function errorBox(error) {
  return h(
    "div",
    { class: "notice error", role: "alert" },
    h("strong", {}, t("error.title")),
    " ",
    error.message || String(error),
    error.hint ? h("p", { class: "hint" }, `${t("error.hint")}: ${error.hint}`) : null,
  );
}

export function emptyBox(message, hint) {
  return h(
    "div",
    { class: "notice empty" },
    message,
    hint ? h("p", { class: "hint" }, hint) : null,
  );
}
