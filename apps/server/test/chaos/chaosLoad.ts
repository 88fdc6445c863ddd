/**
 * A bounded stream of graph reads and config writes against a running server, for the chaos test:
 * it records what every request answered so the test can check, after the faults, that nothing
 * broke the contract (no 500, no stack trace, no hang) and that the cluster holds exactly the
 * writes the server acknowledged.
 */

/** Reads that cover the caches, Prometheus and both together. */
export const CHAOS_READS = [
  '/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&duration=60s',
  '/api/namespaces',
  '/api/namespaces/bookinfo/istio',
  '/api/namespaces/bookinfo/services',
  '/api/mesh/tls',
] as const;

export interface ReadOutcome {
  path: string;
  /** 0: no answer within the client's deadline, or the connection failed. */
  status: number;
  stale: boolean;
  /** `errors[]` of a graph answer. */
  graphErrors: number;
  /** What broke the contract in this answer, if anything. */
  problem?: string;
}

/** A write is one logical change; it may take several attempts (409 is retried on fresh data). */
export interface WriteOutcome {
  id: string;
  kind: 'append' | 'create';
  /** acknowledged: 2xx; refused: a definite failure (nothing written); unknown: may have been written. */
  result: 'acknowledged' | 'refused' | 'unknown';
  statuses: number[];
  problem?: string;
}

export interface ChaosReport {
  reads: ReadOutcome[];
  writes: WriteOutcome[];
}

export const LEDGER_NAME = 'chaos-ledger';
export const LEDGER_ANNOTATION = 'sextant.test/ledger';
const NS = 'bookinfo';
const VS_PATH = `/api/namespaces/${NS}/istio/virtualservices`;

export const chaosVirtualService = (name: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: NS },
  spec: {
    hosts: [`${name}.chaos.example.com`],
    http: [{ route: [{ destination: { host: 'reviews' } }] }],
  },
});

/** Signs of an internal error leaking: stack frames, source paths, module folders. */
const LEAK = /(\n\s+at |node_modules|\/work\/|\.ts:\d+|\.js:\d+:\d+)/;

interface Answer {
  status: number;
  headers: Headers | undefined;
  body: unknown;
  text: string;
  error?: string;
}

async function call(base: string, path: string, init: RequestInit, deadlineMs: number): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(deadlineMs) });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, body, text };
  } catch (err) {
    return { status: 0, headers: undefined, body: undefined, text: '', error: String(err) };
  }
}

/** What is wrong with an answer under the error contract, or undefined. */
export function contractProblem(answer: Answer): string | undefined {
  if (answer.status === 0) return `no answer: ${answer.error ?? ''}`;
  if (answer.status >= 500 && ![502, 503, 504].includes(answer.status)) return `HTTP ${answer.status}`;
  if (LEAK.test(answer.text)) return `internal detail leaked: ${answer.text.slice(0, 200)}`;
  if (answer.status >= 400) {
    const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string')
      return `HTTP ${answer.status} without the error envelope: ${answer.text.slice(0, 200)}`;
  }
  return undefined;
}

const outcomeOf = (answer: Answer): 'refused' | 'unknown' => {
  const details = (answer.body as { error?: { details?: { outcome?: unknown } } } | undefined)?.error
    ?.details;
  // No answer at all (our deadline): the server may still be writing.
  return answer.status === 0 || details?.outcome === 'unknown' ? 'unknown' : 'refused';
};

export interface ChaosLoadOptions {
  baseUrl: string;
  /** Pause between two reads (each reader) and two writes; default 200 ms. */
  pauseMs?: number;
  readers?: number;
  /** A request without an answer after this is a hang; default 30 s (above every server timeout). */
  deadlineMs?: number;
}

/**
 * Starts readers and one writer; `stop()` lets the requests in flight finish and returns every
 * outcome. The writer alternates appending its id to the ledger VirtualService's annotation
 * (GET, then PUT with the resourceVersion; a 409 is retried on fresh data) and creating a
 * VirtualService of its own.
 */
export function startChaosLoad(options: ChaosLoadOptions): {
  /** Grows as answers arrive. */
  report: ChaosReport;
  stop(): Promise<ChaosReport>;
} {
  const { baseUrl, pauseMs = 200, readers = 2, deadlineMs = 30_000 } = options;
  const report: ChaosReport = { reads: [], writes: [] };
  let running = true;
  const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));

  const reader = async (offset: number) => {
    for (let i = offset; running; i++) {
      const path = CHAOS_READS[i % CHAOS_READS.length]!;
      const answer = await call(baseUrl, path, {}, deadlineMs);
      const graph = answer.body as { errors?: unknown[] } | undefined;
      const problem = contractProblem(answer);
      report.reads.push({
        path,
        status: answer.status,
        stale: answer.headers?.get('sextant-stale-since') != null,
        graphErrors: path.includes('/graph') ? (graph?.errors?.length ?? 0) : 0,
        ...(problem ? { problem } : {}),
      });
      await pause();
    }
  };

  const append = async (id: string): Promise<WriteOutcome> => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await call(baseUrl, `${VS_PATH}/${LEDGER_NAME}`, {}, deadlineMs);
      statuses.push(current.status);
      const problem = contractProblem(current);
      if (current.status !== 200)
        return { id, kind: 'append', result: 'refused', statuses, ...(problem ? { problem } : {}) };
      const object = (
        current.body as {
          object: ReturnType<typeof chaosVirtualService> & {
            metadata: { annotations?: Record<string, string> };
          };
        }
      ).object;
      const ledger = object.metadata.annotations?.[LEDGER_ANNOTATION] ?? '';
      object.metadata.annotations = {
        ...object.metadata.annotations,
        [LEDGER_ANNOTATION]: ledger === '' ? id : `${ledger},${id}`,
      };
      const put = await call(
        baseUrl,
        `${VS_PATH}/${LEDGER_NAME}`,
        { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(object) },
        deadlineMs,
      );
      statuses.push(put.status);
      const putProblem = contractProblem(put);
      if (put.status === 200) return { id, kind: 'append', result: 'acknowledged', statuses };
      // Someone (kubectl, another tab) changed it first: nothing was written, try on fresh data.
      if (put.status === 409) continue;
      return {
        id,
        kind: 'append',
        result: outcomeOf(put),
        statuses,
        ...(putProblem ? { problem: putProblem } : {}),
      };
    }
    return { id, kind: 'append', result: 'refused', statuses };
  };

  const create = async (id: string): Promise<WriteOutcome> => {
    const answer = await call(
      baseUrl,
      VS_PATH,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chaosVirtualService(id)),
      },
      deadlineMs,
    );
    const problem = contractProblem(answer);
    const result = answer.status === 201 ? 'acknowledged' : outcomeOf(answer);
    return { id, kind: 'create', result, statuses: [answer.status], ...(problem ? { problem } : {}) };
  };

  const writer = async () => {
    for (let i = 0; running; i++) {
      report.writes.push(i % 2 === 0 ? await append(`w${i}`) : await create(`chaos-w${i}`));
      await pause();
    }
  };

  const tasks = [...Array.from({ length: readers }, (_, i) => reader(i * 2)), writer()];
  return {
    report,
    async stop() {
      running = false;
      await Promise.all(tasks);
      return report;
    },
  };
}

/**
 * What the cluster holds against what the server answered: every acknowledged write exactly once,
 * no refused write at all, an unknown outcome at most once. `ledger` is the ledger annotation's ids
 * in order; `names` the VirtualServices that exist.
 */
export function writeViolations(
  writes: readonly WriteOutcome[],
  ledger: readonly string[],
  names: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  const counts = new Map<string, number>();
  for (const id of ledger) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const write of writes) {
    const times = write.kind === 'append' ? (counts.get(write.id) ?? 0) : names.has(write.id) ? 1 : 0;
    const expected = { acknowledged: [1], refused: [0], unknown: [0, 1] }[write.result];
    if (!expected.includes(times))
      out.push(
        `${write.kind} ${write.id} (${write.result}, HTTP ${write.statuses.join('/')}) is in the cluster ${times} time(s)`,
      );
  }
  const attempted = new Set(writes.map((w) => w.id));
  for (const id of counts.keys()) if (!attempted.has(id)) out.push(`ledger holds ${id}, which no write sent`);
  return out;
}
