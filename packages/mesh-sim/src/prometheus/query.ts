/** A sample of an instant-vector result: its labels and value. */
export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

interface PromResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  error?: string;
  errorType?: string;
}

/** Instant query against Prometheus' HTTP API; throws on HTTP or PromQL errors. Scalars come back as one sample. */
export async function queryPrometheus(
  baseUrl: string,
  query: string,
  time?: number,
): Promise<VectorSample[]> {
  const params = new URLSearchParams({ query });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${baseUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  const body = (await res.json()) as PromResponse;
  if (body.status !== 'success' || !body.data) {
    throw new Error(
      `Prometheus query failed (${res.status} ${body.errorType ?? ''}): ${body.error ?? ''} [${query}]`,
    );
  }
  const { resultType, result } = body.data;
  if (resultType === 'scalar') {
    const [, v] = result as [number, string];
    return [{ metric: {}, value: Number(v) }];
  }
  if (resultType !== 'vector')
    throw new Error(`queryPrometheus expects an instant vector, got ${resultType}`);
  return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) => ({
    metric: s.metric,
    value: Number(s.value[1]),
  }));
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `query` until `accept` returns true for its result, and returns that result.
 * Tests use this instead of fixed sleeps: Prometheus' first scrape and `rate()` windows take a
 * variable time to fill. On timeout the error shows the last result so a wrong ratio is visible.
 */
export async function waitForQuery(
  baseUrl: string,
  query: string,
  accept: (samples: VectorSample[]) => boolean,
  { timeoutMs = 60_000, intervalMs = 500 }: WaitOptions = {},
): Promise<VectorSample[]> {
  const deadline = Date.now() + timeoutMs;
  let last: VectorSample[] | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await queryPrometheus(baseUrl, query);
      lastError = undefined;
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? String(lastError) : `last result: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for Prometheus query [${query}]; ${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Polls until the query returns at least one sample. */
export function waitForSamples(baseUrl: string, query: string, opts?: WaitOptions): Promise<VectorSample[]> {
  return waitForQuery(baseUrl, query, (s) => s.length > 0, opts);
}

/** Sum of the samples' values grouped by one label, e.g. to turn a `sum by (x)` result into a map. */
export function valuesByLabel(samples: readonly VectorSample[], label: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    const key = s.metric[label] ?? '';
    out.set(key, (out.get(key) ?? 0) + s.value);
  }
  return out;
}
