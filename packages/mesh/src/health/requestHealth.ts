import type { Finding } from './status.ts';
import type { Direction, RequestProtocol, Tolerance } from './tolerance.ts';
import { toleranceMatches } from './tolerance.ts';

/** Requests per second by response code, per protocol (gRPC keyed by gRPC status, `-` for none). */
export type RatesByCode = Readonly<Record<RequestProtocol, ReadonlyMap<string, number>>>;

/**
 * Which rate a request sample counts toward: gRPC is judged by its gRPC status (`-`: none, a reset),
 * HTTP by its code (`0`: no response); TCP samples are not requests (undefined).
 */
export function healthCodeOf(
  metric: Readonly<Record<string, string>>,
): { protocol: RequestProtocol; code: string } | undefined {
  const protocol = metric['request_protocol'];
  if (protocol === 'tcp') return undefined;
  return protocol === 'grpc'
    ? { protocol: 'grpc', code: metric['grpc_response_status'] || '-' }
    : { protocol: 'http', code: metric['response_code'] ?? '0' };
}

/**
 * Findings for one set of request rates judged by `tolerances` seen from `direction`. A protocol
 * without requests yields nothing (so no traffic at all is NA, not Healthy). `sayDirection` names
 * the direction in the reason ("of outbound HTTP requests"), for a judge of both directions at once.
 */
export function requestFindings(
  rates: RatesByCode,
  tolerances: readonly Tolerance[],
  direction: Direction,
  sayDirection = false,
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
      const what = `${formatPercent(pct)}% of ${sayDirection ? `${direction} ` : ''}${protocol === 'http' ? 'HTTP' : 'gRPC'} requests ${describeCodes(t.codes, protocol)}`;
      if (pct >= t.failure)
        findings.push({ status: 'Failure', reason: `${what} (failing at ${t.failure}% or more)` });
      else if (pct >= t.degraded) {
        const limit = t.degraded > 0 ? `at ${t.degraded}% or more` : 'above 0%';
        findings.push({ status: 'Degraded', reason: `${what} (degraded ${limit})` });
      }
    }
  }
  return findings;
}

/** `5XX|0` -> "got 5xx or no response": tolerance code patterns in words a reader of the side panel knows. */
export function describeCodes(codes: string, protocol: RequestProtocol): string {
  const parts = codes.split('|').map((code) => {
    if (code === '0' && protocol === 'http') return 'no response';
    if (code === '-') return 'no status';
    if (/^\d[X\d]{2}$/i.test(code)) return code.toLowerCase();
    return protocol === 'grpc' ? `status ${code}` : `code ${code}`;
  });
  const listed = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)!}` : parts[0]!;
  return `got ${listed}`;
}

/** One decimal, more for small shares so a nonzero error rate never reads as 0 %. */
export function formatPercent(pct: number): string {
  if (pct >= 1) return String(Math.round(pct * 10) / 10);
  return String(Number(pct.toPrecision(2)));
}

/** Whether a reason is a request finding at the failure level ("… (failing at 10% or more)"). */
export const isFailingRequestReason = (reason: string): boolean =>
  / \(failing at [\d.]+% or more\)$/.test(reason);
