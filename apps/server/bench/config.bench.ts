/**
 * Istio config API latency on large meshes. Run: `npm run bench:config`
 * (options: --sizes 10,50,100 --services 20 --runs 20).
 *
 * For each size: mesh-sim's `generated` scenario (in this process) with a DestinationRule and a
 * VirtualService per service on top of its own config, a real Prometheus, and the server as a
 * child process exactly as `npm start` runs it. Prints p50/p95 of what an editor asks for: the
 * config list of one namespace (validated against the whole mesh), a PUT dry run of one
 * VirtualService (Kubernetes' dry run + our checks + the findings it adds to other objects, which
 * re-judges every object of the mesh twice), a set dry run of a new DestinationRule +
 * VirtualService, and a service's details; and the server's peak RSS.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startMeshSim, versionSubsetsRule, weightedRoute } from '@sextant/mesh-sim';
import { freeLoopbackPort, startPrometheus } from '@sextant/mesh-sim/prometheus';
import { startServer } from '@sextant/testkit';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,100' },
    services: { type: 'string', default: '20' },
    runs: { type: 'string', default: '20' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const services = Number(values.services);
const runs = Number(values.runs);

const percentile = (xs: readonly number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function peakRssMb(pid: number): Promise<number | undefined> {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** `runs` timings of `request`, which must answer `status`. */
async function measure(request: () => Promise<Response>, status: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const res = await request();
    const body = await res.text();
    out.push(performance.now() - start);
    if (res.status !== status)
      throw new Error(`expected ${status}, got ${res.status}: ${body.slice(0, 300)}`);
  }
  return out;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

interface Row {
  namespaces: number;
  objects: number;
  list: number[];
  putDryRun: number[];
  setDryRun: number[];
  service: number[];
  rssMb: number | undefined;
}

async function benchSize(n: number): Promise<Row> {
  const work = await mkdtemp(path.join(tmpdir(), 'sextant-bench-'));
  const cleanups: Array<() => Promise<void>> = [() => rm(work, { recursive: true, force: true })];
  try {
    const kubeconfig = path.join(work, 'kubeconfig.yaml');
    const routing = Array.from({ length: n }, (_, i) => `ns-${i}`).flatMap((ns) =>
      Array.from({ length: services }, (_, j) => `svc-${j}`).flatMap((svc) => [
        versionSubsetsRule(svc, ['v1'], ns),
        weightedRoute(svc, { v1: 100 }, { namespace: ns }),
      ]),
    );
    const sim = await startMeshSim({
      scenario: 'generated',
      generated: { namespaces: n, services },
      metricsPort: 0,
      kubeconfigOut: kubeconfig,
      objects: routing,
    });
    cleanups.push(() => sim.stop());
    const prometheus = await startPrometheus({ scrapeTargets: [new URL(sim.metrics!).host] });
    cleanups.push(() => prometheus.stop());
    const server = await startServer({
      port: await freeLoopbackPort(),
      prometheusUrl: prometheus.url,
      kubeconfig,
      staticDir: undefined,
      timeoutMs: 120_000,
    });
    cleanups.push(() => server.child.stop());

    const api = `${server.url}/api/namespaces/ns-0`;
    const list = await measure(() => fetch(`${api}/istio`), 200);
    const live = ((await (await fetch(`${api}/istio/virtualservices/svc-1`)).json()) as { object: unknown })
      .object;
    const putDryRun = await measure(
      () => fetch(`${api}/istio/virtualservices/svc-1?dryRun=true`, json('PUT', live)),
      200,
    );
    const set = [
      { ...versionSubsetsRule('svc-2', ['v1']), metadata: { name: 'bench-set' } },
      { ...weightedRoute('svc-2', { v1: 100 }), metadata: { name: 'bench-set' } },
    ];
    const setDryRun = await measure(
      () => fetch(`${api}/istio?dryRun=true`, json('POST', { objects: set })),
      200,
    );
    const service = await measure(() => fetch(`${api}/services/svc-1`), 200);
    return {
      namespaces: n,
      objects: routing.length,
      list,
      putDryRun,
      setDryRun,
      service,
      rssMb: await peakRssMb(server.child.pid),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  console.log(
    `Istio config API bench: generated meshes of ${sizes.join('/')} namespaces x ${services} services, ` +
      `a DestinationRule + VirtualService per service, ${runs} runs each`,
  );
  const rows: Row[] = [];
  for (const n of sizes) {
    const started = performance.now();
    rows.push(await benchSize(n));
    console.log(`  ${n} namespaces done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const p = (xs: number[]) => `${ms(percentile(xs, 0.5))} / ${ms(percentile(xs, 0.95))}`;
  console.table(
    rows.map((r) => ({
      namespaces: r.namespaces,
      'DR+VS objects': r.objects,
      'list one ns p50/p95': p(r.list),
      'PUT dry run p50/p95': p(r.putDryRun),
      'set dry run p50/p95': p(r.setDryRun),
      'service details p50/p95': p(r.service),
      'server peak RSS': r.rssMb === undefined ? 'n/a' : `${r.rssMb.toFixed(0)} MB`,
    })),
  );
}

await main();
