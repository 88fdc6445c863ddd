import {
  metricsDirectionSchema,
  NODE_METRICS_DEFAULTS,
  nodeMetricsKindSchema,
  type NodeMetrics,
} from '@sextant/contracts';
import { Router } from 'express';
import { z } from 'zod';
import type { NodeMetricsService } from '../services/nodeMetrics.service.ts';
import {
  assertNodeName,
  durationSchema,
  enumSchema,
  invalidParamsAt,
  nameProblem,
  nameSchema,
  parseParams,
  queryTimeSchema,
  rangeStep,
  withDefault,
} from './params.ts';

const MAX_DURATION_SECONDS = 24 * 3600;
/** Points per series: enough for any sparkline, few enough to keep Prometheus and the browser quick. */
const MAX_POINTS = 1000;
/** Points per series when no step is given. */
const DEFAULT_POINTS = 60;

/** Mounted under `/api`. */
export function nodeMetricsRoutes(deps: { nodeMetrics: NodeMetricsService; now: () => number }): Router {
  const router = Router();
  const pathShape = {
    namespace: nameSchema('namespace'),
    kind: enumSchema(nodeMetricsKindSchema.options),
    // Checked below: what a valid name is depends on the kind.
    name: z.string(),
  };
  const queryShape = {
    duration: withDefault(NODE_METRICS_DEFAULTS.duration, durationSchema(1, MAX_DURATION_SECONDS)),
    step: durationSchema(1, MAX_DURATION_SECONDS, true).optional(),
    rateInterval: durationSchema(1, MAX_DURATION_SECONDS, true).optional(),
    direction: withDefault(NODE_METRICS_DEFAULTS.direction, enumSchema(metricsDirectionSchema.options)),
    queryTime: queryTimeSchema(() => deps.now() / 1000).optional(),
    // Checked below: only apps have versions.
    version: z.string().optional(),
  };

  router.get('/namespaces/:namespace/:kind/:name/metrics', async (req, res) => {
    const path = parseParams(pathShape, req.params);
    const query = parseParams(queryShape, req.query);
    assertNodeName(path.kind, path.name);
    if (query.version !== undefined) {
      if (path.kind !== 'apps') throw invalidParamsAt('version', 'applies to apps only');
      const versionProblem = nameProblem(query.version, 'app');
      if (versionProblem !== undefined) throw invalidParamsAt('version', versionProblem);
    }
    const step = rangeStep(query.duration, query.step, {
      defaultPoints: DEFAULT_POINTS,
      maxPoints: MAX_POINTS,
    });
    const body: NodeMetrics = await deps.nodeMetrics.nodeMetrics({
      namespace: path.namespace,
      kind: path.kind,
      name: path.name,
      version: query.version,
      direction: query.direction,
      durationSeconds: query.duration,
      stepSeconds: step,
      // At least the step, so every request between two points is counted once.
      rateSeconds: query.rateInterval ?? Math.max(step, 60),
      end: query.queryTime ?? Math.floor(deps.now() / 1000),
    });
    res.json(body);
  });
  return router;
}
