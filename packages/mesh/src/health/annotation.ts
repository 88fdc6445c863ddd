import type { Direction, RequestProtocol, Tolerance } from './tolerance.ts';
import { parseCodeList } from './tolerance.ts';

/** Per-object override of the error-rate tolerances, on a Deployment, Service or Namespace. */
export const HEALTH_RATE_ANNOTATION = 'health.sextant.io/rate';

/** Why an annotation (or config string) was refused; `entry` is the 1-based `;`-separated entry. */
export type RateAnnotationError =
  | { kind: 'empty' }
  | { kind: 'fieldCount'; entry: number; found: number }
  | { kind: 'emptyCodes'; entry: number }
  | { kind: 'badCode'; entry: number; code: string }
  | { kind: 'badNumber'; entry: number; field: 'degraded' | 'failure'; value: string }
  | { kind: 'thresholdOrder'; entry: number; degraded: number; failure: number }
  | { kind: 'badProtocol'; entry: number; value: string }
  | { kind: 'badDirection'; entry: number; value: string };

export type RateAnnotationResult =
  { ok: true; tolerances: Tolerance[] } | { ok: false; errors: RateAnnotationError[] };

/**
 * Parses `<codes>/<degraded %>/<failure %>[/<protocol>[/<direction>]]`, entries separated by `;`,
 * e.g. `5XX|0/5/10/http/inbound;4XX/30/50/http`. Every entry is checked; all errors are returned.
 */
export function parseRateAnnotation(text: string): RateAnnotationResult {
  const entries = text
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) return { ok: false, errors: [{ kind: 'empty' }] };
  const tolerances: Tolerance[] = [];
  const errors: RateAnnotationError[] = [];
  entries.forEach((raw, i) => {
    const entry = i + 1;
    const fields = raw.split('/').map((f) => f.trim());
    if (fields.length < 3 || fields.length > 5) {
      errors.push({ kind: 'fieldCount', entry, found: fields.length });
      return;
    }
    const [codes = '', degradedText = '', failureText = '', protocolText = '*', directionText = '*'] = fields;
    const before = errors.length;
    const parsedCodes = parseCodeList(codes);
    if (!parsedCodes.ok) {
      errors.push(
        parsedCodes.error.kind === 'emptyCodes'
          ? { kind: 'emptyCodes', entry }
          : { kind: 'badCode', entry, code: parsedCodes.error.code },
      );
    }
    const degraded = percent(degradedText);
    if (degraded === undefined)
      errors.push({ kind: 'badNumber', entry, field: 'degraded', value: degradedText });
    const failure = percent(failureText);
    if (failure === undefined)
      errors.push({ kind: 'badNumber', entry, field: 'failure', value: failureText });
    if (degraded !== undefined && failure !== undefined && degraded > failure) {
      errors.push({ kind: 'thresholdOrder', entry, degraded, failure });
    }
    const protocol = parseProtocol(protocolText.toLowerCase());
    if (protocol === undefined) errors.push({ kind: 'badProtocol', entry, value: protocolText });
    const direction = parseDirection(directionText.toLowerCase());
    if (direction === undefined) errors.push({ kind: 'badDirection', entry, value: directionText });
    if (errors.length > before || !parsedCodes.ok || degraded === undefined || failure === undefined) return;
    if (protocol === undefined || direction === undefined) return;
    tolerances.push({ codes, matchers: parsedCodes.matchers, degraded, failure, protocol, direction });
  });
  return errors.length ? { ok: false, errors } : { ok: true, tolerances };
}

function percent(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 100 ? n : undefined;
}

function parseProtocol(text: string): RequestProtocol | '*' | undefined {
  return text === 'http' || text === 'grpc' || text === '*' ? text : undefined;
}

function parseDirection(text: string): Direction | '*' | undefined {
  return text === 'inbound' || text === 'outbound' || text === '*' ? text : undefined;
}

/** One line per error, for `errors[]` of a graph or a log. */
export function describeRateAnnotationError(e: RateAnnotationError): string {
  switch (e.kind) {
    case 'empty':
      return 'no tolerance given';
    case 'fieldCount':
      return `entry ${e.entry}: expected <codes>/<degraded>/<failure>[/<protocol>[/<direction>]], found ${e.found} field(s)`;
    case 'emptyCodes':
      return `entry ${e.entry}: no response code given`;
    case 'badCode':
      return `entry ${e.entry}: "${e.code}" is not a code (use digits and X like 5XX, a range like 1-16, or -)`;
    case 'badNumber':
      return `entry ${e.entry}: ${e.field} "${e.value}" is not a percentage between 0 and 100`;
    case 'thresholdOrder':
      return `entry ${e.entry}: degraded ${e.degraded}% is above failure ${e.failure}%`;
    case 'badProtocol':
      return `entry ${e.entry}: protocol "${e.value}" is not http, grpc or *`;
    case 'badDirection':
      return `entry ${e.entry}: direction "${e.value}" is not inbound, outbound or *`;
  }
}

/** Where a tolerance list may come from, most specific first (workload or service, then namespace). */
export interface AnnotatedObject {
  /** e.g. `workload bookinfo/reviews-v1`, used in error messages. */
  describe: string;
  annotations: Readonly<Record<string, string>>;
}

export interface ResolvedTolerances {
  tolerances: readonly Tolerance[];
  /** Bad annotations met on the way, already described; the next source was used instead. */
  errors: string[];
}

/** The first valid annotation among `objects` wins; without one, the configured tolerances apply. */
export function resolveTolerances(
  objects: readonly AnnotatedObject[],
  configured: readonly Tolerance[],
): ResolvedTolerances {
  const errors: string[] = [];
  for (const o of objects) {
    const text = o.annotations[HEALTH_RATE_ANNOTATION];
    if (text === undefined) continue;
    const parsed = parseRateAnnotation(text);
    if (parsed.ok) return { tolerances: parsed.tolerances, errors };
    errors.push(
      `${o.describe}: ignoring annotation ${HEALTH_RATE_ANNOTATION}: ${parsed.errors.map(describeRateAnnotationError).join('; ')}`,
    );
  }
  return { tolerances: configured, errors };
}
