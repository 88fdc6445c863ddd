/**
 * Graph API latency against generated meshes. Run: `npm run bench:graph`
 * (options: --sizes 10,50,100 --services 20 --runs 10 --scrape 5 --duration 1m).
 *
 * For each size: mesh-sim's `generated` scenario (in this process) with traffic, a real Prometheus
 * scraping it, and the server as a child process exactly as `npm start` runs it. Prints the graph
 * API latency (the first request of a fresh server, then p50/p95 of warm runs, each at a distinct
 * queryTime so no result is reused) next to the time Prometheus alone takes for the same queries
 * at the same concurrency, Kiali's query pattern on the same Prometheus at the same time (12
 * sequential instant queries per namespace: kialiPattern.ts) and the ratio, the scope-first graph
 * of the same namespaces (one node each, two queries), the graph's size, and the server's peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { graphSchema } from '@sextant/contracts';
import { graphQueries, parseAppenders } from '@sextant/mesh';
import { startMeshSim } from '@sextant/mesh-sim';
import { freeLoopbackPort, startPrometheus } from '@sextant/mesh-sim/prometheus';
import { REPO_ROOT, SERVER_BUNDLE, startServer } from '@sextant/testkit';
import { DEFAULT_GRAPH_QUERY_PARTS } from '../src/settings.ts';
import { kialiGraphQueries } from './kialiPattern.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,100' },
    services: { type: 'string', default: '20' },
    runs: { type: 'string', default: '10' },
    /** Istio's default scrape interval (its Prometheus addon's). */
    scrape: { type: 'string', default: '15' },
    duration: { type: 'string', default: '1m' },
    /** Namespaces per scrape target: the exporter is scraped in parts, as Istio's sidecars are pod by pod. */
    'namespaces-per-target': { type: 'string', default: '10' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const services = Number(values.services);
const runs = Number(values.runs);
const scrapeSeconds = Number(values.scrape);
const duration = values.duration;
const namespacesPerTarget = Number(values['namespaces-per-target']);
const durationSeconds =
  Number(/^(\d+)/.exec(duration)![1]) * ({ s: 1, m: 60, h: 3600 }[duration.slice(-1)] ?? 1);
const APPENDERS = 'deadNode,health,istio,meshCheck,responseTime,securityPolicy,serviceEntry,throughput';
/** The server's default concurrency for one graph's queries. */
const CONCURRENCY = 4;

const percentile = (xs: readonly number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

/** Peak resident set size of a process, from Linux' /proc (undefined elsewhere). */
async function peakRssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The web app's graph queries at `time`, split as the server splits them unless `parts` says otherwise. */
function webAppQueries(namespaces: readonly string[], time: number, parts = DEFAULT_GRAPH_QUERY_PARTS) {
  return graphQueries({
    namespaces,
    durationSeconds,
    queryTime: time,
    quantile: 0.95,
    appenders: parseAppenders(APPENDERS),
    parts,
  }).queries;
}

/** The graph's queries straight to Prometheus, `CONCURRENCY` at a time, as the server sends them. */
async function rawPrometheus(
  url: string,
  namespaces: string[],
  time: number,
  parts = DEFAULT_GRAPH_QUERY_PARTS,
): Promise<void> {
  const queries = webAppQueries(namespaces, time, parts);
  let next = 0;
  const worker = async () => {
    while (next < queries.length) {
      const query = queries[next++]!;
      const res = await fetch(`${url}/api/v1/query`, {
        method: 'POST',
        body: new URLSearchParams({ query: query.promql, time: String(time) }),
      });
      if (!res.ok) throw new Error(`Prometheus ${res.status}: ${await res.text()}`);
      await res.json();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * Each of the graph's queries alone (one at a time, `runs` times, at the runs' query times): what
 * each costs Prometheus and how many series it answers, so a reshaping aims at the right one.
 */
async function perQuery(
  url: string,
  namespaces: string[],
  times: number[],
): Promise<Array<{ query: string; p50: number; series: number }>> {
  const out = [];
  const plans = times.map((time) => webAppQueries(namespaces, time));
  const ids = plans[0]!.map((q) => q.id);
  for (const [i, id] of ids.entries()) {
    const parts = ids.filter((x) => x === id).length;
    const name =
      parts > 1 ? `${id} (part ${ids.slice(0, i + 1).filter((x) => x === id).length} of ${parts})` : id;
    const took: number[] = [];
    let series = 0;
    for (const [k, time] of times.entries()) {
      const [t, body] = await timed(async () => {
        const res = await fetch(`${url}/api/v1/query`, {
          method: 'POST',
          body: new URLSearchParams({ query: plans[k]![i]!.promql, time: String(time) }),
        });
        if (!res.ok) throw new Error(`Prometheus ${res.status} for ${id}: ${await res.text()}`);
        return (await res.json()) as { data: { result: unknown[] } };
      });
      took.push(t);
      series = body.data.result.length;
    }
    out.push({ query: name, p50: percentile(took, 0.5), series });
  }
  return out;
}

/** Kiali's pattern: its instant queries one after the other (kialiPattern.ts). */
async function kialiPattern(url: string, namespaces: string[], time: number): Promise<number> {
  const queries = kialiGraphQueries(namespaces, durationSeconds);
  for (const query of queries) {
    const res = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({ query, time: String(time) }),
    });
    if (!res.ok) throw new Error(`Prometheus ${res.status} for Kiali's ${query}: ${await res.text()}`);
    await res.json();
  }
  return queries.length;
}

async function graph(
  url: string,
  query: string,
  route = '/api/namespaces/graph',
): Promise<{ nodes: number; edges: number }> {
  const res = await fetch(`${url}${route}?${query}`);
  if (res.status !== 200) throw new Error(`graph ${res.status}: ${await res.text()}`);
  const g = graphSchema.parse(await res.json());
  if (g.errors?.length) console.warn(`  graph errors: ${g.errors.map((e) => e.message).join('; ')}`);
  return { nodes: g.elements.nodes.length, edges: g.elements.edges.length };
}

interface Row {
  namespaces: number;
  nodes: number;
  edges: number;
  cold: number;
  p50: number;
  p95: number;
  rawP50: number;
  rawP95: number;
  unsplitP50: number;
  kialiP50: number;
  kialiQueries: number;
  /** The scope-first graph (one node per namespace) of the same namespaces. */
  scopeP50: number;
  scopeNodes: number;
  /** Scrape targets the exporter was split into, and the slowest scrape of any (Prometheus' own). */
  targets: number;
  scrapeMaxS: number;
  rssMb: number | undefined;
  /** This process's peak so far: mesh-sim runs in it (what the 100-namespace run once ran out of). */
  simRssMb: number | undefined;
}

/** The running size's cleanups: Ctrl-C or a kill stops its Prometheus and server too (no orphans). */
let running: Array<() => Promise<void>> = [];
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a second signal (tsx relays the one the whole group got) must not kill us mid-cleanup.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      for (const cleanup of [...running].reverse()) await cleanup().catch(() => undefined);
      process.exit(130);
    })();
  });
}

async function benchSize(n: number): Promise<Row> {
  const work = await mkdtemp(path.join(tmpdir(), 'sextant-bench-'));
  const cleanups: Array<() => Promise<void>> = [() => rm(work, { recursive: true, force: true })];
  running = cleanups;
  try {
    const kubeconfig = path.join(work, 'kubeconfig.yaml');
    const sim = await startMeshSim({
      scenario: 'generated',
      generated: { namespaces: n, services },
      metricsPort: 0,
      kubeconfigOut: kubeconfig,
    });
    cleanups.push(() => sim.stop());
    const targets = Math.max(1, Math.ceil(n / namespacesPerTarget));
    const prometheus = await startPrometheus({
      scrapeTargets: [new URL(sim.metrics!).host],
      scrapeIntervalSeconds: scrapeSeconds,
      shards: targets,
    });
    cleanups.push(() => prometheus.stop());
    const server = await startServer({
      port: await freeLoopbackPort(),
      prometheusUrl: prometheus.url,
      kubeconfig,
      staticDir: undefined,
      timeoutMs: 60_000,
      // As production runs it: compiled, plain node (tsx's loader alone added ~100 MB of RSS).
      compiled: true,
    });
    cleanups.push(() => server.child.stop());

    // A few scrapes, so rate() over the window has data everywhere.
    // A few successful scrapes of every target (`up` is 0 for a scrape that timed out).
    await prometheus.waitFor('min(sum_over_time(up[5m]))', (s) => (s[0]?.value ?? 0) >= 3, {
      timeoutMs: 20 * scrapeSeconds * 1000,
      intervalMs: 500,
    });

    const namespaces = Array.from({ length: n }, (_, i) => `ns-${i}`);
    // The web app's request: versioned apps, service nodes and the appenders its pages show.
    const base =
      `namespaces=${namespaces.join(',')}&duration=${duration}&graphType=versionedApp&injectServiceNodes=true` +
      `&appenders=${APPENDERS}&boxBy=namespace,app`;
    const now = Math.floor(Date.now() / 1000);
    const [cold, size] = await timed(() => graph(server.url, `${base}&queryTime=${now}`));

    const api: number[] = [];
    const raw: number[] = [];
    /** The same queries with the latency queries whole (SEXTANT_GRAPH_QUERY_PARTS=1). */
    const unsplit: number[] = [];
    const kiali: number[] = [];
    const scope: number[] = [];
    let scopeNodes = 0;
    let kialiQueries = 0;
    for (let i = 1; i <= runs; i++) {
      const time = now - i;
      api.push((await timed(() => graph(server.url, `${base}&queryTime=${time}`)))[0]);
      raw.push((await timed(() => rawPrometheus(prometheus.url, namespaces, time)))[0]);
      unsplit.push((await timed(() => rawPrometheus(prometheus.url, namespaces, time, 1)))[0]);
      const [t, count] = await timed(() => kialiPattern(prometheus.url, namespaces, time));
      kiali.push(t);
      kialiQueries = count;
      const [s, scoped] = await timed(() =>
        graph(
          server.url,
          `namespaces=${namespaces.join(',')}&duration=${duration}&graphType=versionedApp&injectServiceNodes=true&queryTime=${time}`,
          '/api/namespaces/graph/aggregate',
        ),
      );
      scope.push(s);
      scopeNodes = scoped.nodes;
    }
    const [slowest] = await prometheus.waitForSamples('max(max_over_time(scrape_duration_seconds[5m]))');
    const queries = await perQuery(
      prometheus.url,
      namespaces,
      Array.from({ length: runs }, (_, i) => now - i - 1),
    );
    console.log(`  ${n} namespaces, each graph query alone (p50 of ${runs}):`);
    console.table(queries.map((q) => ({ query: q.query, p50: ms(q.p50), 'series answered': q.series })));
    return {
      namespaces: n,
      ...size,
      targets,
      scrapeMaxS: slowest?.value ?? NaN,
      cold,
      p50: percentile(api, 0.5),
      p95: percentile(api, 0.95),
      rawP50: percentile(raw, 0.5),
      rawP95: percentile(raw, 0.95),
      unsplitP50: percentile(unsplit, 0.5),
      kialiP50: percentile(kiali, 0.5),
      kialiQueries,
      scopeP50: percentile(scope, 0.5),
      scopeNodes,
      rssMb: await peakRssMb(server.child.pid),
      simRssMb: await peakRssMb(process.pid),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  console.log('building the server bundle (npm run build:bundles) ...');
  const build = spawnSync('npm', ['run', 'build:bundles'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(SERVER_BUNDLE)) throw new Error('npm run build:bundles failed');
  const queryCount = webAppQueries(['a', 'b'], 1).length;
  console.log(
    `Prometheus queries per graph: ${queryCount} (the 2 latency queries in ${DEFAULT_GRAPH_QUERY_PARTS} parts each), from 2 namespaces on, whatever their number`,
  );
  console.log(
    `graph API bench: generated meshes of ${sizes.join('/')} namespaces x ${services} services, ` +
      `duration=${duration}, ${runs} warm runs, ${scrapeSeconds}s scrapes of a target per ${namespacesPerTarget} namespaces, ` +
      `${CONCURRENCY} queries in flight`,
  );
  const rows: Row[] = [];
  for (const n of sizes) {
    const started = performance.now();
    const row = await benchSize(n);
    rows.push(row);
    console.log(`  ${n} namespaces done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    // Each size as it completes: a later size that fails (memory, time) leaves the earlier ones.
    console.table([row].map(format));
  }
  console.table(rows.map(format));
}

function format(r: Row): Record<string, string | number> {
  return {
    namespaces: r.namespaces,
    nodes: r.nodes,
    edges: r.edges,
    'cold (first)': ms(r.cold),
    'API p50': ms(r.p50),
    'API p95': ms(r.p95),
    'Prometheus p50': ms(r.rawP50),
    'Prometheus p95': ms(r.rawP95),
    'Prometheus p50, latency unsplit': ms(r.unsplitP50),
    'API/Prom (p50)': (r.p50 / r.rawP50).toFixed(2),
    "Kiali's pattern p50": `${ms(r.kialiP50)} (${r.kialiQueries} queries)`,
    'Kiali/Sextant (p50)': (r.kialiP50 / r.p50).toFixed(2),
    'scope-first p50 (nodes)': `${ms(r.scopeP50)} (${r.scopeNodes})`,
    'scrape targets (slowest)': `${r.targets} (${r.scrapeMaxS.toFixed(2)} s)`,
    'server peak RSS': r.rssMb === undefined ? 'n/a' : `${r.rssMb.toFixed(0)} MB`,
    'bench+mesh-sim peak RSS': r.simRssMb === undefined ? 'n/a' : `${r.simRssMb.toFixed(0)} MB`,
  };
}

await main();
