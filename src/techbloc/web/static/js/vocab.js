// The knowledge base's vocabularies (domains, instruments), fetched once, with their names.
import { getCached } from "./api.js";
import { currentLang, nameOf, t } from "./i18n.js";

export async function domainTree() {
  const found = await getCached("/domains");
  return found.items || found;
}

export async function instruments() {
  const found = await getCached("/vocabularies/instruments");
  return found.items || found;
}

// [[id, label], …]: top-level domains followed by their children (indented).
export function domainOptions(tree) {
  const options = [["", t("all")]];
  for (const top of tree) {
    options.push([top.domain_id, nameOf(top)]);
    for (const child of top.children || []) options.push([child.domain_id, `— ${nameOf(child)}`]);
  }
  return options;
}

export function domainNames(tree) {
  const names = new Map();
  for (const top of tree) {
    names.set(top.domain_id, top);
    for (const child of top.children || []) names.set(child.domain_id, child);
  }
  return names;
}

export function instrumentOptions(list) {
  const sorted = [...list].sort((a, b) => nameOf(a).localeCompare(nameOf(b), currentLang()));
  return [["", t("all")], ...sorted.map((i) => [i.instrument_id, nameOf(i)])];
}

export function directionOptions() {
  return [["", t("all")], ...["restrictive", "cooperative", "relaxing"].map((d) => [d, t(`direction.${d}`)])];
}

export async function stages() {
  const found = await getCached("/vocabularies/stages");
  return found.items || found;
}

// Names of what a document's mentions point at, by mention type and key (falls back to the key).
export async function mentionNames() {
  const [tree, tools, steps, countries, alliances] = await Promise.all([
    domainTree(), instruments(), stages(),
    getCached("/countries", { limit: 1000 }), getCached("/alliances", { limit: 1000 }),
  ]);
  return {
    domain: domainNames(tree),
    instrument: new Map(tools.map((i) => [i.instrument_id, i])),
    stage: new Map(steps.map((s) => [s.stage_id, s])),
    country: new Map(countries.items.map((c) => [c.actor_code, c])),
    alliance: new Map(alliances.items.map((a) => [a.alliance_id, {
      name_en: a.short_name_en || a.name_en, name_zh: a.short_name_zh || a.name_zh,
    }])),
  };
}
