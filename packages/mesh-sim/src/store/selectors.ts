import { badRequest } from './errors.ts';
import type { KubeObject } from './types.ts';

/** One requirement of a label selector (k8s.io/apimachinery/pkg/labels syntax). */
export type LabelRequirement =
  | { op: 'eq'; key: string; value: string }
  | { op: 'neq'; key: string; value: string }
  | { op: 'in'; key: string; values: string[] }
  | { op: 'notin'; key: string; values: string[] }
  | { op: 'exists'; key: string }
  | { op: 'notexists'; key: string };

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside a `(...)` value set. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!VALUE.test(value) || value.length > 63)
    throw badRequest(`unable to parse requirement: invalid label value "${value}" in "${selector}"`);
  return value;
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTopLevel(selector).map((part) => {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (set) {
      const values = set[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .map((v) => checkValue(v, selector));
      return { op: set[2] === 'in' ? 'in' : 'notin', key: checkKey(set[1]!, selector), values };
    }
    const cmp = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (cmp) {
      const key = checkKey(cmp[1]!, selector);
      const value = checkValue(cmp[3]!, selector);
      return cmp[2] === '!=' ? { op: 'neq', key, value } : { op: 'eq', key, value };
    }
    if (part.startsWith('!')) return { op: 'notexists', key: checkKey(part.slice(1).trim(), selector) };
    return { op: 'exists', key: checkKey(part, selector) };
  });
}

export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string> = {},
): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case 'eq':
        return has && value === r.value;
      case 'neq':
        return !has || value !== r.value;
      case 'in':
        return has && r.values.includes(value!);
      case 'notin':
        return !has || !r.values.includes(value!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

export interface FieldRequirement {
  path: string;
  value: string;
  negate: boolean;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  return splitTopLevel(selector).map((part) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    return { path: m[1]!, value: m[3]!.trim(), negate: m[2] === '!=' };
  });
}

/** Field selectors on a dotted path (metadata.name, metadata.namespace, status.phase, spec.nodeName...). */
export function matchesFields(requirements: readonly FieldRequirement[], object: KubeObject): boolean {
  return requirements.every((r) => {
    let current: unknown = object;
    for (const segment of r.path.split('.')) {
      current =
        current !== null && typeof current === 'object'
          ? (current as Record<string, unknown>)[segment]
          : undefined;
    }
    const actual = current === undefined || current === null ? '' : String(current);
    return r.negate ? actual !== r.value : actual === r.value;
  });
}

/** The `matchLabels` + `matchExpressions` form used by Deployments, PeerAuthentication etc. */
export function matchesSelectorObject(
  selector: { matchLabels?: Record<string, string> } | Record<string, string> | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return true;
  const pairs = (
    'matchLabels' in selector && typeof selector.matchLabels === 'object' ? selector.matchLabels : selector
  ) as Record<string, string>;
  return Object.entries(pairs).every(([k, v]) => labels[k] === v);
}
