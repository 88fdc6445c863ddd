import type { DiffLine } from '@sextant/contracts';
import { stringify } from 'yaml';
import { isObject } from './json.ts';

export interface DiffOptions {
  /** Serialization of both sides (default `yaml`). */
  format?: 'yaml' | 'json';
  /** Unchanged lines kept around each change; all of them when unset. */
  context?: number;
  /** Dotted paths left out of both sides (default: `metadata.managedFields`, bookkeeping nobody edits). */
  omit?: readonly string[];
}

const DEFAULT_OMIT = ['metadata.managedFields'];

/**
 * What the API server and controllers write on every save: nobody edits them, so in "their
 * change" (a 409's stored version against the loaded one) they are noise, never a change to weigh.
 */
export const SERVER_MANAGED_PATHS: readonly string[] = [
  'metadata.managedFields',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.uid',
  'metadata.creationTimestamp',
  'metadata.selfLink',
  'status',
];
/** Beyond this many differing lines the diff is shown as "all removed, all added" rather than searched. */
const MAX_EDIT_DISTANCE = 2000;

/**
 * A line diff of two objects for display, in kubectl's YAML style (sequences not indented under
 * their key; no line folding) or 2-space JSON. Both are serialized with one key order (the live
 * object's, then keys only the edited one has, recursively), so the diff shows changed values,
 * never keys that merely moved.
 */
export function diffObjects(live: unknown, edited: unknown, options: DiffOptions = {}): DiffLine[] {
  const omit = (options.omit ?? DEFAULT_OMIT).map((p) => p.split('.'));
  const a = omitPaths(live, omit);
  const b = omitPaths(edited, omit);
  const serialize = (v: unknown) => toLines(options.format ?? 'yaml', v);
  const lines = diffLines(serialize(alignKeys(a, a)), serialize(alignKeys(b, a)));
  return options.context === undefined ? lines : withContext(lines, options.context);
}

function toLines(format: 'yaml' | 'json', v: unknown): string[] {
  if (v === undefined) return [];
  const text =
    format === 'json'
      ? JSON.stringify(v, null, 2)
      : stringify(v, { lineWidth: 0, indentSeq: false, aliasDuplicateObjects: false, sortMapEntries: false });
  return text.replace(/\n$/, '').split('\n');
}

function omitPaths(v: unknown, paths: readonly string[][]): unknown {
  if (!isObject(v) || paths.length === 0) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const here = paths.filter((p) => p[0] === k);
    if (here.some((p) => p.length === 1)) continue;
    out[k] = omitPaths(
      x,
      here.map((p) => p.slice(1)),
    );
  }
  return out;
}

/** `v` with its object keys ordered like `reference`'s (keys `reference` lacks last, in their own order). */
function alignKeys(v: unknown, reference: unknown): unknown {
  if (Array.isArray(v)) {
    const ref = Array.isArray(reference) ? reference : [];
    return v.map((x, i) => alignKeys(x, ref[i]));
  }
  if (!isObject(v)) return v;
  const ref = isObject(reference) ? reference : {};
  const keys = [
    ...Object.keys(ref).filter((k) => Object.hasOwn(v, k)),
    ...Object.keys(v).filter((k) => !Object.hasOwn(ref, k)),
  ];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (v[k] !== undefined) out[k] = alignKeys(v[k], ref[k]);
  return out;
}

type Op = { op: 'context'; a: number; b: number } | { op: 'remove'; a: number } | { op: 'add'; b: number };

/** Myers' O(ND) line diff, with common head and tail trimmed first; each change block shows removals before additions. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'context', a: i, b: i });
  for (const op of myers(midA, midB)) {
    if (op.op === 'context') ops.push({ op: 'context', a: op.a + head, b: op.b + head });
    else if (op.op === 'remove') ops.push({ op: 'remove', a: op.a + head });
    else ops.push({ op: 'add', b: op.b + head });
  }
  for (let i = 0; i < tail; i++) ops.push({ op: 'context', a: a.length - tail + i, b: b.length - tail + i });

  const out: DiffLine[] = [];
  let block: Op[] = [];
  const flush = () => {
    for (const op of block)
      if (op.op === 'remove') out.push({ op: 'remove', text: a[op.a]!, oldLine: op.a + 1 });
    for (const op of block) if (op.op === 'add') out.push({ op: 'add', text: b[op.b]!, newLine: op.b + 1 });
    block = [];
  };
  for (const op of ops) {
    if (op.op === 'context') {
      flush();
      out.push({ op: 'context', text: a[op.a]!, oldLine: op.a + 1, newLine: op.b + 1 });
    } else block.push(op);
  }
  flush();
  return out;
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return replaceAll(n, m);
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[k] for k in -d-1..d+1 as it was before step d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return replaceAll(n, m);
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const at = (k: number) => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: 'context', a: --x, b: --y });
    if (prevK === k + 1) ops.push({ op: 'add', b: --y });
    else ops.push({ op: 'remove', a: --x });
  }
  while (x > 0 && y > 0) ops.push({ op: 'context', a: --x, b: --y });
  return ops.reverse();
}

function replaceAll(n: number, m: number): Op[] {
  return [
    ...Array.from({ length: n }, (_, a): Op => ({ op: 'remove', a })),
    ...Array.from({ length: m }, (_, b): Op => ({ op: 'add', b })),
  ];
}

/** Keeps `context` unchanged lines around each change, dropping the rest (line numbers show the gaps). */
function withContext(lines: readonly DiffLine[], context: number): DiffLine[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.op === 'context') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  return lines.filter((_, i) => keep[i]);
}
