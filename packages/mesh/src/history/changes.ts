import type { ChangeOperation, HistoryKind } from '@sextant/contracts';
import jsonPatch from 'fast-json-patch';

/**
 * What the change history keeps of an object, and how it tells a change from noise. Pure: the
 * server's recorder feeds it what its watches see.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Annotations every `kubectl apply` or rollout rewrites: bookkeeping, not config. */
const NOISY_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
]);

function metadataOf(object: Json, keep: { annotations: boolean }): Json {
  const m = isObject(object['metadata']) ? object['metadata'] : {};
  const out: Json = { name: m['name'] };
  if (typeof m['namespace'] === 'string') out['namespace'] = m['namespace'];
  if (isObject(m['labels']) && Object.keys(m['labels']).length > 0) out['labels'] = m['labels'];
  if (keep.annotations && isObject(m['annotations'])) {
    const annotations = Object.fromEntries(
      Object.entries(m['annotations']).filter(([k]) => !NOISY_ANNOTATIONS.has(k)),
    );
    if (Object.keys(annotations).length > 0) out['annotations'] = annotations;
  }
  return out;
}

const pick = (v: unknown, keys: readonly string[]): Json | undefined => {
  if (!isObject(v)) return undefined;
  const out: Json = {};
  for (const k of keys) if (v[k] !== undefined) out[k] = v[k];
  return Object.keys(out).length > 0 ? out : undefined;
};

/**
 * The part of an object the history records and compares: what people change (Istio specs, a
 * Service's ports and selector, a Deployment's replicas, images and labels, a Namespace's labels),
 * without what the API server and controllers rewrite on their own (status, resourceVersion,
 * managedFields, generation, assigned cluster IPs).
 */
export function historyContent(kind: HistoryKind, object: unknown): Json {
  const o = isObject(object) ? object : {};
  // No apiVersion or kind: a LIST leaves them out of its items where a watch event has them, and
  // the same Istio object read at v1 or v1beta1 is the same config.
  const head: Json = {};
  switch (kind) {
    case 'namespaces':
      return { ...head, metadata: metadataOf(o, { annotations: false }) };
    case 'deployments': {
      const spec = isObject(o['spec']) ? o['spec'] : {};
      const template = isObject(spec['template']) ? spec['template'] : {};
      const podSpec = isObject(template['spec']) ? template['spec'] : {};
      const containers = Array.isArray(podSpec['containers'])
        ? podSpec['containers'].map((c) => pick(c, ['name', 'image']) ?? {})
        : [];
      const templateLabels = isObject(template['metadata']) ? template['metadata']['labels'] : undefined;
      return {
        ...head,
        metadata: metadataOf(o, { annotations: false }),
        spec: {
          replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 1,
          template: {
            ...(isObject(templateLabels) ? { metadata: { labels: templateLabels } } : {}),
            spec: { containers },
          },
        },
      };
    }
    case 'services':
      return {
        ...head,
        metadata: metadataOf(o, { annotations: true }),
        spec: pick(o['spec'], ['type', 'selector', 'ports', 'externalName']) ?? {},
      };
    default:
      return {
        ...head,
        metadata: metadataOf(o, { annotations: true }),
        spec: isObject(o['spec']) ? o['spec'] : {},
      };
  }
}

/** JSON with object keys sorted: equal content, equal text. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}

/**
 * The change from `before` to `after` (recorded contents; undefined: absent), or undefined when
 * the contents are equal (a status update, a resync).
 */
export function changeBetween(
  before: Json | undefined,
  after: Json | undefined,
): ChangeOperation | undefined {
  if (before === undefined && after === undefined) return undefined;
  if (before === undefined) return 'create';
  if (after === undefined) return 'delete';
  return canonicalJson(before) === canonicalJson(after) ? undefined : 'update';
}

/**
 * The paths whose values differ (`spec.http[0].route[1].weight`), from fast-json-patch's `compare`,
 * shallowest first, at most `limit` (the rest summed up as `… and N more`). An item added to or removed from a list
 * names the list alone: its indexes shift, so "which item" says little.
 */
export function changedPaths(before: unknown, after: unknown, limit = 4): string[] {
  const out: string[] = [];
  if (!isContainer(before) || !isContainer(after)) {
    if (canonicalJson(before) !== canonicalJson(after)) out.push('(whole object)');
    return out;
  }
  const resized = new Set<string>();
  for (const op of jsonPatch.compare(before, after)) {
    const segments = op.path.split('/').slice(1).map(jsonPatch.unescapePathComponent);
    const parent = segments.slice(0, -1);
    // add/remove of a list item: the list itself.
    const named =
      (op.op === 'add' || op.op === 'remove') &&
      Array.isArray(valueAt(before, parent) ?? valueAt(after, parent))
        ? parent
        : segments;
    const path = dotted(named);
    if (named === parent) resized.add(path);
    if (!out.includes(path)) out.push(path);
  }
  // Within a list that grew or shrank, the items' own changes are the shift: the list says it.
  for (const list of resized)
    for (let i = out.length - 1; i >= 0; i--) if (out[i]!.startsWith(`${list}[`)) out.splice(i, 1);
  // compare() walks keys backwards: shallowest first, then in name order, reads better.
  const depth = (p: string) => p.split(/[.[]/).length;
  out.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b, 'en', { numeric: true }));
  if (out.length <= limit) return out;
  return [...out.slice(0, limit), `… and ${out.length - limit} more`];
}

const isContainer = (v: unknown): v is Json | unknown[] => typeof v === 'object' && v !== null;

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let v = root;
  for (const k of segments) v = isContainer(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** `['spec', 'http', '0', 'route']` -> `spec.http[0].route`. */
function dotted(segments: readonly string[]): string {
  let path = '';
  for (const k of segments) path += /^\d+$/.test(k) ? `[${k}]` : path ? `.${k}` : k;
  return path || '(whole object)';
}

/** For a create or delete: the object's top-level parts, so the list still says what it holds. */
export function pathsOf(
  operation: ChangeOperation,
  before: Json | undefined,
  after: Json | undefined,
): string[] {
  if (operation === 'update') return changedPaths(before, after);
  const object = operation === 'create' ? after : before;
  return isObject(object?.['spec'])
    ? Object.keys(object['spec'])
        .map((k) => `spec.${k}`)
        .slice(0, 4)
    : [];
}

const DAY_MS = 86_400_000;
const UNITS: Record<string, number> = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

/** `14d`, `36h`, `2w` -> milliseconds; undefined when not that form or not positive. */
export function parseRetention(text: string): number | undefined {
  const m = /^(\d{1,6})([hdw])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  return ms > 0 ? ms : undefined;
}
