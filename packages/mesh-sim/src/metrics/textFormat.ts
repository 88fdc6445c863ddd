/**
 * Pieces of the Prometheus text exposition format (version 0.0.4), kept separate from the
 * registry so the escaping rules are tested on their own.
 */
export const TEXT_FORMAT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values escape backslash, double quote and line feed; nothing else. */
export function escapeLabelValue(value: string): string {
  // Fast path: Istio label values almost never need escaping, and this runs for every new series.
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `a="x",b="y"`: the inside of the braces, in the given order. */
export function joinLabels(names: readonly string[], values: readonly string[]): string {
  if (names.length !== values.length)
    throw new Error(`label arity mismatch: ${names.length} names, ${values.length} values`);
  let out = '';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${names[i]}="${escapeLabelValue(values[i]!)}"`;
  }
  return out;
}

/** Sample values as Prometheus writes them: integers without a fraction, `+Inf`, `-Inf`, `NaN`. */
export function formatSampleValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}
