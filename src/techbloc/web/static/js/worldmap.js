// The world map: Natural Earth 1:50m countries from the npm package world-atlas (TopoJSON),
// converted with topojson-client and keyed by ISO 3166-1 alpha-2 — the knowledge base's actor
// codes — through the ISO numeric → alpha-2 table of the npm package i18n-iso-countries.
import { feature } from "/vendor/topojson-client/src/index.js";
import { echarts } from "./charts.js";

export const MAP_NAME = "world-alpha2";
const ANTARCTICA = "010"; // ISO numeric; left out so the inhabited world gets the room

let loading = null;

async function fetchJson(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// The atlas is spherical: a ring crossing the 180th meridian (Russia's Chukotka, Fiji) jumps from
// +180 to −180, which a flat map draws as a band across the world. Such a ring continues east of
// 180 instead (its western longitudes + 360).
function unwrapAntimeridian(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
      if (crosses) for (const p of ring) if (p[0] < 0) p[0] += 360;
    }
  }
}

// Registers the map once; resolves to the set of alpha-2 codes drawn on it.
export function loadWorldMap() {
  if (!loading) {
    loading = Promise.all([
      fetchJson("/vendor/world-atlas/countries-50m.json"),
      fetchJson("/vendor/i18n-iso-countries/codes.json"),
    ]).then(([topology, codes]) => {
      const alpha2 = new Map(codes.map(([a2, , numeric]) => [numeric, a2]));
      const world = feature(topology, topology.objects.countries);
      world.features = world.features.filter((f) => f.id !== ANTARCTICA);
      for (const f of world.features) unwrapAntimeridian(f.geometry);
      const drawn = new Set();
      for (const f of world.features) {
        const code = alpha2.get(f.id);
        // Features without an ISO code (Kosovo, N. Cyprus, Somaliland …) keep their own name.
        f.properties.code = code || `~${f.properties.name}`;
        if (code) drawn.add(code);
      }
      echarts.registerMap(MAP_NAME, world);
      return drawn;
    });
  }
  return loading;
}
