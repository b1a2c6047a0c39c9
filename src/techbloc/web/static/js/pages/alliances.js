// The alliances that exist on a date, by kind, each linking to its profile.
import { getAll } from "../api.js";
import { controlsBar, dateField, kindOptions, selectField } from "../controls.js";
import { isIsoDate, todayIso } from "../dates.js";
import { append, h, route, table } from "../dom.js";
import { nameOf, t, term } from "../i18n.js";
import { kindChip } from "../chips.js";

export async function render(main, { params }) {
  const state = { at: isIsoDate(params.at) ? params.at : todayIso(), kind: params.kind || "" };
  const go = (change) => {
    location.hash = route("alliances", { ...state, ...change });
  };
  const alliances = await getAll("/alliances", state);
  append(main,
    h("h1", {}, t("alliances.title")),
    h("p", { class: "lede" }, t("alliances.lede")),
    controlsBar(
      dateField(t("date"), "at", state.at, (v) => isIsoDate(v) && go({ at: v })),
      selectField(t("kind"), "kind", kindOptions(), state.kind, (v) => go({ kind: v })),
    ),
    h("p", { class: "summary" }, t("alliances.count", { n: alliances.length, at: state.at })),
    table(
      [t("alliance"), t("kind"), t("alliance.form"), t("status"), t("alliance.founded"), t("members"),
        t("alliances.proposed")],
      alliances.map((a) => [
        h("a", { href: route(`alliance/${a.alliance_id}`, { at: state.at }) }, nameOf(a, "short_name")),
        kindChip(a.kind), term("form", a.form), term("status", a.status), a.founded || "—",
        String(a.member_count), a.proposed_count ? String(a.proposed_count) : "—",
      ]),
    ),
  );
}
