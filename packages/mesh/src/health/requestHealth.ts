import type { Finding } from './status.ts';
import type { Direction, RequestProtocol, Tolerance } from './tolerance.ts';
import { toleranceMatches } from './tolerance.ts';

/** Requests per second by response code, per protocol (gRPC keyed by gRPC status, `-` for none). */
export type RatesByCode = Readonly<Record<RequestProtocol, ReadonlyMap<string, number>>>;

/**
 * Findings for one set of request rates judged by `tolerances` seen from `direction`. A protocol
 * without requests yields nothing (so no traffic at all is NA, not Healthy).
 */
export function requestFindings(
  rates: RatesByCode,
  tolerances: readonly Tolerance[],
  direction: Direction,
): Finding[] {
  const findings: Finding[] = [];
  for (const protocol of ['http', 'grpc'] as const) {
    const byCode = rates[protocol];
    let total = 0;
    for (const r of byCode.values()) total += r;
    if (total <= 0) continue;
    findings.push({ status: 'Healthy' });
    for (const t of tolerances) {
      if (
        (t.protocol !== '*' && t.protocol !== protocol) ||
        (t.direction !== '*' && t.direction !== direction)
      )
        continue;
      let errors = 0;
      for (const [code, r] of byCode) if (toleranceMatches(t, code)) errors += r;
      const pct = (errors / total) * 100;
      if (pct <= 0) continue;
      const what = `${protocol.toUpperCase()} ${t.codes} ${formatPercent(pct)}%`;
      if (pct >= t.failure)
        findings.push({ status: 'Failure', reason: `${what} >= ${t.failure}% (failure)` });
      else if (pct >= t.degraded) {
        const limit = t.degraded > 0 ? `>= ${t.degraded}%` : '> 0%';
        findings.push({ status: 'Degraded', reason: `${what} ${limit} (degraded)` });
      }
    }
  }
  return findings;
}

/** One decimal, more for small shares so a nonzero error rate never reads as 0 %. */
export function formatPercent(pct: number): string {
  if (pct >= 1) return String(Math.round(pct * 10) / 10);
  return String(Number(pct.toPrecision(2)));
}
