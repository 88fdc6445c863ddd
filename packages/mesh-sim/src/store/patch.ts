import { badRequest, KubeApiError } from './errors.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * The merge keys of the lists `kubectl apply` patches in core and apps kinds (their Go types'
 * `patchMergeKey`), by field name; lists of other fields are replaced, as with a merge patch.
 * `ports` is keyed by `containerPort` in containers and by `port` in Services.
 */
const MERGE_KEYS: Record<string, (item: Record<string, unknown>) => string> = {
  containers: () => 'name',
  initContainers: () => 'name',
  ephemeralContainers: () => 'name',
  env: () => 'name',
  volumes: () => 'name',
  volumeMounts: () => 'mountPath',
  volumeDevices: () => 'devicePath',
  imagePullSecrets: () => 'name',
  hostAliases: () => 'ip',
  topologySpreadConstraints: () => 'topologyKey',
  ports: (item) => ('containerPort' in item ? 'containerPort' : 'port'),
};

/**
 * Strategic merge patch for the lists `kubectl apply` changes (MERGE_KEYS): items merge by key,
 * `$patch: delete` removes one, `$setElementOrder/<list>` orders them, `$patch: replace` replaces
 * a map. Any other list is replaced, and the remaining directives (`$retainKeys`,
 * `$deleteFromPrimitiveList/...`) are dropped so they never reach stored objects.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value) && MERGE_KEYS[key])
      result[key] = mergeList(result[key], value, patch[`$setElementOrder/${key}`], MERGE_KEYS[key]);
    else if (Array.isArray(value)) result[key] = stripDirectives(value);
    else result[key] = strategicMergePatch(result[key], value);
  }
  return result;
}

function mergeList(
  target: unknown,
  patch: unknown[],
  order: unknown,
  keyOf: (item: Record<string, unknown>) => string,
): unknown[] {
  const keyed = (item: unknown): string | undefined =>
    isObject(item) ? JSON.stringify(item[keyOf(item)]) : undefined;
  const items = (Array.isArray(target) ? target : []).map((item) => structuredClone(item) as unknown);
  for (const change of patch) {
    const key = keyed(change);
    const at = key === undefined ? -1 : items.findIndex((item) => keyed(item) === key);
    if (isObject(change) && change.$patch === 'delete') {
      if (at >= 0) items.splice(at, 1);
    } else if (at >= 0) items[at] = strategicMergePatch(items[at], change);
    else items.push(stripDirectives(change));
  }
  if (!Array.isArray(order)) return items;
  const rank = new Map(order.map((item, i) => [keyed(item), i]));
  const position = (item: unknown): number => rank.get(keyed(item)) ?? order.length;
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => position(a.item) - position(b.item) || a.i - b.i)
    .map(({ item }) => item);
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => !(isObject(item) && item.$patch === 'delete')).map(stripDirectives);
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    out[key] = stripDirectives(v);
  }
  return out;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function unprocessable(message: string): KubeApiError {
  return new KubeApiError(422, 'Invalid', message);
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let current = doc;
  for (const t of tokens) {
    if (Array.isArray(current)) current = current[Number(t)];
    else if (isObject(current)) current = current[t];
    else return undefined;
  }
  return current;
}

function parentOf(doc: unknown, tokens: string[], path: string): { parent: unknown; key: string } {
  if (tokens.length === 0) throw unprocessable(`jsonpatch: cannot operate on the document root (${path})`);
  const parent = getAt(doc, tokens.slice(0, -1));
  if (parent === undefined || (!Array.isArray(parent) && !isObject(parent)))
    throw unprocessable(`jsonpatch: path "${path}" does not exist`);
  return { parent, key: tokens[tokens.length - 1]! };
}

function arrayIndex(arr: unknown[], key: string, path: string, allowEnd: boolean): number {
  if (allowEnd && key === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw unprocessable(`jsonpatch: invalid array index in "${path}"`);
  const idx = Number(key);
  if (idx > arr.length || (!allowEnd && idx === arr.length))
    throw unprocessable(`jsonpatch: array index out of bounds in "${path}"`);
  return idx;
}

function addAt(doc: unknown, path: string, value: unknown): void {
  const { parent, key } = parentOf(doc, parsePointer(path), path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, path, true), 0, structuredClone(value));
  else (parent as Record<string, unknown>)[key] = structuredClone(value);
}

function removeAt(doc: unknown, path: string): unknown {
  const { parent, key } = parentOf(doc, parsePointer(path), path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, path, false), 1)[0];
  const obj = parent as Record<string, unknown>;
  if (!Object.hasOwn(obj, key)) throw unprocessable(`jsonpatch: path "${path}" does not exist`);
  const old = obj[key];
  delete obj[key];
  return old;
}

/** RFC 6902 JSON patch; any failing operation rejects the whole patch (nothing is half applied). */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be a JSON array of operations');
  const doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    if (!isObject(raw) || typeof raw.path !== 'string')
      throw badRequest('json patch operation needs "op" and "path"');
    switch (raw.op) {
      case 'add':
        addAt(doc, raw.path, raw.value);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'replace':
        removeAt(doc, raw.path);
        addAt(doc, raw.path, raw.value);
        break;
      case 'move': {
        const moved = removeAt(doc, raw.from ?? '');
        addAt(doc, raw.path, moved);
        break;
      }
      case 'copy':
        addAt(doc, raw.path, getAt(doc, parsePointer(raw.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, parsePointer(raw.path))) !== JSON.stringify(raw.value))
          throw unprocessable(`jsonpatch: test operation failed at "${raw.path}"`);
        break;
      default:
        throw badRequest(`json patch: unknown operation "${String((raw as { op: unknown }).op)}"`);
    }
  }
  return doc;
}

export type { Json };
