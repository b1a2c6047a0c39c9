// Overview: a world map of alliance membership on a date, with a time slider (1949 … today)
// that can play, a kind filter and an alliance filter; the alliances of that day; sources.
import { get, getCached } from "../api.js";
import { replaceParams } from "../app.js";
import { TEST_MODE, createChart, withDefaults } from "../charts.js";
import { kindChip } from "../chips.js";
import { controlsBar, dateField, kindOptions, selectField } from "../controls.js";
import { THIS_YEAR, isIsoDate, todayIso, yearToDate } from "../dates.js";
import { append, clear, escapeHtml, h, route, table } from "../dom.js";
import { currentLang, nameOf, t, term } from "../i18n.js";
import { errorBox } from "../notice.js";
import { sourcesBlock, sourcesOf } from "../sources.js";
import { MAP_NAME, loadWorldMap } from "../worldmap.js";

const FIRST_YEAR = 1949; // COCOM
const SLIDE_PAUSE_MS = 150;
const MARKS = [1949, 1985, 1996, 2018, THIS_YEAR];
const ROLES = ["founding", "member", "partner", "adherent", "observer", "proposed"];
const ROLE_COLORS = ["#1f3a5f", "#2e6da4", "#5b9bd5", "#9dc3e6", "#c9a227", "#e3c16f"];

export async function render(main, { params, isCurrent }) {
  const state = {
    at: isIsoDate(params.at) ? params.at : todayIso(),
    kind: params.kind || "",
    alliance: params.alliance || "",
  };
  const [drawn, actors] = await Promise.all([
    loadWorldMap(), getCached("/countries", { limit: 1000 }),
  ]);
  const countryNames = new Map(actors.items.map((c) => [c.actor_code, c]));

  const mapEl = h("div", { class: "chart map", id: "map", role: "img", "aria-label": t("overview.map") });
  const summary = h("p", { class: "summary", id: "map-summary", "aria-live": "polite" });
  const below = h("div", { class: "below" });
  const sourcesSlot = h("div", {});
  const slider = h("input", {
    id: "year-slider", type: "range", min: FIRST_YEAR, max: THIS_YEAR, step: 1,
    value: Number(state.at.slice(0, 4)), list: "year-marks",
  });
  const yearOut = h("output", { for: "year-slider", class: "year" });
  const play = h("button", { type: "button", class: "play", "aria-pressed": "false" }, t("play"));
  const allianceField = selectField(t("alliance"), "alliance", [["", t("all")]], state.alliance,
    (v) => update({ alliance: v }));
  const dateInput = dateField(t("date"), "at", state.at, (v) => {
    if (isIsoDate(v)) update({ at: v });
  }, { min: `${FIRST_YEAR}-01-01`, max: todayIso() });

  append(main,
    h("h1", {}, t("overview.title")),
    h("p", { class: "lede" }, t("overview.lede")),
    controlsBar(
      selectField(t("kind"), "kind", kindOptions(), state.kind, (v) => update({ kind: v })),
      allianceField,
      dateInput,
    ),
    h("div", { class: "slider-row" },
      play,
      h("label", { for: "year-slider", class: "sr-only" }, t("overview.slider")),
      slider, yearOut,
      h("datalist", { id: "year-marks" }, MARKS.map((y) => h("option", { value: y, label: y })))),
    h("figure", { class: "figure" }, mapEl, h("figcaption", {}, summary)),
    below,
    sourcesSlot,
  );

  const chart = createChart(mapEl);
  chart.on("click", (e) => {
    if (e.data && e.data.code) location.hash = route(`country/${e.data.code}`, { at: state.at });
  });

  let pending = 0;
  async function update(change) {
    Object.assign(state, change);
    replaceParams(state);
    slider.value = Number(state.at.slice(0, 4));
    yearOut.textContent = state.at;
    slider.setAttribute("aria-valuetext", state.at);
    dateInput.querySelector("input").value = state.at;
    const ticket = ++pending;
    try {
      const view = await loadView(state);
      if (ticket !== pending || !isCurrent()) return;
      draw(view);
    } catch (error) {
      if (ticket !== pending || !isCurrent()) return;
      clear(below).append(errorBox(error));
    }
  }

  function draw(view) {
    fillAlliances(allianceField.querySelector("select"), view.alliances, state.alliance);
    chart.setOption(mapOption(view, countryNames), { notMerge: true });
    mapEl.dataset.at = state.at;
    mapEl.dataset.countries = String(view.shown.length);
    summary.textContent = view.summary;
    clear(below).append(...view.tables(drawn));
    clear(sourcesSlot).append(view.sources);
  }

  // The year shows at once; the map is asked for when the slider rests (SLIDE_PAUSE_MS): a held
  // arrow key or a drag sent one set of requests per year, and the API's rate limit refused them.
  let sliding = null;
  slider.addEventListener("input", () => {
    const at = yearToDate(slider.value);
    yearOut.textContent = at;
    slider.setAttribute("aria-valuetext", at);
    clearTimeout(sliding);
    sliding = setTimeout(() => update({ at }), SLIDE_PAUSE_MS);
  });
  let timer = null;
  play.addEventListener("click", () => {
    if (timer) return stop();
    play.setAttribute("aria-pressed", "true");
    play.textContent = t("pause");
    if (Number(slider.value) >= THIS_YEAR) slider.value = FIRST_YEAR;
    const step = async () => {
      if (!isCurrent()) return stop();
      const next = Number(slider.value) + 1;
      await update({ at: yearToDate(next) });
      if (next >= THIS_YEAR) stop();
      else if (timer) timer = setTimeout(step, TEST_MODE ? 50 : 700);
    };
    timer = setTimeout(step, 0);
  });
  function stop() {
    clearTimeout(timer);
    timer = null;
    play.setAttribute("aria-pressed", "false");
    play.textContent = t("play");
  }

  await update({});
}

// The alliance filter offers the alliances of the day shown (and keeps the one chosen).
function fillAlliances(select, alliances, chosen) {
  const sorted = [...alliances].sort((a, b) =>
    nameOf(a, "short_name").localeCompare(nameOf(b, "short_name"), currentLang()));
  const options = [["", t("all")], ...sorted.map((a) => [a.alliance_id, nameOf(a, "short_name")])];
  if (chosen && !options.some(([id]) => id === chosen)) options.push([chosen, chosen]);
  clear(select).append(...options.map(([v, text]) => h("option", { value: v, selected: v === chosen }, text)));
}

// Everything the map needs for one state: the API's map (or one alliance's profile), shaped.
async function loadView(state) {
  const alliances = await get("/alliances", { at: state.at, kind: state.kind, limit: 1000 });
  const view = state.alliance ? await allianceView(state) : await systemView(state, alliances.items);
  view.alliances = alliances.items;
  return view;
}

async function systemView(state, items) {
  const map = await get("/overview/map", { at: state.at, kind: state.kind });
  const shown = map.countries.filter((c) => c.alliance_count > 0);
  const max = Math.max(1, ...shown.map((c) => c.alliance_count));
  const sources = await sourcesOf(map.source_ids);
  return {
    shown,
    summary: t("overview.summary", { at: state.at, countries: shown.length, alliances: items.length }),
    series: {
      data: shown.map((c) => ({
        name: c.actor_code, code: c.actor_code, value: c.alliance_count,
        label_text: nameOf(c), alliances: c.alliances,
      })),
      visualMap: {
        type: "continuous", min: 0, max, calculable: false, left: 8, bottom: 8,
        inRange: { color: ["#dbe7f3", "#2e6da4", "#1f3a5f"] },
        text: [t("overview.more"), t("overview.fewer")],
      },
      tooltip: (d) => `${escapeHtml(d.label_text)}<br>${t("overview.count", { n: d.value })}`,
    },
    tables: (drawn) => [
      offMap(shown, drawn),
      table(
        [t("alliance"), t("kind"), t("status"), t("members")],
        items.map((a) => [
          h("a", { href: route(`alliance/${a.alliance_id}`, { at: state.at }) }, nameOf(a, "short_name")),
          kindChip(a.kind), term("status", a.status), String(a.member_count),
        ]),
        t("overview.alliances_at", { at: state.at }),
      ),
    ],
    sources: sourcesBlock(sources, { note: t("overview.sources_note") }),
  };
}

async function allianceView(state) {
  const profile = await get(`/alliances/${encodeURIComponent(state.alliance)}`, { at: state.at });
  const current = profile.memberships.filter((m) => m.is_member_at);
  const roleIndex = (role) => Math.max(0, ROLES.indexOf(role));
  return {
    shown: current,
    summary: t("overview.alliance_summary", {
      at: state.at, name: nameOf(profile, "short_name", profile.alliance_id),
      members: profile.member_count_at, status: term("status", profile.status_at),
    }),
    series: {
      data: current.map((m) => ({
        name: m.actor_code, code: m.actor_code, value: roleIndex(m.role),
        label_text: nameOf(m, "actor"), role: m.role,
      })),
      visualMap: {
        type: "piecewise", left: 8, bottom: 8,
        pieces: ROLES.map((role, i) => ({ value: i, label: term("role", role), color: ROLE_COLORS[i] })),
      },
      tooltip: (d) => `${escapeHtml(d.label_text)}<br>${term("role", d.role)}`,
    },
    tables: (drawn) => [
      offMap(current.map((m) => ({ actor_code: m.actor_code, name_en: m.actor_en, name_zh: m.actor_zh })), drawn),
      h("p", {}, h("a", { href: route(`alliance/${profile.alliance_id}`, { at: state.at }) },
        t("overview.open_profile", { name: nameOf(profile, "short_name", profile.alliance_id) }))),
    ],
    sources: sourcesBlock(profile.sources),
  };
}

// Regions without data are named by the knowledge base, else by the atlas (codes start with ~).
function mapOption(view, countryNames) {
  const regionName = (code) => (code.startsWith("~") ? code.slice(1)
    : nameOf(countryNames.get(code), "name", code));
  return withDefaults({
    tooltip: {
      trigger: "item",
      formatter: (p) => (p.data ? view.series.tooltip(p.data) : escapeHtml(regionName(p.name))),
    },
    visualMap: view.series.visualMap,
    series: [
      {
        type: "map", map: MAP_NAME, nameProperty: "code", roam: true, zoom: 1.15,
        top: 10, bottom: 10, selectedMode: false,
        itemStyle: { areaColor: "#eef1f4", borderColor: "#9aa5b1", borderWidth: 0.4 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#f0b429" } },
        data: view.series.data,
      },
    ],
  });
}

// Parties not drawn on the map (the EU, states the 1:50m map leaves out): listed beside it.
function offMap(countries, drawn) {
  const missing = countries.filter((c) => !drawn.has(c.actor_code));
  if (!missing.length) return h("span", {});
  return h("p", { class: "off-map" }, `${t("overview.off_map")}: `,
    missing.map((c, i) => [i ? "、" : "",
      h("a", { href: route(`country/${c.actor_code}`) }, nameOf(c, "name", c.actor_code))]));
}
