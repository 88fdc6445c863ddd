import { deepEqual, isObject, type JsonObject } from './json.ts';

/** A field both sides changed, differently. The merge keeps `mine`; the user may take `theirs`. */
export interface MergeConflict {
  /** Dotted and indexed like validation paths: `spec.http[0].route[1].weight`. */
  path: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult<T> {
  merged: T;
  conflicts: MergeConflict[];
}

/**
 * Three-way merge of JSON values: my edit (`base` -> `mine`) re-done on `theirs`, the version
 * someone else saved meanwhile. What only one side changed is taken from that side; what both
 * changed the same way is taken once; what both changed differently is a conflict that keeps mine.
 *
 * Lists: of equal length on all three sides they merge item by item (weights of one route);
 * when every item has a unique `name` (subsets, named routes) they merge by name, so an item
 * someone else added or removed is kept added or removed; when one side edited items in place and
 * the other only added or removed items, the edits land on the kept items; any other list both
 * sides changed is one conflict.
 */
export function mergeThreeWay<T>(base: T, mine: T, theirs: T): MergeResult<T> {
  const conflicts: MergeConflict[] = [];
  const merged = mergeValue(base, mine, theirs, '', conflicts) as T;
  return { merged, conflicts };
}

function mergeValue(
  base: unknown,
  mine: unknown,
  theirs: unknown,
  path: string,
  conflicts: MergeConflict[],
): unknown {
  if (deepEqual(mine, base)) return theirs;
  if (deepEqual(theirs, base) || deepEqual(mine, theirs)) return mine;
  if (isObject(base) && isObject(mine) && isObject(theirs)) {
    return mergeObjects(base, mine, theirs, path, conflicts);
  }
  if (Array.isArray(base) && Array.isArray(mine) && Array.isArray(theirs)) {
    if (base.length === mine.length && base.length === theirs.length) {
      return base.map((b, i) => mergeValue(b, mine[i], theirs[i], `${path}[${i}]`, conflicts));
    }
    const byName = mergeNamedLists(base, mine, theirs, path, conflicts);
    if (byName) return byName;
    const aligned = mergeEditsOntoInsertions(base, mine, theirs, path, conflicts);
    if (aligned) return aligned;
  }
  conflicts.push({ path, base, mine, theirs });
  return mine;
}

function mergeObjects(
  base: JsonObject,
  mine: JsonObject,
  theirs: JsonObject,
  path: string,
  conflicts: MergeConflict[],
): JsonObject {
  const out: JsonObject = {};
  // Their key order first (the stored object's), then keys only I added.
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(mine)])];
  for (const key of keys) {
    const value = mergeValue(base[key], mine[key], theirs[key], path ? `${path}.${key}` : key, conflicts);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Lists whose items all carry a unique string `name` on every side, merged by name; else undefined. */
function mergeNamedLists(
  base: readonly unknown[],
  mine: readonly unknown[],
  theirs: readonly unknown[],
  path: string,
  conflicts: MergeConflict[],
): unknown[] | undefined {
  const b = byName(base);
  const m = byName(mine);
  const t = byName(theirs);
  if (!b || !m || !t) return undefined;
  const out: unknown[] = [];
  const emitted = new Set<string>();
  const emit = (name: string) => {
    if (emitted.has(name)) return;
    emitted.add(name);
    // The index the item has (or would have) in the merged list, so a conflict's path finds it.
    const value = mergeValue(b.get(name), m.get(name), t.get(name), `${path}[${out.length}]`, conflicts);
    if (value !== undefined) out.push(value);
  };
  // My order, with items they added placed after the item they follow in their list.
  const theirNames = [...t.keys()];
  for (const name of m.keys()) {
    emit(name);
    for (let i = theirNames.indexOf(name) + 1; i > 0 && i < theirNames.length; i++) {
      const next = theirNames[i]!;
      if (b.has(next) || m.has(next)) break;
      emit(next);
    }
  }
  for (const name of theirNames) if (!b.has(name)) emit(name);
  // Items I removed that they changed: the removal stands, as a conflict.
  for (const name of b.keys()) if (!emitted.has(name)) emit(name);
  return out;
}

/**
 * One side edited items in place (same length as `base`) while the other only added or removed
 * items (every item it kept is unchanged): the in-place edits land on the kept items, wherever the
 * other side moved them. A route they appended survives my weight edit of the first route.
 * Undefined when the lists do not have that shape, or an item one side edited was removed by the
 * other (left to the caller as one conflict).
 */
function mergeEditsOntoInsertions(
  base: readonly unknown[],
  mine: readonly unknown[],
  theirs: readonly unknown[],
  path: string,
  conflicts: MergeConflict[],
): unknown[] | undefined {
  const onto = (edited: readonly unknown[], reshaped: readonly unknown[], mineEdited: boolean) => {
    const at = alignment(base, reshaped);
    if (base.some((b, i) => at[i] === undefined && !deepEqual(edited[i], b))) return undefined;
    const out = [...reshaped];
    const found: MergeConflict[] = [];
    base.forEach((b, i) => {
      const j = at[i];
      if (j === undefined) return;
      const [m, t] = mineEdited ? [edited[i], reshaped[j]] : [reshaped[j], edited[i]];
      out[j] = mergeValue(b, m, t, `${path}[${j}]`, found);
    });
    conflicts.push(...found);
    return out;
  };
  if (mine.length === base.length) return onto(mine, theirs, true);
  if (theirs.length === base.length) return onto(theirs, mine, false);
  return undefined;
}

/**
 * For each item of `base`, its index in `other` when `other` keeps it unchanged (a longest common
 * subsequence by deep equality, so order is respected), else undefined.
 */
function alignment(base: readonly unknown[], other: readonly unknown[]): (number | undefined)[] {
  const n = base.length;
  const m = other.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = deepEqual(base[i], other[j])
        ? lcs[i + 1]![j + 1]! + 1
        : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const at: (number | undefined)[] = new Array<number | undefined>(n).fill(undefined);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (deepEqual(base[i], other[j])) at[i++] = j++;
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  return at;
}

function byName(list: readonly unknown[]): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const item of list) {
    const name = isObject(item) ? item.name : undefined;
    if (typeof name !== 'string' || out.has(name)) return undefined;
    out.set(name, item);
  }
  return out;
}

/** `merged` with the conflict resolved their way: their value at its path (re-inserted if I had removed a list item). */
export function takeTheirs<T>(merged: T, conflict: MergeConflict): T {
  const segments = parsePath(conflict.path);
  const insert = conflict.mine === undefined && typeof segments[segments.length - 1] === 'number';
  return replaceAtPath(merged, conflict.path, conflict.theirs, { insert });
}

/**
 * `value` with the field at `path` (as in `MergeConflict.path`) replaced by `replacement`, or
 * removed when it is undefined (`insert`: a list item put before the one at the index); a path
 * that does not exist in `value` changes nothing.
 */
export function replaceAtPath<T>(
  value: T,
  path: string,
  replacement: unknown,
  { insert = false }: { insert?: boolean } = {},
): T {
  const segments = parsePath(path);
  if (segments.length === 0) return replacement as T;
  const copy = structuredClone(value) as unknown;
  let parent: unknown = copy;
  for (const seg of segments.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown> | undefined)?.[seg];
    if (typeof parent !== 'object' || parent === null) return value;
  }
  const last = segments[segments.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (insert) {
      if (replacement !== undefined) parent.splice(last, 0, replacement);
    } else if (replacement === undefined) parent.splice(last, 1);
    else parent[last] = replacement;
  } else if (isObject(parent) && typeof last === 'string') {
    if (replacement === undefined) delete parent[last];
    else parent[last] = replacement;
  } else {
    return value;
  }
  return copy as T;
}

/** `spec.http[0].route` -> `['spec', 'http', 0, 'route']`. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
