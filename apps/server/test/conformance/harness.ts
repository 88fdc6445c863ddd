import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { freeLoopbackPort, queryPrometheus } from '@sextant/mesh-sim/prometheus';
import {
  registerCleanup,
  startMeshSim,
  startServer,
  type RunningMeshSim,
  type RunningServer,
} from '@sextant/testkit';
import { compareGraphs, type GraphComparison } from './compareGraph.ts';
import type { ConformanceFixture, QuerySample } from './fixture.ts';
import { openMetricsText } from './openMetrics.ts';
import { createBlocks, startTsdbPrometheus, type TsdbPrometheus } from './tsdb.ts';

/**
 * One Prometheus holding every fixture's series, each fixture in its own two-hour slot after
 * 2025-01-01; mesh-sim with no objects standing in for the fixture's cluster (its namespaces are
 * created and deleted per fixture); and the Sextant server, restarted only when the next fixture
 * needs another cluster name.
 */

/** Fixtures that share a cluster name run together, so the server restarts once per name. */
export function runOrder(fixtures: readonly ConformanceFixture[]): ConformanceFixture[] {
  return [...fixtures].sort((a, b) => a.clusterName.localeCompare(b.clusterName));
}

/** 2025-01-01T00:00:00Z: far enough back that no slot reaches the present. */
export const FIRST_SLOT_TIME = Date.UTC(2025, 0, 1) / 1000;
export const SLOT_SECONDS = 7200;

export interface FixtureResult {
  fixture: ConformanceFixture;
  /** The shifted queryTime the request was made for. */
  queryTime: number;
  url: string;
  httpStatus: number;
  /** Set when the answer was not a graph (an error body, not JSON). */
  error?: string;
  /** Parameters dropped after the server refused them by name (`dropUnknownParams` only). */
  droppedParams: string[];
  comparison: GraphComparison;
  /** Where the TSDB does not answer one of Kiali's queries as the fixture says: a harness fault. */
  tsdbProblems: string[];
  passed: boolean;
}

export interface ConformanceEnvironment {
  prometheusUrl: string;
  kubeApi: string;
  /** Sets the cluster up for `fixture`, asks Sextant for its graph and compares. */
  run(fixture: ConformanceFixture): Promise<FixtureResult>;
  /** Runs Kiali's own queries for `fixture` against the TSDB: the answers the fixture expects, or problems. */
  checkTsdb(fixture: ConformanceFixture): Promise<string[]>;
  /** Stops the server, mesh-sim and Prometheus and removes the work dir. Idempotent. */
  stop(): Promise<void>;
}

export interface EnvironmentOptions {
  /** Per process start; default 60 s. */
  timeoutMs?: number;
  onProgress?: (message: string) => void;
  /** Diagnostic: when the server refuses parameters by name (400), ask again without them. */
  dropUnknownParams?: boolean;
  /** Keep the work dir (series, TSDB, logs) after stop(); default: removed. */
  keepWorkDir?: boolean;
}

export async function startConformanceEnvironment(
  fixtures: readonly ConformanceFixture[],
  options: EnvironmentOptions = {},
): Promise<ConformanceEnvironment> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const progress = options.onProgress ?? (() => {});
  const slotTime = new Map(fixtures.map((f, i) => [f.id, FIRST_SLOT_TIME + i * SLOT_SECONDS]));
  const workDir = await mkdtemp(path.join(tmpdir(), 'sextant-conformance-'));

  let prometheus: TsdbPrometheus | undefined;
  let sim: RunningMeshSim | undefined;
  let server: { clusterName: string; running: RunningServer } | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await server?.running.child.stop().catch(() => undefined);
      await sim?.child.stop().catch(() => undefined);
      await prometheus?.stop().catch(() => undefined);
      if (!options.keepWorkDir) await rm(workDir, { recursive: true, force: true });
      unregister();
    })();
    return stopping;
  };
  const unregister = registerCleanup(stop);

  try {
    progress(`writing ${fixtures.length} fixtures' series into a TSDB…`);
    const dataDir = path.join(workDir, 'tsdb');
    await mkdir(dataDir);
    const text = openMetricsText(fixtures.map((f) => ({ queryTime: slotTime.get(f.id)!, series: f.series })));
    await createBlocks(text, path.join(workDir, 'series.om'), dataDir);
    progress('starting Prometheus and mesh-sim…');
    // Both start at once; whichever did start is stopped again if the other fails.
    const [promStart, simStart] = await Promise.allSettled([
      startTsdbPrometheus({ dataDir, workDir, timeoutMs }),
      startMeshSim({
        scenario: 'empty',
        kubeconfigOut: path.join(workDir, 'kubeconfig.yaml'),
        logFile: path.join(workDir, 'mesh-sim.log'),
        timeoutMs,
      }),
    ]);
    if (promStart.status === 'fulfilled') prometheus = promStart.value;
    if (simStart.status === 'fulfilled') sim = simStart.value;
    if (promStart.status === 'rejected') throw promStart.reason;
    if (simStart.status === 'rejected') throw simStart.reason;
  } catch (err) {
    await stop();
    throw err;
  }
  const prometheusUrl = prometheus!.url;
  const kubeconfig = sim!.kubeconfig;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);

  const serverFor = async (clusterName: string): Promise<string> => {
    if (server?.clusterName === clusterName) return server.running.url;
    if (server) {
      progress(`restarting the server for cluster ${clusterName}…`);
      await server.running.child.stop();
      server = undefined;
    } else {
      progress(`starting the server (cluster ${clusterName})…`);
    }
    const running = await startServer({
      port: await freeLoopbackPort(),
      prometheusUrl,
      kubeconfig,
      staticDir: undefined,
      env: { SEXTANT_CLUSTER_NAME: clusterName },
      logFile: path.join(workDir, `server-${clusterName}.log`),
      timeoutMs,
    });
    server = { clusterName, running };
    return running.url;
  };

  /** Exactly `wanted` exist, and the server's watch caches say so. */
  const syncNamespaces = async (serverUrl: string, wanted: readonly string[]) => {
    const have = (await core.listNamespace()).items.map((n) => n.metadata?.name ?? '');
    await Promise.all([
      ...have.filter((n) => !wanted.includes(n)).map((name) => core.deleteNamespace({ name })),
      ...wanted
        .filter((n) => !have.includes(n))
        .map((name) => core.createNamespace({ body: { metadata: { name } } })),
    ]);
    const target = JSON.stringify([...wanted].sort());
    let seen = '';
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await fetch(`${serverUrl}/api/namespaces`);
      if (res.ok) {
        const body = (await res.json()) as Array<{ name: string }>;
        seen = JSON.stringify(body.map((n) => n.name).sort());
        if (seen === target) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the server still lists namespaces ${seen}, not ${target}`);
  };

  const checkTsdb = async (fixture: ConformanceFixture): Promise<string[]> => {
    const time = slotTime.get(fixture.id);
    if (time === undefined) throw new Error(`fixture ${fixture.id} has no time slot`);
    const problems: string[] = [];
    for (const [i, q] of fixture.kialiQueries.entries()) {
      const want = sampleMap(q.realResult ?? q.mockedResult);
      const got = sampleMap(
        (await queryPrometheus(prometheusUrl, q.query, time)).map((s) => ({
          labels: s.metric,
          value: s.value,
        })),
      );
      for (const [labels, value] of want) {
        const actual = got.get(labels);
        if (actual === undefined) problems.push(`query #${i}: no sample ${labels} (want ${value})`);
        else if (Math.abs(actual - value) > 1e-9)
          problems.push(`query #${i}: ${labels} = ${actual}, want ${value}`);
      }
      for (const [labels, value] of got) {
        if (!want.has(labels)) problems.push(`query #${i}: unexpected sample ${labels} = ${value}`);
      }
    }
    return problems;
  };

  const run = async (fixture: ConformanceFixture): Promise<FixtureResult> => {
    const queryTime = slotTime.get(fixture.id);
    if (queryTime === undefined) throw new Error(`fixture ${fixture.id} has no time slot`);
    const serverUrl = await serverFor(fixture.clusterName);
    await syncNamespaces(serverUrl, fixture.namespaces);
    const tsdbProblems = await checkTsdb(fixture);

    const params: Record<string, string> = {
      ...fixture.request.query,
      ...fixture.request.impliedQuery,
      queryTime: String(queryTime),
    };
    const droppedParams: string[] = [];
    let answer = await getJson(serverUrl, fixture.request.path, params);
    const refused = options.dropUnknownParams ? unknownParams(answer) : [];
    if (refused.length) {
      for (const name of refused) delete params[name];
      droppedParams.push(...refused);
      answer = await getJson(serverUrl, fixture.request.path, params);
    }
    const expected = { ...fixture.expected, timestamp: queryTime };
    const graph = answer.status === 200 && answer.json !== undefined ? answer.json : undefined;
    const comparison = compareGraphs(expected, graph, fixture.expectedDecimals);
    return {
      fixture,
      queryTime,
      url: answer.url,
      httpStatus: answer.status,
      ...(graph === undefined ? { error: describeFailure(answer) } : {}),
      droppedParams,
      comparison,
      tsdbProblems,
      passed: graph !== undefined && comparison.score === 1,
    };
  };

  return { prometheusUrl, kubeApi: sim!.kubeApi, run, checkTsdb, stop };
}

interface Answer {
  url: string;
  status: number;
  json: unknown;
  text: string;
}

async function getJson(base: string, pathname: string, params: Record<string, string>): Promise<Answer> {
  const url = `${base}${pathname}?${new URLSearchParams(params).toString()}`;
  const res = await fetch(url);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { url, status: res.status, json, text };
}

/** Names the server refused as unknown parameters (our error envelope's `fieldErrors`). */
function unknownParams(answer: Answer): string[] {
  if (answer.status !== 400) return [];
  const fieldErrors = (answer.json as { error?: { fieldErrors?: Array<{ path: string; message: string }> } })
    ?.error?.fieldErrors;
  return (fieldErrors ?? []).filter((e) => e.message === 'unknown parameter').map((e) => e.path);
}

function describeFailure(answer: Answer): string {
  const error = (answer.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const detail = error ? `${error.code ?? ''} ${error.message ?? ''}`.trim() : answer.text.slice(0, 200);
  return `HTTP ${answer.status}: ${detail}`;
}

function sampleMap(samples: readonly QuerySample[]): Map<string, number> {
  return new Map(
    samples.map((s) => [
      JSON.stringify(Object.fromEntries(Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)))),
      s.value,
    ]),
  );
}
