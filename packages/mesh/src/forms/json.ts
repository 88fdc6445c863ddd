/** Plain-JSON helpers for merging form edits into Kubernetes objects without losing anything. */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Structural equality of JSON values; `undefined` properties count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

/** A deep copy of a JSON value (Dates, as the client library hands out, become ISO strings). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (v instanceof Date) return v.toISOString() as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneJson(x);
    return out as T;
  }
  return v;
}

/** `obj[key]` as an object to write into, replacing anything that is not one. */
export function child(obj: JsonObject, key: string): JsonObject {
  const existing = obj[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** Sets `obj[key]`, or removes it when `value` is undefined. */
export function setOrDelete(obj: JsonObject, key: string, value: unknown): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}

/** Sets the value at `path` (creating objects on the way), or removes it and every parent it leaves empty. */
export function setPath(obj: JsonObject, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    setOrDelete(obj, head, value);
    return;
  }
  if (value === undefined) {
    const next = obj[head];
    if (!isObject(next)) return;
    setPath(next, rest, undefined);
    if (Object.keys(next).length === 0) delete obj[head];
    return;
  }
  setPath(child(obj, head), rest, value);
}

/** Removes `obj[key]` when it is an empty object. */
export function dropIfEmpty(obj: JsonObject, key: string): void {
  const v = obj[key];
  if (isObject(v) && Object.keys(v).length === 0) delete obj[key];
}

/** A trimmed string, or undefined for blank input (form fields use both for "unset"). */
export const nonBlank = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t ? t : undefined;
};

export const readString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const readNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

export const readObject = (v: unknown): JsonObject => (isObject(v) ? v : {});

export const readArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export const readStrings = (v: unknown): string[] =>
  readArray(v).filter((x): x is string => typeof x === 'string');

/** The `{value: n}` percentage wrapper Istio uses. */
export const readPercentage = (v: unknown): number | undefined => readNumber(readObject(v).value);

/** Writes a `{value: n}` percentage, keeping anything else the wrapper carries. */
export function setPercentage(obj: JsonObject, key: string, value: number | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = { ...readObject(obj[key]), value };
}
