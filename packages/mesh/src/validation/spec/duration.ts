/**
 * Durations as istiod reads them: the CRD's `duration(self)` and Go's `time.ParseDuration` accept
 * `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us (µs), ms, s, m, h, and a bare `0`. Values are
 * nanoseconds as a bigint, so precision checks (`only durations to ms precision`) are exact.
 */
const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NANOS = 2n ** 63n - 1n;

export type ParsedDuration = { ok: true; nanos: bigint } | { ok: false; message: string };

export function parseDuration(text: string): ParsedDuration {
  const bad = (why: string): ParsedDuration => ({ ok: false, message: `invalid duration "${text}": ${why}` });
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanos: 0n };
  if (s === '') return bad('empty');
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = m?.[1] ?? '';
    const frac = m?.[2];
    if (whole === '' && (frac === undefined || frac === '')) return bad('expected a number');
    s = s.slice(m?.[0].length ?? 0);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (unit === '') return bad('missing unit (one of ns, us, ms, s, m, h)');
    const scale = UNIT_NANOS[unit];
    if (scale === undefined) return bad(`unknown unit "${unit}" (one of ns, us, ms, s, m, h)`);
    s = s.slice(unit.length);
    let nanos = BigInt(whole || '0') * scale;
    if (frac) nanos += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    total += nanos;
    if (total > MAX_NANOS) return bad('out of range');
  }
  return { ok: true, nanos: negative ? -total : total };
}

const MS = 1_000_000n;

/**
 * istiod's `ValidateDuration` (and the CRD's `duration(self) >= duration('1ms')`): a duration string
 * of at least 1ms, to whole milliseconds. Undefined when valid, else why not.
 */
export function durationProblem(value: unknown): string | undefined {
  if (typeof value !== 'string')
    return `must be a duration string such as "5s" or "250ms", got ${JSON.stringify(value)}`;
  const parsed = parseDuration(value);
  if (!parsed.ok) return `${parsed.message}; use a duration such as "5s" or "250ms"`;
  if (parsed.nanos < MS) return `duration must be at least 1ms, got "${value}"`;
  if (parsed.nanos % MS !== 0n) return `only durations to ms precision are supported, got "${value}"`;
  return undefined;
}

/** The nanoseconds of a valid duration string, for checks beyond `durationProblem` (seconds precision). */
export function durationNanos(value: unknown): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.nanos : undefined;
}
