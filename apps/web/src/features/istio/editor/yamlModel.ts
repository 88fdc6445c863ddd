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
    const lines = text.split('\n');
    // An error found on a blank line (an unclosed `[` noticed at the end) belongs to the text above it.
    const nonBlankAtOrAbove = (line: number) => {
      let at = line;
      while (at > 1 && (lines[at - 1] ?? '').trim() === '') at--;
      return at;
    };
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: nonBlankAtOrAbove(lineCounter.linePos(e.pos[0]).line),
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

/**
 * `spec.http[0].route[1].destination.subset` -> ['spec','http',0,'route',1,'destination','subset'].
 * Kubernetes writes a map key holding dots in brackets (`metadata.labels[app.kubernetes.io/name]`).
 */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}

/**
 * The 1-based line of the deepest node of `path` found in `text` (a finding's path may point at a
 * field that is absent, e.g. a missing weight: then its closest present parent), or undefined.
 */
export function lineOfPath(text: string, path: string): number | undefined {
  return pathLocator(text)(path);
}

/**
 * `lineOfPath` for many paths of one text: parses once. A path whose node is missing lands on its
 * nearest present ancestor (the whole document for an empty path); undefined when `text` does not
 * parse.
 */
export function pathLocator(text: string): (path: string) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) return () => undefined;
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  return (path) => {
    let node = doc.contents as Node | null | undefined;
    let line = lineOf(node);
    for (const segment of splitPath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalarKey(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        line = lineOf(pair.key as Node) ?? line;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        line = lineOf(item) ?? line;
        node = item;
      } else break;
    }
    return line;
  };
}

const isScalarKey = (key: unknown): key is { value: unknown } =>
  typeof key === 'object' && key !== null && 'value' in key;
