const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/**
 * Milliseconds of an Istio duration string: Go-style (`1.5s`, `100ms`, `1m30s`), which also covers
 * protobuf's JSON form (`0.100s`). Undefined for anything else, so callers treat it as unset.
 */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (
    trimmed === '' ||
    !/^(\d+(\.\d+)?|\.\d+)(h|ms|m|s|us|µs|ns)((\d+(\.\d+)?|\.\d+)(h|ms|m|s|us|µs|ns))*$/.test(trimmed)
  ) {
    return undefined;
  }
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?|\.\d+)(h|ms|m|s|us|µs|ns)/g))
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}
