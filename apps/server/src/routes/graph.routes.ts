import { graphTypeSchema, type Graph, type GraphReplay } from '@sextant/contracts';
import {
  AMBIENT_TRAFFIC_VALUES,
  GraphParamError,
  parseAppenders,
  RATE_GRPC_VALUES,
  RATE_HTTP_VALUES,
  RATE_TCP_VALUES,
  type Appenders,
  type BoxBy,
  type NodeFocus,
  type Quantile,
} from '@sextant/mesh';
import { Router, type Request, type Response } from 'express';
import type { RequestScopes } from '../auth/access.service.ts';
import { z } from 'zod';
import { invalidParams } from '../errors.ts';
import type { GraphReplayStream, GraphRequest, GraphService } from '../services/graph.service.ts';
import {
  booleanSchema,
  durationSchema,
  echo,
  namespacesSchema,
  enumSchema,
  nameSchema,
  parseParams,
  queryTimeSchema,
  required,
  withDefault,
} from './params.ts';

/** Kiali's graph API defaults (kiali `graph/options.go`), so a Kiali client gets Kiali's answer. */
export const GRAPH_DEFAULTS = {
  graphType: 'workload',
  duration: '10m',
  injectServiceNodes: 'false',
  includeIdleEdges: 'false',
  boxBy: '',
  responseTime: '95',
  throughputType: 'response',
  rateHttp: 'requests',
  rateGrpc: 'requests',
  rateTcp: 'sent',
  ambientTraffic: 'total',
} as const;

const MAX_DURATION_SECONDS = 24 * 3600;

/** Kiali's boxBy: a list of app, cluster, namespace; `none` or empty for no boxes. */
const boxBySchema = z.string().transform((value, ctx) => {
  if (value === '' || value === 'none') return [] as BoxBy[];
  const out = new Set<BoxBy>();
  for (const raw of value.split(',')) {
    const part = raw.trim();
    if (part === 'app' || part === 'namespace' || part === 'cluster') out.add(part);
    else
      ctx.issues.push({
        code: 'custom',
        message: `must list app, cluster and/or namespace, got ${echo(part)}`,
        input: value,
      });
  }
  return [...out].sort();
});

/** Kiali's appenders: absent = Kiali's default set, empty = none, else a list of names. */
const appendersSchema = z
  .string()
  .optional()
  .transform((value, ctx): Appenders => {
    try {
      return parseAppenders(value);
    } catch (err) {
      if (!(err instanceof GraphParamError)) throw err;
      ctx.issues.push({ code: 'custom', message: err.message, input: value });
      return z.NEVER;
    }
  });

const QUANTILES: Record<string, Quantile> = { avg: 'avg', '50': 0.5, '95': 0.95, '99': 0.99 };
const responseTimeSchema = enumSchema(['avg', '50', '95', '99']).transform((v) => QUANTILES[v]!);

/** Parameters of every graph request, namespace graphs and node graphs alike (Kiali's names). */
function commonShape(now: () => number) {
  return {
    graphType: withDefault(GRAPH_DEFAULTS.graphType, enumSchema(graphTypeSchema.options)),
    duration: withDefault(GRAPH_DEFAULTS.duration, durationSchema(1, MAX_DURATION_SECONDS)),
    queryTime: queryTimeSchema(() => now() / 1000).optional(),
    injectServiceNodes: withDefault(GRAPH_DEFAULTS.injectServiceNodes, booleanSchema),
    includeIdleEdges: withDefault(GRAPH_DEFAULTS.includeIdleEdges, booleanSchema),
    boxBy: withDefault(GRAPH_DEFAULTS.boxBy, boxBySchema),
    appenders: appendersSchema,
    responseTime: withDefault(GRAPH_DEFAULTS.responseTime, responseTimeSchema),
    throughputType: withDefault(GRAPH_DEFAULTS.throughputType, enumSchema(['request', 'response'])),
    rateHttp: withDefault(GRAPH_DEFAULTS.rateHttp, enumSchema(RATE_HTTP_VALUES)),
    rateGrpc: withDefault(GRAPH_DEFAULTS.rateGrpc, enumSchema(RATE_GRPC_VALUES)),
    rateTcp: withDefault(GRAPH_DEFAULTS.rateTcp, enumSchema(RATE_TCP_VALUES)),
    ambientTraffic: withDefault(GRAPH_DEFAULTS.ambientTraffic, enumSchema(AMBIENT_TRAFFIC_VALUES)),
    // Accepted for Kiali clients; Sextant has one config and one telemetry vendor.
    configVendor: withDefault('cytoscape', enumSchema(['cytoscape'])),
    telemetryVendor: withDefault('istio', enumSchema(['istio'])),
    /** Kiali's node-graph cluster: narrows a node graph to that cluster's telemetry. */
    clusterName: z.string().max(253).optional(),
  };
}

type Common = z.output<z.ZodObject<ReturnType<typeof commonShape>>>;

function toRequest(p: Common, namespaces: readonly string[], node?: NodeFocus): GraphRequest {
  // Kiali: service graphs are built with injected service nodes.
  const injectServiceNodes = p.graphType === 'service' ? true : p.injectServiceNodes;
  return {
    namespaces,
    graphType: p.graphType,
    durationSeconds: p.duration,
    queryTime: p.queryTime,
    injectServiceNodes,
    includeIdleEdges: p.includeIdleEdges,
    boxBy: p.boxBy,
    appenders: p.appenders,
    quantile: p.responseTime,
    throughputType: p.throughputType,
    rates: { http: p.rateHttp, grpc: p.rateGrpc, tcp: p.rateTcp, ambient: p.ambientTraffic },
    ...(node ? { node } : {}),
  };
}

/** Mounted under `/api`. */
export function graphRoutes(deps: { graph: GraphService; now: () => number; scopes: RequestScopes }): Router {
  const router = Router();
  const common = commonShape(deps.now);

  router.get('/namespaces/graph', async (req, res) => {
    const p = parseParams({ ...common, namespaces: required(namespacesSchema) }, req.query);
    const body: Graph = await deps.graph.graph(toRequest(p, p.namespaces), await deps.scopes.of(res));
    res.json(body);
  });

  // Sextant's scope-first graph: one node per namespace, two queries whatever their number.
  router.get('/namespaces/graph/aggregate', async (req, res) => {
    const p = parseParams(
      {
        namespaces: required(namespacesSchema),
        graphType: common.graphType,
        duration: common.duration,
        queryTime: common.queryTime,
        injectServiceNodes: common.injectServiceNodes,
      },
      req.query,
    );
    const body: Graph = await deps.graph.namespaceGraph(
      {
        namespaces: p.namespaces,
        graphType: p.graphType,
        injectServiceNodes: p.graphType === 'service' ? true : p.injectServiceNodes,
        durationSeconds: p.duration,
        queryTime: p.queryTime,
      },
      await deps.scopes.of(res),
    );
    res.json(body);
  });

  // Graph replay: the graph at every `step` from `start` to `end`, from one range query per graph
  // query; the web app asks for a batch of frames at a time.
  router.get('/namespaces/graph/replay', async (req, res) => {
    const time = required(queryTimeSchema(() => deps.now() / 1000));
    const p = parseParams(
      {
        ...common,
        namespaces: required(namespacesSchema),
        start: time,
        end: time,
        step: required(durationSchema(1, MAX_DURATION_SECONDS, true)),
      },
      req.query,
    );
    const start = Math.floor(p.start);
    const end = Math.floor(p.end);
    if (end < start) throw invalidParams([{ path: 'end', message: `must not be before start (${start})` }]);
    // A replay waiting for its turn gives up its place when its client leaves.
    const gone = new AbortController();
    res.on('close', () => gone.abort(new Error('the client closed the connection')));
    let replay;
    try {
      replay = await deps.graph.replay(
        toRequest(p, p.namespaces),
        { start, end, step: p.step },
        await deps.scopes.of(res),
        gone.signal,
      );
    } catch (err) {
      if (gone.signal.aborted) return;
      throw err;
    }
    await writeReplay(res, replay);
  });

  // Node graphs (Kiali's `/api/namespaces/{ns}/{workloads|apps|services}/{name}/graph`): the node,
  // what calls it and what it calls.
  const nodeGraph = async (req: Request, node: NodeFocus, res: Response) => {
    const p = parseParams(common, req.query);
    if (node.kind === 'app' && p.graphType !== 'app' && p.graphType !== 'versionedApp') {
      throw invalidParams([
        {
          path: 'graphType',
          message: `an app node graph needs graphType app or versionedApp, got ${echo(p.graphType)}`,
        },
      ]);
    }
    const cluster = p.clusterName && p.clusterName !== 'unknown' ? { cluster: p.clusterName } : {};
    res.json(
      await deps.graph.graph(
        toRequest(p, [node.namespace], { ...node, ...cluster }),
        await deps.scopes.of(res),
      ),
    );
  };
  const pathParams = <S extends Record<string, z.ZodType<unknown, string | undefined>>>(
    shape: S,
    req: Request,
  ) => parseParams(shape, req.params);

  router.get('/namespaces/:namespace/workloads/:workload/graph', async (req, res) => {
    const { namespace, workload } = pathParams(
      { namespace: required(nameSchema('namespace')), workload: required(nameSchema('workload')) },
      req,
    );
    await nodeGraph(req, { kind: 'workload', namespace, workload }, res);
  });
  // Kiali's path says `applications`; Sextant's pages say `apps`: both are served.
  router.get(
    ['/namespaces/:namespace/apps/:app/graph', '/namespaces/:namespace/applications/:app/graph'],
    async (req, res) => {
      const { namespace, app } = pathParams(
        { namespace: required(nameSchema('namespace')), app: required(nameSchema('app')) },
        req,
      );
      await nodeGraph(req, { kind: 'app', namespace, app }, res);
    },
  );
  router.get(
    [
      '/namespaces/:namespace/apps/:app/versions/:version/graph',
      '/namespaces/:namespace/applications/:app/versions/:version/graph',
    ],
    async (req, res) => {
      const { namespace, app, version } = pathParams(
        {
          namespace: required(nameSchema('namespace')),
          app: required(nameSchema('app')),
          version: required(nameSchema('app')),
        },
        req,
      );
      await nodeGraph(req, { kind: 'app', namespace, app, version }, res);
    },
  );
  router.get('/namespaces/:namespace/services/:service/graph', async (req, res) => {
    const { namespace, service } = pathParams(
      { namespace: required(nameSchema('namespace')), service: required(nameSchema('service')) },
      req,
    );
    await nodeGraph(req, { kind: 'service', namespace, service }, res);
  });
  return router;
}

/**
 * The replay's JSON written frame by frame as the service builds them (GraphReplay's shape), so a
 * big mesh's frames are not all held at once. A client gone away stops the building.
 */
export async function writeReplay(res: Response, replay: GraphReplayStream): Promise<void> {
  const { frames, ...head } = replay;
  const header: Omit<GraphReplay, 'frames'> = head;
  res.status(200).type('application/json');
  res.write(`${JSON.stringify(header).slice(0, -1)},"frames":[`);
  let first = true;
  try {
    for await (const frame of frames) {
      if (res.destroyed) return;
      const more = res.write(`${first ? '' : ','}${JSON.stringify(frame)}`);
      first = false;
      if (!more) await drained(res);
    }
  } catch (err) {
    // The status is sent: a cut-off body is how the client learns (its JSON does not parse).
    res.destroy(err instanceof Error ? err : new Error(String(err)));
    return;
  }
  res.end(']}');
}

/** Resolves when `res` can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
