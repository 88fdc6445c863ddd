import { cloneJson, readObject, type JsonObject } from './json.ts';

/**
 * Form lists (routes, matches, destinations, subsets) carry a `key` per item. An item made from
 * the original object is keyed by its path there (`http[2]`, `http[0].route[1]`, `subsets[0]`);
 * anything else (`new-1`) is new. Rebuilding a list starts every item from a copy of the original
 * element its key names, wherever it now sits, and applies only what the form changed: fields
 * the form does not model travel with their item through reorders, moves and deletions of others.
 */
export interface OriginalItem<F> {
  raw: unknown;
  form: F;
}

export type OriginalIndex<F> = Map<string, OriginalItem<F>>;

export function rebuildList<F extends { key: string }>(
  items: readonly F[],
  originals: ReadonlyMap<string, OriginalItem<F>>,
  empty: (key: string) => F,
  apply: (base: JsonObject, before: F, after: F) => void,
): JsonObject[] {
  return items.map((item) => {
    const original = originals.get(item.key);
    const base = original ? cloneJson(readObject(original.raw)) : {};
    apply(base, original?.form ?? empty(item.key), item);
    return base;
  });
}

/** A key of the form `new-N` that no item of `used` has. */
export function freshKey(used: Iterable<string>): string {
  const taken = new Set(used);
  let n = 1;
  while (taken.has(`new-${n}`)) n++;
  return `new-${n}`;
}
