import type { IstioObjectJson, Validation } from '@sextant/contracts';
import {
  mergeThreeWay,
  SERVER_MANAGED_PATHS,
  validateIstioSpec,
  virtualServiceToForm,
  type MergeResult,
  type VirtualServiceForm,
} from '@sextant/mesh';
import type { YamlProblem } from './yamlModel.ts';

/** A problem the editor finds before asking the server; `path` is dotted like the server's findings. */
export interface LocalProblem {
  path: string;
  message: string;
  /** Where it comes from, shown with the message; `istio` for what istiod itself would refuse. */
  source?: string;
}

/** The field a path ends in (`spec.http[0].retries.attempts` -> `attempts`), for messages. */
const fieldName = (path: string) => /([^.[\]]+)(?:\[\d+\])?$/.exec(path)?.[1] ?? path;

/**
 * What istiod's validating webhook would refuse (`validateIstioSpec`, the same rules the server
 * applies): found while typing, without a round trip, and never overruled.
 */
export function istioProblems(obj: unknown): LocalProblem[] {
  if (!isObject(obj) || typeof obj.kind !== 'string') return [];
  return validateIstioSpec(obj as unknown as IstioObjectJson).map((e) => ({
    path: e.path,
    message: `${fieldName(e.path)}: ${e.message}`,
    source: 'istio',
  }));
}

/**
 * Weighted routes whose weights do not sum to 100. The server only warns about them (Istio
 * normalizes), but an editor that lets "70/20" through hides a typo, so the editor refuses it.
 */
export function weightProblems(form: VirtualServiceForm): LocalProblem[] {
  const check = (kind: 'http' | 'tcp', destinations: readonly { weight?: number }[], i: number) => {
    const weighted = destinations.length > 1 || destinations.some((d) => d.weight !== undefined);
    if (!weighted) return [];
    const sum = destinations.reduce((s, d) => s + (d.weight ?? 0), 0);
    const label = kind === 'http' ? 'HTTP' : 'TCP';
    return sum === 100
      ? []
      : [
          {
            path: `spec.${kind}[${i}].route`,
            message: `${label} route ${i + 1}: weights sum to ${sum}, not 100`,
          },
        ];
  };
  return [
    ...form.http.flatMap((route, i) => check('http', route.destinations, i)),
    ...form.tcp.flatMap((route, i) => check('tcp', route.destinations, i)),
  ];
}

/**
 * Header conditions without a name would be written as an empty header key, which matches nothing
 * useful; a URI or method condition with an empty value (`uri: {exact: ''}`, typed in the YAML or
 * read from the cluster) matches nothing or everything depending on the proxy.
 */
export function matchProblems(form: VirtualServiceForm): LocalProblem[] {
  return form.http.flatMap((route, i) =>
    route.matches.flatMap((m, j) => {
      const at = `spec.http[${i}].match[${j}]`;
      const out: LocalProblem[] = [];
      if (m.headers.some((h) => h.name.trim() === '')) {
        out.push({
          path: `${at}.headers`,
          message: `HTTP route ${i + 1}, match ${j + 1}: every header condition needs a name`,
        });
      }
      for (const field of ['uri', 'method'] as const) {
        if (m[field] !== undefined && m[field].value.trim() === '') {
          out.push({ path: `${at}.${field}`, message: matchValueMessage(`HTTP route ${i + 1}`, j, field) });
        }
      }
      return out;
    }),
  );
}

/** "HTTP route 1, match 2: the URI needs a value" (`match` counts from 0). */
export const matchValueMessage = (routeLabel: string, match: number, field: 'uri' | 'method') =>
  `${routeLabel}, match ${match + 1}: the ${field === 'uri' ? 'URI' : 'method'} needs a value`;

export function localProblems(obj: unknown): LocalProblem[] {
  const istio = istioProblems(obj);
  if (!isObject(obj) || obj.kind !== 'VirtualService') return istio;
  const form = virtualServiceToForm(obj as unknown as IstioObjectJson);
  return [...istio, ...weightProblems(form), ...matchProblems(form)];
}

export const hasIstioProblems = (problems: readonly LocalProblem[]): boolean =>
  problems.some((p) => p.source === 'istio');

/** Why Apply is disabled, in the words the button shows; empty: it is enabled. */
export function applyBlockers(input: {
  viewOnly: boolean;
  /** Why writes are refused (view-only mode or the user's RBAC); the view-only sentence by default. */
  refusedReason?: string | undefined;
  syntaxErrors: readonly YamlProblem[];
  localProblems: readonly LocalProblem[];
  reviewed: boolean;
  validations: readonly Validation[];
  unchanged: boolean;
}): string[] {
  if (input.viewOnly) return [input.refusedReason ?? 'Sextant runs view-only: changes cannot be saved'];
  const out: string[] = [];
  if (input.syntaxErrors.length > 0)
    out.push(`Fix ${plural(input.syntaxErrors.length, 'YAML syntax error')} first`);
  if (input.localProblems.length > 0) out.push(...input.localProblems.map((p) => p.message));
  if (out.length > 0) return out;
  if (input.unchanged) return ['Nothing changed yet'];
  if (!input.reviewed) return ['Review the changes (dry run) before applying'];
  const errors = input.validations.filter((v) => v.severity === 'error').length;
  if (errors > 0) out.push(`The dry run found ${plural(errors, 'error')}`);
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * My edit re-done on `current` (the version someone else saved meanwhile): a three-way merge of
 * `loaded` -> `edited` onto `current`, so their changes stay wherever I did not touch the same
 * field (their labels, their corsPolicy, a subset they added). Fields both of us changed keep my
 * value and come back as `conflicts` for the user to decide; `current`'s resourceVersion goes
 * with the next PUT.
 */
export function rebaseOnto(
  loaded: IstioObjectJson,
  edited: IstioObjectJson,
  current: IstioObjectJson,
): MergeResult<IstioObjectJson> {
  const { merged, conflicts } = mergeThreeWay(loaded, edited, current);
  const resourceVersion = current.metadata.resourceVersion;
  return {
    merged: { ...merged, metadata: { ...merged.metadata, resourceVersion } },
    // Bookkeeping the server rewrites on every save is not a field anyone chose a value for.
    conflicts: conflicts.filter(
      (c) => !SERVER_MANAGED_PATHS.some((p) => c.path === p || c.path.startsWith(`${p}.`)),
    ),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
