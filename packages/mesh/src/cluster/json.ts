/** Narrowing readers for Kubernetes JSON, which arrives as `unknown` past its metadata. */

export type JsonRecord = Readonly<Record<string, unknown>>;

export const asRecord = (v: unknown): JsonRecord =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonRecord) : {};

export const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** A string-to-string map (labels, annotations, selectors); non-string values are dropped. */
export function asStringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(asRecord(v))) if (typeof value === 'string') out[k] = value;
  return out;
}

export const asStringList = (v: unknown): string[] =>
  asArray(v).filter((x): x is string => typeof x === 'string');
