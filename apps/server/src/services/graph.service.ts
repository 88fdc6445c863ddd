import { graphSchema, type Graph, type GraphReplay, type GraphType } from '@sextant/contracts';
import {
  buildGraph,
  buildNamespaceGraph,
  framesFromMatrices,
  frameTimes,
  MAX_REPLAY_FRAMES,
  namespaceGraphQueries,
  RECORDED_PROBE,
  useRecordedMetrics,
  ESSENTIAL_QUERIES,
  graphQueries,
  GraphParamError,
  toSamples,
  type Appenders,
  type BoxBy,
  type GraphError,
  type GraphQueryResults,
  type HealthConfig,
  type NodeFocus,
  type Quantile,
  type RequestedRates,
  type ThroughputType,
} from '@sextant/mesh';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import { AppError, describeError, invalidParams } from '../errors.ts';
import {
  ALL_NAMESPACES,
  assertNamespacesReadable,
  canRead,
  type NamespaceScope,
} from '../auth/namespaceScope.ts';
import type { Telemetry } from '../telemetry.ts';
import type { KubeObjects } from '../clients/kube.client.ts';
import type { ClusterStateSource, ClusterView } from './clusterState.service.ts';
import type { RangeQuery } from '../clients/prometheus.client.ts';
import { SingleFlight } from './singleFlight.ts';
import { Slots } from './slots.ts';
import { APPENDER_NAMES } from '@sextant/mesh';

/** One frame of a replay, as the contract's `frames` hold them. */
export type GraphReplayFrame = GraphReplay['frames'][number];

/** A replay whose frames are built as they are read (GraphService.replay). */
export interface GraphReplayStream extends Omit<GraphReplay, 'frames'> {
  frames: AsyncIterable<GraphReplayFrame>;
}

const APPENDER_KEYS = [...APPENDER_NAMES];

/** A graph request after parameter validation. */
export interface GraphRequest {
  namespaces: readonly string[];
  graphType: GraphType;
  durationSeconds: number;
  /** Unix seconds; undefined: now. */
  queryTime: number | undefined;
  injectServiceNodes: boolean;
  includeIdleEdges: boolean;
  boxBy: readonly BoxBy[];
  appenders: Appenders;
  quantile: Quantile;
  throughputType: ThroughputType;
  rates: RequestedRates;
  /** A node graph of this node. */
  node?: NodeFocus;
}

/** A scope-first graph request: one node per namespace. */
export interface NamespaceGraphRequest {
  namespaces: readonly string[];
  /** The graph type the namespaces would be expanded into (for the node estimate). */
  graphType: GraphType;
  injectServiceNodes: boolean;
  durationSeconds: number;
  /** Unix seconds; undefined: now. */
  queryTime: number | undefined;
}

export interface GraphServiceOptions {
  /** Prometheus queries of one graph in flight at once. */
  concurrency?: number;
  /** How long an identical request may reuse a finished graph. */
  cacheTtlMs?: number;
  health?: HealthConfig;
  /**
   * The Istio objects live at a past time (ms) from the change history, so a look-back graph carries
   * the badges of that time; undefined (or an undefined answer): today's config.
   */
  pastIstioObjects?: (time: number) => Promise<Partial<KubeObjects> | undefined>;
  /** A look-back older than this draws the config of its time; default a minute. */
  pastConfigAfterMs?: number;
  /**
   * `auto`: read Istio's workload-level recorded series (deploy/prometheus) when Prometheus has
   * them for the whole window; `off` (default): always the raw series.
   */
  recordedMetrics?: 'auto' | 'off';
  /** A big graph's latency queries each as this many parts over namespace groups; default 1. */
  queryParts?: number;
  /**
   * Replays queried or built at once; later ones wait their turn (default 2). A replay holds every
   * frame's samples while it runs: several of a big mesh at once could outgrow the pod.
   */
  replayConcurrency?: number;
}

/**
 * Two replays at once: the web app asks a batch of frames and prefetches the next, so one user
 * replays at full speed; a replay of a 100-namespace mesh peaked near 600 MB RSS on its own.
 */
export const DEFAULT_REPLAY_CONCURRENCY = 2;

/** How long an answer "the recorded series are not there" is trusted before asking again. */
const RECORDED_MISS_TTL_MS = 60_000;

const PAST_CONFIG_AFTER_MS = 60_000;

/**
 * The traffic graph: the constant set of queries from `graphQueries` against Prometheus, the
 * cluster from the watch caches, `buildGraph` on both. Identical requests share one computation.
 */
export class GraphService {
  private readonly flights: SingleFlight<Graph>;
  private readonly concurrency: number;
  private readonly replaySlots: Slots;
  /** A time (unix s) at which the recorded series were there: windows starting later can use them. */
  private recordedSince: number | undefined;
  private recordedMiss: { checkedAt: number; windowStart: number } | undefined;

  constructor(
    private readonly metrics: MetricsClient,
    private readonly cluster: ClusterStateSource,
    private readonly telemetry: Pick<Telemetry, 'graphDuration' | 'replaysWaiting'>,
    /** Milliseconds since the epoch. */
    private readonly now: () => number,
    private readonly options: GraphServiceOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.flights = new SingleFlight<Graph>(options.cacheTtlMs ?? 1_000, now);
    this.replaySlots = new Slots(options.replayConcurrency ?? DEFAULT_REPLAY_CONCURRENCY);
  }

  /** `scope`: what the user may read; a requested namespace outside it is a 403. */
  async graph(request: GraphRequest, scope: NamespaceScope = ALL_NAMESPACES): Promise<Graph> {
    assertNamespacesReadable(scope, request.namespaces);
    const normalized = { ...request, namespaces: [...new Set(request.namespaces)].sort() };
    const key = {
      ...normalized,
      appenders: APPENDER_KEYS.filter((name) => request.appenders.has(name)),
    };
    return this.shared(request.graphType, key, scope, () => this.compute(normalized, scope));
  }

  /**
   * The scope-first graph: two aggregated queries whatever the number of namespaces, for meshes too
   * big to draw node by node. Same sharing and the same 403 as `graph`.
   */
  async namespaceGraph(
    request: NamespaceGraphRequest,
    scope: NamespaceScope = ALL_NAMESPACES,
  ): Promise<Graph> {
    assertNamespacesReadable(scope, request.namespaces);
    const normalized = { ...request, namespaces: [...new Set(request.namespaces)].sort() };
    return this.shared('namespace', { aggregate: true, ...normalized }, scope, async () => {
      const queryTime = normalized.queryTime ?? Math.floor(this.now() / 1000);
      const { results, errors } = await this.runQueries(
        namespaceGraphQueries(normalized.durationSeconds),
        (promql, signal) => this.metrics.query(promql, queryTime, { signal }).then(toSamples),
        new Set(['nsRequests']),
        await this.recordedFor(queryTime - normalized.durationSeconds),
      );
      const view = this.cluster.current(scope);
      return graphSchema.parse(
        buildNamespaceGraph({
          ...normalized,
          queryTime,
          results,
          cluster: view.state,
          readable: (ns) => canRead(scope, 'namespaces', ns),
          ...(this.options.health ? { tolerances: this.options.health.tolerances } : {}),
          errors: [...errors, ...view.errors],
        }),
      );
    });
  }

  /**
   * One computation for identical requests, timed by graph type. Requests for "now" share by
   * parameters alone: the first one's clock reading stands for all. Users who may read different
   * namespaces get different graphs (inaccessible nodes, badges), so the scope is part of the key.
   */
  private async shared(
    graphType: string,
    key: { queryTime: number | undefined } & Record<string, unknown>,
    scope: NamespaceScope,
    compute: () => Promise<Graph>,
  ): Promise<Graph> {
    const stop = this.telemetry.graphDuration.startTimer({ graph_type: graphType });
    const flight = JSON.stringify({
      ...key,
      queryTime: key.queryTime ?? 'now',
      scope: scope.all ? '*' : scope.key,
    });
    try {
      const { value, shared } = await this.flights.do(flight, compute);
      stop({ result: shared });
      return value;
    } catch (err) {
      stop({ result: 'error' });
      throw err;
    }
  }

  /**
   * The Istio objects live at a past `queryTime` from the history; undefined: draw today's (no
   * time, no history reaching back, or a look-back of less than a minute, unless `always`: a
   * replay's frames each show their own).
   */
  private async pastConfig(
    queryTime: number | undefined,
    always: boolean,
  ): Promise<Partial<KubeObjects> | undefined> {
    const past = this.options.pastIstioObjects;
    if (
      queryTime === undefined ||
      !past ||
      (!always && this.now() - queryTime * 1000 < (this.options.pastConfigAfterMs ?? PAST_CONFIG_AFTER_MS))
    )
      return undefined;
    return past(queryTime * 1000).catch(() => undefined);
  }

  /** The cluster as the graph sees it: today's, with `then`'s Istio objects when given. */
  private viewWith(then: Partial<KubeObjects> | undefined, scope: NamespaceScope): ClusterView {
    const view = this.cluster.current(scope);
    if (!then) return view;
    const objects = { ...view.objects };
    for (const [kind, list] of Object.entries(then) as [
      keyof KubeObjects,
      KubeObjects[keyof KubeObjects],
    ][]) {
      // What the user may not read today stays hidden in the past too.
      objects[kind] = scope.all
        ? list
        : list.filter((o) => canRead(scope, kind, o.metadata?.namespace ?? ''));
    }
    return { ...view, objects, state: this.cluster.build(objects) };
  }

  private async compute(request: GraphRequest, scope: NamespaceScope): Promise<Graph> {
    const queryTime = request.queryTime ?? Math.floor(this.now() / 1000);
    const plan = planFor(request, queryTime, this.options.queryParts);
    const recorded = await this.recordedFor(plan.time - request.durationSeconds);
    const { results, errors } = await this.runQueries(
      plan.queries,
      (promql, signal) => this.metrics.query(promql, plan.time, { signal }).then(toSamples),
      ESSENTIAL_QUERIES,
      recorded,
    );
    const view = this.viewWith(await this.pastConfig(request.queryTime, false), scope);
    return this.build(request, queryTime, results, view, errors);
  }

  /**
   * Graph replay: the graph at every frame of `frames` (unix s), from each graph query run once as a
   * range query over the frames and cut into instant vectors. Each frame is the graph a look-back
   * request at its time gives (same queries, same builder), with the Istio config of its time.
   * The queries run (and fail: 503, 400) before this resolves; the frames are then built one at a
   * time as `frames` is read, so a caller that writes each out holds one frame's graph, not all
   * (20 frames of a 100-namespace mesh held at once took 450 MB of heap). At most
   * `replayConcurrency` replays run at once, from their queries to their last frame; the others
   * wait in arrival order, and one whose `signal` aborts (its client left) gives up its place.
   */
  async replay(
    request: GraphRequest,
    frames: RangeQuery,
    scope: NamespaceScope = ALL_NAMESPACES,
    signal?: AbortSignal,
  ): Promise<GraphReplayStream> {
    assertNamespacesReadable(scope, request.namespaces);
    const times = frameTimes(frames.start, frames.end, frames.step);
    if (times.length === 0 || times.length > MAX_REPLAY_FRAMES)
      throw invalidParams([
        {
          path: 'step',
          message: `gives ${times.length} frames from start to end; a replay has 1 to ${MAX_REPLAY_FRAMES}`,
        },
      ]);
    const last = times[times.length - 1]!;
    const stop = this.telemetry.graphDuration.startTimer({ graph_type: 'replay' });
    this.telemetry.replaysWaiting.inc();
    let release: () => void;
    try {
      release = await this.replaySlots.take(signal);
    } catch (err) {
      stop({ result: 'abandoned' });
      throw err;
    } finally {
      this.telemetry.replaysWaiting.dec();
    }
    let queried;
    try {
      const plan = planFor(request, last, this.options.queryParts);
      const recorded = await this.recordedFor(frames.start - request.durationSeconds);
      const range = { start: frames.start, end: last, step: frames.step };
      queried = await this.runQueries(
        plan.queries,
        (promql, signal) => this.metrics.queryRange(promql, range, { signal }),
        ESSENTIAL_QUERIES,
        recorded,
      );
    } catch (err) {
      release();
      stop({ result: 'error' });
      throw err;
    }
    return {
      start: frames.start,
      end: last,
      step: frames.step,
      duration: request.durationSeconds,
      frames: this.replayFrames(
        request,
        scope,
        times,
        framesFromMatrices(queried.results, times),
        queried.errors,
        (labels) => {
          release();
          stop(labels);
        },
      ),
    };
  }

  /**
   * A replay's frames, built one at a time as they are read. `stop` ends the replay (its slot, its
   * timer): computed, error, or abandoned when the reader stopped before the last frame.
   */
  private async *replayFrames(
    request: GraphRequest,
    scope: NamespaceScope,
    times: readonly number[],
    perFrame: GraphQueryResults[],
    errors: readonly GraphError[],
    stop: (labels: { result: string }) => void,
  ): AsyncGenerator<GraphReplayFrame> {
    let result = 'abandoned';
    let config: { key: string; view: ClusterView } | undefined;
    try {
      for (const [i, time] of times.entries()) {
        // Frames between two changes share their config: the cluster state is built once for them.
        const then = await this.pastConfig(time, true);
        const key = then ? configKey(then) : 'today';
        if (config?.key !== key) config = { key, view: this.viewWith(then, scope) };
        const graph = this.build(request, time, perFrame[i]!, config.view, errors);
        // What is handed out is no longer held here.
        perFrame[i] = {};
        yield { time, graph };
      }
      result = 'computed';
    } catch (err) {
      result = 'error';
      throw err;
    } finally {
      stop({ result });
    }
  }

  private build(
    request: GraphRequest,
    queryTime: number,
    results: GraphQueryResults,
    view: ClusterView,
    errors: readonly GraphError[],
  ): Graph {
    const graph: Graph = buildGraph({
      options: {
        graphType: request.graphType,
        namespaces: request.namespaces,
        injectServiceNodes: request.injectServiceNodes,
        appenders: request.appenders,
        rates: request.rates,
        boxBy: request.boxBy,
        ...(request.node ? { node: request.node } : {}),
        durationSeconds: request.durationSeconds,
        queryTime,
        ...(this.options.health ? { health: this.options.health } : {}),
      },
      results,
      cluster: view.state,
      errors: [...errors, ...view.errors],
    });
    // buildGraph's result is typed as the contract's Graph, the web app's client checks it with the
    // schema (STYLE.md: responses in the web wrapper) and the route tests parse every answer. Not
    // parsed again here: for a 6,400-node graph that was a 25 MB copy and 0.2-0.7 s per request
    // (per frame in a replay), 5-15 % of the 100-namespace graph's time.
    return graph;
  }

  /**
   * Whether the recorded series cover a window starting at `windowStart` (unix s): they must have
   * been there at its start, or its rates would cover part of it only. One small query, and only
   * until a window is known to be covered (every later one is) or once a minute after a miss.
   */
  private async recordedFor(windowStart: number): Promise<boolean> {
    if ((this.options.recordedMetrics ?? 'off') === 'off') return false;
    if (this.recordedSince !== undefined && windowStart >= this.recordedSince) return true;
    const miss = this.recordedMiss;
    if (miss && this.now() - miss.checkedAt < RECORDED_MISS_TTL_MS && windowStart <= miss.windowStart + 60)
      return false;
    let present = false;
    try {
      present = (await this.metrics.query(RECORDED_PROBE, windowStart)).some((e) => Number(e.value[1]) > 0);
    } catch {
      // Without an answer the raw series are always right.
    }
    if (present) this.recordedSince = Math.min(this.recordedSince ?? Infinity, windowStart);
    else this.recordedMiss = { checkedAt: this.now(), windowStart };
    return present;
  }

  /**
   * All queries through `run` (instant or range), `concurrency` at a time. The first essential
   * failure stops the rest (in flight ones are aborted) and becomes the request's error. The parts
   * of a split query (one id) answer together: their rows are joined, and a failed part fails the id.
   * `recorded`: read Istio's recorded series.
   */
  private async runQueries<Id extends string, R extends readonly unknown[]>(
    queries: readonly { id: Id; promql: string }[],
    run: (promql: string, signal: AbortSignal) => Promise<R>,
    essential: ReadonlySet<string>,
    recorded = false,
  ): Promise<{ results: Partial<Record<Id, R>>; errors: GraphError[] }> {
    const answers = new Map<Id, R[]>();
    const failed = new Set<Id>();
    const errors: GraphError[] = [];
    const abort = new AbortController();
    let failure: unknown;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < queries.length) {
        const query = queries[next++]!;
        try {
          const promql = recorded ? useRecordedMetrics(query.promql) : query.promql;
          const rows = await run(promql, abort.signal);
          const list = answers.get(query.id);
          if (list) list.push(rows);
          else answers.set(query.id, [rows]);
        } catch (err) {
          if (failure !== undefined) return;
          if (essential.has(query.id)) {
            failure = err;
            abort.abort();
            return;
          }
          if (failed.has(query.id)) continue;
          failed.add(query.id);
          errors.push({
            source: 'prometheus',
            message: `${query.id}: ${err instanceof AppError ? err.message : describeError(err)}`,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queries.length) }, worker));
    if (failure !== undefined) throw failure;
    const results: Partial<Record<Id, R>> = {};
    for (const [id, parts] of answers) {
      if (failed.has(id)) continue;
      results[id] = (parts.length === 1 ? parts[0]! : parts.flat()) as unknown as R;
    }
    return { results, errors };
  }
}

/** The queries of a graph at `queryTime`; a parameter they refuse is a 400 naming it. */
function planFor(request: GraphRequest, queryTime: number, parts = 1) {
  try {
    return graphQueries({
      namespaces: request.namespaces,
      durationSeconds: request.durationSeconds,
      queryTime,
      quantile: request.quantile,
      rates: request.rates,
      appenders: request.appenders,
      includeIdleEdges: request.includeIdleEdges,
      throughputType: request.throughputType,
      ...(request.node ? { node: request.node } : {}),
      parts,
    });
  } catch (err) {
    if (err instanceof GraphParamError) throw invalidParams([{ path: err.param, message: err.message }]);
    throw err;
  }
}

/**
 * What tells two past configs apart: their content. The history keeps what people change, without
 * resourceVersion (historyContent), so a patch of an existing object changes only its spec.
 */
function configKey(objects: Partial<KubeObjects>): string {
  return JSON.stringify(objects);
}
