import type { FieldError } from '@sextant/contracts';
import { z } from 'zod';
import { invalidParams, type AppError } from '../errors.ts';

/**
 * Query and path parameters, validated at the boundary: every value is a single string checked by
 * a zod schema before anything else sees it; unknown parameters are refused by name, so a typo
 * (`namespace=` for `namespaces=`) is an error rather than a silently ignored setting.
 */

/** Longest parameter name or value echoed back in an error message. */
const ECHO_LIMIT = 64;

export function echo(value: string): string {
  return JSON.stringify(value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value);
}

type ParamShape = Record<string, z.ZodType<unknown, string | undefined>>;

/** Parses `raw` (Express' `req.query` or `req.params`) with `shape`; throws a 400 with `fieldErrors`. */
export function parseParams<S extends ParamShape>(
  shape: S,
  raw: unknown,
): { [K in keyof S]: z.output<S[K]> } {
  const input = (raw ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(shape, key)) {
      errors.push({
        path: key.length > ECHO_LIMIT ? `${key.slice(0, ECHO_LIMIT)}…` : key,
        message: 'unknown parameter',
      });
    } else if (typeof value !== 'string') {
      errors.push({ path: key, message: 'must be given once, as a plain value' });
    } else {
      strings[key] = value;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    if (errors.some((e) => e.path === key)) continue;
    const parsed = schema.safeParse(strings[key]);
    if (parsed.success) out[key] = parsed.data;
    else errors.push(...parsed.error.issues.map((issue) => ({ path: key, message: issue.message })));
  }
  if (errors.length) throw invalidParams(errors);
  return out as { [K in keyof S]: z.output<S[K]> };
}

/** An optional string parameter with a default, then parsed further by `then`. */
export function withDefault<T>(
  fallback: string,
  then: z.ZodType<T, string>,
): z.ZodType<T, string | undefined> {
  return z
    .string()
    .optional()
    .transform((v) => v ?? fallback)
    .pipe(then);
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes label value (what an app label may be), at least one character. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Checks one name; undefined when it is fine, else why not (never echoing more than ECHO_LIMIT). */
export function nameProblem(
  value: string,
  rule: 'namespace' | 'workload' | 'app' | 'service',
): string | undefined {
  const [max, pattern, describe] =
    rule === 'workload'
      ? [253, DNS1123_SUBDOMAIN, "a DNS-1123 subdomain: lower-case letters, digits, '-' and '.'"]
      : rule === 'app'
        ? [63, LABEL_VALUE, "a label value: letters, digits, '-', '_' and '.'"]
        : [63, DNS1123_LABEL, "a DNS-1123 label: lower-case letters, digits and '-'"];
  if (value === '') return 'must not be empty';
  if (value.length > max) return `${echo(value)} is longer than ${max} characters`;
  if (!pattern.test(value)) return `${echo(value)} is not ${describe}`;
  return undefined;
}

export const nameSchema = (rule: 'namespace' | 'workload' | 'app' | 'service') =>
  z.string().check((ctx) => {
    const problem = nameProblem(ctx.value, rule);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** `60s`, `10m`, `1h` -> seconds, within [min, max]. */
export function durationSchema(minSeconds: number, maxSeconds: number, plainSeconds = false) {
  const pattern = plainSeconds ? /^(\d{1,9})(s|m|h)?$/ : /^(\d{1,9})(s|m|h)$/;
  const shape = plainSeconds ? 'a number of seconds or look like 60s, 10m, 1h' : 'look like 60s, 10m or 1h';
  return z.string().transform((value, ctx) => {
    const match = pattern.exec(value);
    if (!match) {
      ctx.issues.push({ code: 'custom', message: `must ${shape}, got ${echo(value)}`, input: value });
      return z.NEVER;
    }
    const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
    if (seconds < minSeconds || seconds > maxSeconds) {
      ctx.issues.push({
        code: 'custom',
        message: `must be between ${minSeconds}s and ${maxSeconds}s, got ${echo(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return seconds;
  });
}

export const booleanSchema = z.string().transform((value, ctx) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  ctx.issues.push({ code: 'custom', message: `must be true or false, got ${echo(value)}`, input: value });
  return z.NEVER;
});

/** One of `values`, the message listing them. */
export function enumSchema<const T extends string>(values: readonly T[]) {
  return z.string().transform((value, ctx) => {
    if ((values as readonly string[]).includes(value)) return value as T;
    ctx.issues.push({
      code: 'custom',
      message: `must be one of ${values.join(', ')}, got ${echo(value)}`,
      input: value,
    });
    return z.NEVER;
  });
}

/** How far in the future a `queryTime` may be: clocks of browser and server disagree a little. */
export const QUERY_TIME_SLACK_SECONDS = 60;

/** Unix seconds (fractions allowed), positive, not more than a minute ahead of `nowSeconds`. */
export function queryTimeSchema(nowSeconds: () => number) {
  return z.string().transform((value, ctx) => {
    if (!/^\d{1,12}(\.\d{1,3})?$/.test(value) || Number(value) <= 0) {
      ctx.issues.push({
        code: 'custom',
        message: `must be a positive unix time in seconds, got ${echo(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    const time = Number(value);
    if (time > nowSeconds() + QUERY_TIME_SLACK_SECONDS) {
      ctx.issues.push({
        code: 'custom',
        message: `must not be in the future (server time is ${Math.floor(nowSeconds())})`,
        input: value,
      });
      return z.NEVER;
    }
    return time;
  });
}

/**
 * Kubernetes calls a resourceVersion opaque, but every API server built on k8s.io/apiserver issues
 * (and parses, before comparing) decimal numbers: its etcd revision. Anything else cannot be a
 * version Sextant handed out, so it is a wrong parameter (400), not a stale one (409).
 */
export function resourceVersionProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty';
  if (!/^\d{1,20}$/.test(value)) {
    return `must be a resourceVersion as Kubernetes gives it (a decimal number), got ${echo(value)}`;
  }
  return undefined;
}

export const resourceVersionSchema = z.string().check((ctx) => {
  const problem = resourceVersionProblem(ctx.value);
  if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/** A parameter that must be present, then parsed by `then`. */
export function required<T>(then: z.ZodType<T, string>): z.ZodType<T, string | undefined> {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .pipe(then);
}

/** A 400 for one parameter found wrong after parsing (e.g. a combination of values). */
export function invalidParamsAt(path: string, message: string): AppError {
  return invalidParams([{ path, message }]);
}

/**
 * The name of a metrics node (`{kind}` = apps | workloads | services) checked by its kind's rule:
 * app label values allow more than Kubernetes object names.
 */
export function assertNodeName(kind: 'apps' | 'workloads' | 'services', name: string): void {
  const rule = kind === 'apps' ? 'app' : kind === 'services' ? 'service' : 'workload';
  const problem = nameProblem(name, rule);
  if (problem !== undefined) throw invalidParamsAt('name', problem);
}

/** The step of a range query: the one asked for, or `defaultPoints` over the duration; 400 above `maxPoints`. */
export function rangeStep(
  durationSeconds: number,
  step: number | undefined,
  { defaultPoints, maxPoints }: { defaultPoints: number; maxPoints: number },
): number {
  const chosen = step ?? Math.max(1, Math.ceil(durationSeconds / defaultPoints));
  if (durationSeconds / chosen > maxPoints) {
    throw invalidParamsAt(
      'step',
      `gives more than ${maxPoints} points over ${durationSeconds}s; use a larger step`,
    );
  }
  return chosen;
}

/** `a,b,c`, each a namespace name, at least one; order and repeats do not matter. */
export const namespacesSchema = z.string().transform((value, ctx) => {
  const names = value.split(',');
  for (const name of names) {
    const problem = nameProblem(name, 'namespace');
    if (problem !== undefined) {
      ctx.issues.push({
        code: 'custom',
        message: name === '' ? `empty namespace name in ${echo(value)}` : problem,
        input: value,
      });
    }
  }
  return [...new Set(names)].sort();
});
