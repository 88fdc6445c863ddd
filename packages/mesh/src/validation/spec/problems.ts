import type { FieldError } from '@sextant/contracts';
import { asArray, asRecord, type JsonRecord } from '../../cluster/json.ts';

/**
 * Where istiod's rules collect what they refuse: one `{path, message}` per problem, the path in
 * the same style as the cluster findings (`spec.http[0].retries.attempts`).
 */
export class Problems {
  readonly list: FieldError[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Adds `message` at `path` when it is a string (a rule's answer), nothing when undefined. */
  check(path: string, message: string | undefined): void {
    if (message !== undefined) this.add(path, message);
  }
}

/** The entries of a list field with their paths; a non-list yields nothing. */
export const entries = (value: unknown, path: string): [JsonRecord, string][] =>
  asArray(value).map((v, i) => [asRecord(v), `${path}[${i}]`]);

/** A map key in a path, bracketed when it holds a dot (as Kubernetes writes it). */
export const keyPath = (path: string, key: string): string =>
  key.includes('.') ? `${path}[${key}]` : `${path}.${key}`;

/** Whether a field is present at all (proto3 leaves an absent message nil, an empty one set). */
export const isSet = (record: JsonRecord, key: string): boolean =>
  record[key] !== undefined && record[key] !== null;

/** A number field as an integer, or undefined when absent; non-integers come back as NaN. */
export function intField(record: JsonRecord, key: string): number | undefined {
  const v = record[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isInteger(v) ? v : Number.NaN;
}
