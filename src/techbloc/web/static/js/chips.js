// A small coloured label for an alliance's kind (blockade, cooperation, mixed).
import { COLORS } from "./charts.js";
import { h } from "./dom.js";
import { term } from "./i18n.js";

export function kindChip(kind) {
  return h("span", { class: `chip kind-${kind}`, style: `--chip:${COLORS[kind] || "#888"}` },
    term("kind", kind));
}
