// The dashboard shell: hash routes (#/page/arg?params), the navigation, the language switch.
import { get } from "./api.js";
import { disposeCharts } from "./charts.js";
import { clear, h, route } from "./dom.js";
import { applyStaticLabels, currentLang, loadLabels, setLang, t } from "./i18n.js";
import { errorBox } from "./notice.js";

// id → module; ``nav`` pages appear in the menu, the others are reached by links.
const PAGES = {
  overview: { load: () => import("./pages/overview.js"), nav: true },
  network: { load: () => import("./pages/network.js"), nav: true },
  measures: { load: () => import("./pages/measures.js"), nav: true },
  heatmap: { load: () => import("./pages/heatmap.js"), nav: true },
  pressure: { load: () => import("./pages/pressure.js"), nav: true },
  alerts: { load: () => import("./pages/alerts.js"), nav: true },
  screening: { load: () => import("./pages/screening.js"), nav: true },
  documents: { load: () => import("./pages/documents.js"), nav: true },
  alliances: { load: () => import("./pages/alliances.js"), nav: true },
  alliance: { load: () => import("./pages/alliance.js") },
  country: { load: () => import("./pages/country.js") },
  document: { load: () => import("./pages/document.js") },
};

let renderCount = 0;

export function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  const [page, ...rest] = path.split("/");
  return {
    page: PAGES[page] ? page : "overview",
    arg: rest.length ? decodeURIComponent(rest.join("/")) : null,
    params: Object.fromEntries(new URLSearchParams(query)),
  };
}

// Change the page's parameters in the address bar without rendering the page again.
export function replaceParams(params) {
  const { page, arg } = parseHash();
  const path = arg ? `${page}/${encodeURIComponent(arg)}` : page;
  history.replaceState(null, "", `${location.pathname}${location.search}${route(path, params)}`);
}

function renderNav(active) {
  const nav = clear(document.getElementById("nav"));
  const list = h("ul", {});
  for (const [id, page] of Object.entries(PAGES)) {
    if (!page.nav) continue;
    const current = id === active ? "page" : null;
    list.append(h("li", {}, h("a", { href: route(id), "aria-current": current }, t(`nav.${id}`))));
  }
  nav.append(list);
  for (const button of document.querySelectorAll(".lang button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === currentLang()));
  }
}

async function renderFooter() {
  const foot = clear(document.getElementById("foot"));
  foot.append(h("span", {}, t("foot.neutral")));
  try {
    const stats = await get("/stats");
    foot.append(
      h(
        "span",
        { class: "muted" },
        t("foot.stats", {
          alliances: stats.alliances,
          measures: stats.measures,
          sources: stats.sources,
          built: (stats.kb_built_at || "").slice(0, 10),
        }),
      ),
    );
  } catch {
    // the footer's figures are a courtesy; the page itself reports API errors
  }
  foot.append(h("a", { href: "/api/docs" }, t("foot.api")));
}

async function render() {
  const token = ++renderCount;
  const { page, arg, params } = parseHash();
  disposeCharts();
  renderNav(page);
  const main = clear(document.getElementById("main"));
  main.setAttribute("aria-busy", "true");
  document.title = `${t(`nav.${page}`)} · ${t("app.title")}`;
  try {
    const module = await PAGES[page].load();
    if (token !== renderCount) return; // the user went elsewhere meanwhile
    await module.render(main, { arg, params, isCurrent: () => token === renderCount });
  } catch (error) {
    if (token !== renderCount) return;
    console.warn(error);
    main.append(errorBox(error));
  } finally {
    if (token === renderCount) {
      main.setAttribute("aria-busy", "false");
      document.body.dataset.page = page;
      document.body.dataset.ready = String(token);
    }
  }
}

async function start() {
  await loadLabels();
  applyStaticLabels();
  for (const button of document.querySelectorAll(".lang button")) {
    button.addEventListener("click", () => {
      if (button.dataset.lang === currentLang()) return;
      setLang(button.dataset.lang);
      applyStaticLabels();
      renderFooter();
      render();
    });
  }
  window.addEventListener("hashchange", render);
  renderFooter();
  await render();
}

start();
