import { graphTypeSchema, type Graph } from '@sextant/contracts';
import type { BoxBy, Quantile } from '@sextant/mesh';
import { Router } from 'express';
import { z } from 'zod';
import type { GraphService } from '../services/graph.service.ts';
import {
  booleanSchema,
  durationSchema,
  echo,
  enumSchema,
  nameProblem,
  parseParams,
  queryTimeSchema,
  required,
  withDefault,
} from './params.ts';

/** Kiali's defaults. */
export const GRAPH_DEFAULTS = {
  graphType: 'versionedApp',
  duration: '10m',
  injectServiceNodes: 'true',
  boxBy: '',
  includeIdle: 'false',
  responseTime: '95',
} as const;

const MAX_DURATION_SECONDS = 24 * 3600;

/** `a,b,c`, each a namespace name, at least one; order and repeats do not matter. */
const namespacesSchema = z.string().transform((value, ctx) => {
  const names = value.split(',');
  for (const name of names) {
    const problem = nameProblem(name, 'namespace');
    if (problem !== undefined) {
      ctx.issues.push({
        code: 'custom',
        message: name === '' ? `empty namespace name in ${echo(value)}` : problem,
        input: value,
      });
    }
  }
  return [...new Set(names)].sort();
});

const boxBySchema = z.string().transform((value, ctx) => {
  if (value === '') return [] as BoxBy[];
  const out = new Set<BoxBy>();
  for (const part of value.split(',')) {
    if (part === 'app' || part === 'namespace') out.add(part);
    else
      ctx.issues.push({
        code: 'custom',
        message: `must list app and/or namespace, got ${echo(part)}`,
        input: value,
      });
  }
  return [...out].sort();
});

const QUANTILES: Record<string, Quantile> = { avg: 'avg', '50': 0.5, '95': 0.95, '99': 0.99 };
const responseTimeSchema = enumSchema(['avg', '50', '95', '99']).transform((v) => QUANTILES[v]!);

/** Mounted under `/api`. */
export function graphRoutes(deps: { graph: GraphService; now: () => number }): Router {
  const router = Router();
  const shape = {
    namespaces: required(namespacesSchema),
    graphType: withDefault(GRAPH_DEFAULTS.graphType, enumSchema(graphTypeSchema.options)),
    duration: withDefault(GRAPH_DEFAULTS.duration, durationSchema(1, MAX_DURATION_SECONDS)),
    queryTime: queryTimeSchema(() => deps.now() / 1000).optional(),
    injectServiceNodes: withDefault(GRAPH_DEFAULTS.injectServiceNodes, booleanSchema),
    boxBy: withDefault(GRAPH_DEFAULTS.boxBy, boxBySchema),
    includeIdle: withDefault(GRAPH_DEFAULTS.includeIdle, booleanSchema),
    responseTime: withDefault(GRAPH_DEFAULTS.responseTime, responseTimeSchema),
  };

  router.get('/namespaces/graph', async (req, res) => {
    const p = parseParams(shape, req.query);
    const body: Graph = await deps.graph.graph({
      namespaces: p.namespaces,
      graphType: p.graphType,
      durationSeconds: p.duration,
      queryTime: p.queryTime,
      injectServiceNodes: p.injectServiceNodes,
      boxBy: p.boxBy,
      includeIdle: p.includeIdle,
      quantile: p.responseTime,
    });
    res.json(body);
  });
  return router;
}
