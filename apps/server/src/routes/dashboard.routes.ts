import {
  DASHBOARD_DEFAULTS,
  dashboardGroupBySchema,
  dashboardKindSchema,
  dashboardReporterSchema,
  metricsDirectionSchema,
  type Dashboard,
} from '@sextant/contracts';
import { Router } from 'express';
import { z } from 'zod';
import type { DashboardService } from '../services/dashboard.service.ts';
import {
  assertNodeName,
  durationSchema,
  echo,
  enumSchema,
  invalidParamsAt,
  nameSchema,
  parseParams,
  queryTimeSchema,
  rangeStep,
  withDefault,
} from './params.ts';

const MAX_DURATION_SECONDS = 24 * 3600;
/** Points per series: enough for a wide chart, few enough for Prometheus and the browser. */
const MAX_POINTS = 1500;
/** Points per series when no step is given: about one per 6 px of a chart. */
const DEFAULT_POINTS = 120;
const MAX_QUANTILES = 5;

/** `0.5,0.95,0.99`: distinct numbers strictly between 0 and 1. */
const quantilesSchema = z.string().transform((value, ctx) => {
  const parts = value.split(',');
  const numbers = parts.map((p) => (/^0?\.\d{1,4}$/.test(p.trim()) ? Number(p) : NaN));
  if (numbers.some((n) => !(n > 0 && n < 1))) {
    ctx.issues.push({
      code: 'custom',
      message: `must be numbers between 0 and 1 separated by commas (0.5,0.95,0.99), got ${echo(value)}`,
      input: value,
    });
    return z.NEVER;
  }
  if (numbers.length > MAX_QUANTILES) {
    ctx.issues.push({ code: 'custom', message: `at most ${MAX_QUANTILES} quantiles`, input: value });
    return z.NEVER;
  }
  return [...new Set(numbers)];
});

/** Mounted under `/api`. */
export function dashboardRoutes(deps: { dashboard: DashboardService; now: () => number }): Router {
  const router = Router();
  const pathShape = {
    namespace: nameSchema('namespace'),
    kind: enumSchema(dashboardKindSchema.options),
    // Checked below: what a valid name is depends on the kind.
    name: z.string(),
  };
  const queryShape = {
    direction: withDefault(DASHBOARD_DEFAULTS.direction, enumSchema(metricsDirectionSchema.options)),
    duration: withDefault(DASHBOARD_DEFAULTS.duration, durationSchema(60, MAX_DURATION_SECONDS, true)),
    step: durationSchema(1, MAX_DURATION_SECONDS, true).optional(),
    rateInterval: durationSchema(1, MAX_DURATION_SECONDS, true).optional(),
    queryTime: queryTimeSchema(() => deps.now() / 1000).optional(),
    groupBy: withDefault(DASHBOARD_DEFAULTS.groupBy, enumSchema(dashboardGroupBySchema.options)),
    reporter: enumSchema(dashboardReporterSchema.options).optional(),
    quantiles: withDefault(DASHBOARD_DEFAULTS.quantiles.join(','), quantilesSchema),
  };

  router.get('/namespaces/:namespace/:kind/:name/dashboard', async (req, res) => {
    const path = parseParams(pathShape, req.params);
    const query = parseParams(queryShape, req.query);
    assertNodeName(path.kind, path.name);
    if (path.kind === 'services' && query.direction === 'outbound') {
      throw invalidParamsAt('direction', 'a service sends no requests of its own; ask for inbound');
    }
    const step = rangeStep(query.duration, query.step, {
      defaultPoints: DEFAULT_POINTS,
      maxPoints: MAX_POINTS,
    });
    const body: Dashboard = await deps.dashboard.dashboard({
      namespace: path.namespace,
      kind: path.kind,
      name: path.name,
      direction: query.direction,
      reporter: query.reporter,
      groupBy: query.groupBy,
      quantiles: query.quantiles,
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
