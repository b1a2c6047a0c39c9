// The REST API (/api/v1): JSON in, JSON out; errors are {"error": {code, message, hint}}.

const BASE = "/api/v1";

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || String(status);
    this.hint = error.hint || null;
  }
}

function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
  }
  const text = query.toString();
  return `${BASE}${path}${text ? `?${text}` : ""}`;
}

async function send(request) {
  const response = await fetch(request);
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const cache = new Map();

export function get(path, params) {
  return send(new Request(url(path, params), { headers: { accept: "application/json" } }));
}

// For what does not change while the page is open (vocabularies, the alliance list …).
export function getCached(path, params) {
  const key = url(path, params);
  if (!cache.has(key)) {
    cache.set(key, get(path, params).catch((error) => {
      cache.delete(key);
      throw error;
    }));
  }
  return cache.get(key);
}

// Every item of a paginated list ({items, total, limit, offset}).
export async function getAll(path, params = {}, pageSize = 500) {
  const items = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await get(path, { ...params, limit: pageSize, offset });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

export function getAllCached(path, params) {
  const key = `all:${url(path, params)}`;
  if (!cache.has(key)) {
    cache.set(key, getAll(path, params).catch((error) => {
      cache.delete(key);
      throw error;
    }));
  }
  return cache.get(key);
}

export function post(path, body, params) {
  const isForm = body instanceof FormData;
  return send(
    new Request(url(path, params), {
      method: "POST",
      headers: isForm ? { accept: "application/json" }
        : { accept: "application/json", "content-type": "application/json" },
      body: isForm ? body : JSON.stringify(body),
    }),
  );
}
