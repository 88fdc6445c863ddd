import { isMap, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';

export interface YamlProblem {
  /** 1-based. */
  line: number;
  message: string;
}

export type YamlParse = { ok: true; value: unknown } | { ok: false; errors: YamlProblem[] };

/** The editor's serialization: the same block style kubectl prints. */
export const toYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });

/** Parses one YAML document; syntax errors come with their line. */
export function parseYaml(text: string): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0]!,
      })),
    };
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [{ line: 1, message: 'The document must be a mapping (an Istio object)' }] };
  }
  return { ok: true, value };
}

/** `spec.http[0].route[1].destination.subset` -> ['spec','http',0,'route',1,'destination','subset']. */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
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

/**
 * The 1-based line of the deepest node of `path` found in `text` (a finding's path may point at a
 * field that is absent, e.g. a missing weight: then its closest present parent), or undefined.
 */
export function lineOfPath(text: string, path: string): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) return undefined;
  let node = doc.contents as Node | null | undefined;
  let line: number | undefined = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const segment of splitPath(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalarKey(p.key) && p.key.value === segment);
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) line = lineCounter.linePos(key.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      if (item.range) line = lineCounter.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}

const isScalarKey = (key: unknown): key is { value: unknown } =>
  typeof key === 'object' && key !== null && 'value' in key;
