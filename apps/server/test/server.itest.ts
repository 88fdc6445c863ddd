import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorEnvelopeSchema, namespaceListSchema, readinessSchema } from '@sextant/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, startStack, type Stack } from '@sextant/testkit';
import {
  CHAOS_READS,
  chaosVirtualService,
  LEDGER_ANNOTATION,
  LEDGER_NAME,
  startChaosLoad,
  writeViolations,
  type ChaosReport,
} from './chaos/chaosLoad.ts';

const run = promisify(execFile);

/** The real server against the simulated cluster and a real Prometheus, all as child processes. */
describe('server against mesh-sim and Prometheus', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ scenario: 'bookinfo' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is ready with both upstreams reachable', async () => {
    const res = await fetch(`${stack.urls.sextant}/readyz`);
    expect(res.status).toBe(200);
    expect(readinessSchema.parse(await res.json()).checks).toEqual({
      kubernetes: { ok: true },
      prometheus: { ok: true },
    });
  });

  it('has Prometheus scraping the simulated Istio metrics', async () => {
    const samples = await stack.prometheus.waitForSamples('istio_requests_total{reporter="destination"}');
    expect(samples.length).toBeGreaterThan(0);
  });

  it('lists the simulated namespaces, as kubectl sees them', async () => {
    const res = await fetch(`${stack.urls.sextant}/api/namespaces`);
    expect(res.status).toBe(200);
    const namespaces = namespaceListSchema.parse(await res.json());
    const { stdout } = await run('kubectl', [
      '--kubeconfig',
      stack.kubeconfig,
      'get',
      'namespaces',
      '-o',
      'name',
    ]);
    const fromKubectl = stdout
      .trim()
      .split('\n')
      .map((line) => line.replace('namespace/', ''));
    expect(namespaces.map((ns) => ns.name)).toEqual([...fromKubectl].sort());
    expect(namespaces.find((ns) => ns.name === 'bookinfo')?.istioInjection).toBe(true);
  });

  it('follows namespaces added, relabelled and deleted with kubectl, through its watch', async () => {
    const kubectl = (args: string[], input?: string) => {
      const child = run('kubectl', ['--kubeconfig', stack.kubeconfig, ...args]);
      if (input !== undefined) child.child.stdin?.end(input);
      return child;
    };
    const itestNamespace = async () => {
      const body: unknown = await fetch(`${stack.urls.sextant}/api/namespaces`).then((r) => r.json());
      return namespaceListSchema.parse(body).find((ns) => ns.name === 'itest-watch');
    };
    const poll = { timeout: 10_000, interval: 100 };

    await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: itest-watch\n');
    await expect.poll(itestNamespace, poll).toMatchObject({ istioInjection: false });

    await kubectl(['label', 'namespace', 'itest-watch', 'istio.io/rev=canary']);
    await expect
      .poll(itestNamespace, poll)
      .toMatchObject({ labels: { 'istio.io/rev': 'canary' }, istioInjection: true });

    await kubectl(['delete', 'namespace', 'itest-watch']);
    await expect.poll(itestNamespace, poll).toBeUndefined();
  });

  it('serves its own metrics', async () => {
    const text = await fetch(`${stack.urls.sextant}/metrics`).then((r) => r.text());
    expect(text).toContain('sextant_http_requests_total{method="GET",route="/api/namespaces",status="200"}');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('answers 404 JSON for an unknown API route', async () => {
    const res = await fetch(`${stack.urls.sextant}/api/does-not-exist`);
    expect(res.status).toBe(404);
    expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe('NOT_FOUND');
  });

  /**
   * Chaos (issue 12): while a bounded stream of graph reads and config writes runs, Prometheus is
   * killed, frozen and restarted, and the Kubernetes API is stopped and overloaded and brought
   * back. Afterwards every read recovers by itself within RECOVERY_MS, every acknowledged write is
   * in the cluster exactly once, no refused write appeared, and no answer broke the error contract.
   */
  it('survives Prometheus killed and frozen and the Kubernetes API away, losing and doubling no write', async () => {
    const RECOVERY_MS = 60_000;
    const base = stack.urls.sextant;
    const graphPath = CHAOS_READS[0];
    const ledger = await fetch(`${base}/api/namespaces/bookinfo/istio/virtualservices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chaosVirtualService(LEDGER_NAME)),
    });
    expect(ledger.status).toBe(201);
    await stack.prometheus.waitForSamples('istio_requests_total{reporter="destination"}');

    const get = (path: string) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000) });
    const load = startChaosLoad({ baseUrl: base, readers: 4 });
    // A fault lasts until the load itself has felt it, so every fault meets reads (and writes).
    const faults: string[] = [];
    const fault = async (
      name: string,
      start: () => unknown,
      felt: (since: { reads: number; writes: number }) => boolean,
      end: () => unknown,
    ) => {
      const since = { reads: load.report.reads.length, writes: load.report.writes.length };
      await start();
      await waitUntil(`the load feels: ${name}`, async () => felt(since), 90_000);
      faults.push(name);
      await end();
    };
    const graphFailed = (since: { reads: number }) =>
      load.report.reads
        .slice(since.reads)
        .some((r) => r.path === graphPath && (r.status !== 200 || r.graphErrors > 0));
    const staleAndRefused = (since: { reads: number; writes: number }) =>
      load.report.reads.slice(since.reads).some((r) => r.stale) &&
      load.report.writes.slice(since.writes).some((w) => w.result !== 'acknowledged');

    let report: ChaosReport;
    try {
      await fault(
        'Prometheus killed (SIGKILL)',
        () => stack.prometheus.kill(),
        graphFailed,
        () => stack.prometheus.resume(),
      );
      await fault(
        'Prometheus frozen (SIGSTOP)',
        () => stack.prometheus.freeze(),
        graphFailed,
        () => stack.prometheus.thaw(),
      );
      await fault(
        'Kubernetes API stopped',
        () => stack.setKubeApiMode('down'),
        staleAndRefused,
        () => stack.setKubeApiMode('up'),
      );
      await fault(
        'Kubernetes API answering 503',
        () => stack.setKubeApiMode('unavailable'),
        staleAndRefused,
        () => stack.setKubeApiMode('up'),
      );
    } finally {
      stack.prometheus.thaw();
      await stack.prometheus.resume();
      await stack.setKubeApiMode('up');
      report = await load.stop();
    }
    expect(faults).toHaveLength(4);

    // Every read recovers by itself: fresh, complete, ready.
    const recoveredIn = await waitUntil(
      'every read answers 200, fresh, with a complete graph',
      async () => {
        const answers = await Promise.all([...CHAOS_READS, '/readyz'].map((path) => get(path)));
        if (answers.some((res) => res.status !== 200 || res.headers.has('sextant-stale-since'))) return false;
        const graph = (await answers[0]!.json()) as { errors?: unknown[] };
        return (graph.errors ?? []).length === 0;
      },
      RECOVERY_MS,
    );
    console.log(`chaos: reads recovered ${recoveredIn} ms after the last fault ended`);

    // No answer broke the contract: no 500, no stack trace or path, no request left hanging.
    expect(report.reads.filter((r) => r.problem)).toEqual([]);
    expect(report.writes.filter((w) => w.problem)).toEqual([]);
    // The faults were felt: stale answers, failed graph parts or statuses, refused writes.
    expect(report.reads.some((r) => r.stale)).toBe(true);
    expect(report.reads.some((r) => r.status !== 200 || r.graphErrors > 0)).toBe(true);
    const acknowledged = report.writes.filter((w) => w.result === 'acknowledged');
    expect(acknowledged.length).toBeGreaterThan(4);
    expect(report.writes.some((w) => w.result === 'refused')).toBe(true);
    console.log(
      `chaos: ${report.reads.length} reads, ${report.writes.length} writes ` +
        `(${acknowledged.length} acknowledged, ${report.writes.filter((w) => w.result === 'refused').length} refused, ` +
        `${report.writes.filter((w) => w.result === 'unknown').length} unknown)`,
    );

    // The cluster, read with kubectl, holds exactly the acknowledged writes.
    const stored = JSON.parse(
      await kubectl(stack.kubeconfig, ['get', 'virtualservices', '-n', 'bookinfo', '-o', 'json']),
    ) as { items: { metadata: { name: string; annotations?: Record<string, string> } }[] };
    const names = new Set(stored.items.map((o) => o.metadata.name));
    const ledgerIds = (
      stored.items.find((o) => o.metadata.name === LEDGER_NAME)?.metadata.annotations?.[LEDGER_ANNOTATION] ??
      ''
    )
      .split(',')
      .filter((id) => id !== '');
    expect(writeViolations(report.writes, ledgerIds, names)).toEqual([]);
    // And the server never went down itself.
    expect(await Promise.race([stack.crashed, Promise.resolve('running')])).toBe('running');
  });

  it('turns not ready, naming Prometheus, when Prometheus goes away; stop() is idempotent', async () => {
    await stack.prometheus.stop();
    const res = await fetch(`${stack.urls.sextant}/readyz`);
    expect(res.status).toBe(503);
    const { error } = errorEnvelopeSchema.parse(await res.json());
    expect(error.message).toMatch(/^Not ready: Prometheus: /);
    expect(error.message).not.toContain('Kubernetes');

    await Promise.all([stack.stop(), stack.stop()]);
    await expect(fetch(`${stack.urls.sextant}/healthz`)).rejects.toThrow();
    await expect(fetch(`${stack.urls.kubeApi}/version`)).rejects.toThrow();
  });
});

/** Polls `condition` every 250 ms until it holds; the time it took, or a failure naming `what`. */
async function waitUntil(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      if (await condition()) return Date.now() - start;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
