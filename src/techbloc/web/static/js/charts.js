// ECharts (from npm, served at /vendor/): one place to create charts with the dashboard's fonts,
// language and the test switch (?test=1 turns animation off so screenshots are stable).
import * as echarts from "/vendor/echarts/dist/echarts.esm.min.js";
import { currentLang } from "./i18n.js";

export { echarts };

export const TEST_MODE = new URLSearchParams(location.search).has("test");

export const FONT_STACK =
  '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", ' +
  '"Microsoft YaHei", system-ui, sans-serif';

export const COLORS = {
  blockade: "#c0392b",
  cooperation: "#2471a3",
  mixed: "#8e44ad",
  restrictive: "#c0392b",
  cooperative: "#2471a3",
  relaxing: "#27ae60",
  country: "#7f8c8d",
};

const live = new Map(); // chart → the observer of its element's size

// A chart on ``element``; it follows the element's size, so it may be made before the element is
// in the page (it draws once the element has a size).
export function createChart(element) {
  const chart = echarts.init(element, null, {
    renderer: "canvas",
    locale: currentLang() === "zh" ? "ZH" : "EN",
  });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(element);
  live.set(chart, observer);
  return chart;
}

// Options common to every chart: font, no animation in test mode.
export function withDefaults(option) {
  return {
    animation: !TEST_MODE,
    textStyle: { fontFamily: FONT_STACK },
    ...option,
  };
}

export function disposeCharts() {
  for (const [chart, observer] of live) {
    observer.disconnect();
    chart.dispose();
  }
  live.clear();
}
