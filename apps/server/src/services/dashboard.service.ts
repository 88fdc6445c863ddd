import {
  dashboardSchema,
  type Dashboard,
  type DashboardGroupBy,
  type DashboardKind,
  type DashboardPanel,
  type DashboardReporter,
  type MetricsDirection,
} from '@sextant/contracts';
import { dashboardQueries, dashboardSeries, defaultReporter, type DashboardQuery } from '@sextant/mesh';
import type { MetricsClient, PromMatrixEntry } from '../clients/prometheus.client.ts';
import { AppError, describeError } from '../errors.ts';

export interface DashboardRequest {
  namespace: string;
  kind: DashboardKind;
  name: string;
  direction: MetricsDirection;
  /** Undefined: the direction's usual reporter (`defaultReporter`). */
  reporter: DashboardReporter | undefined;
  groupBy: DashboardGroupBy;
  quantiles: readonly number[];
  durationSeconds: number;
  stepSeconds: number;
  /** `rate()` window, seconds. */
  rateSeconds: number;
  /** Unix seconds of the last point. */
  end: number;
}

/**
 * The Inbound/Outbound metrics dashboard of one node: every panel's range queries, a few at a
 * time. A failed query is data: its panel carries the error and whatever else it got. Only when
 * every query fails (Prometheus down or refusing) is the request itself an error (502/503/504).
 */
export class DashboardService {
  constructor(
    private readonly metrics: MetricsClient,
    private readonly concurrency = 4,
  ) {}

  async dashboard(r: DashboardRequest): Promise<Dashboard> {
    const reporter = r.reporter ?? defaultReporter(r.kind, r.direction);
    const plan = dashboardQueries({ ...r, reporter, rateSeconds: r.rateSeconds });
    const range = { start: r.end - r.durationSeconds, end: r.end, step: r.stepSeconds };
    const queries = plan.flatMap((panel) => panel.queries);
    const answers = new Map<DashboardQuery, PromMatrixEntry[]>();
    const failures = new Map<DashboardQuery, unknown>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queries.length) {
        const query = queries[next++]!;
        try {
          answers.set(query, await this.metrics.queryRange(query.promql, range));
        } catch (err) {
          failures.set(query, err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queries.length) }, worker));
    if (failures.size === queries.length) throw failures.get(queries[0]!);

    const panels = plan.map((p): DashboardPanel => {
      const multiStat = p.queries.length > 1;
      const series = p.queries.flatMap((q) => {
        const answer = answers.get(q);
        return answer ? dashboardSeries(q, answer, r.namespace, multiStat) : [];
      });
      const failed = p.queries.filter((q) => failures.has(q));
      const why = failed.length ? errorMessage(failures.get(failed[0]!)) : undefined;
      // On a panel of several stats, which of them are missing.
      const error = why !== undefined && multiStat ? `${failed.map((q) => q.stat).join(', ')}: ${why}` : why;
      return {
        id: p.id,
        title: p.title,
        unit: p.unit,
        series,
        ...(error !== undefined ? { error } : {}),
      };
    });
    // The contract is the promise to the web app: an answer that breaks it is our bug.
    return dashboardSchema.parse({
      namespace: r.namespace,
      kind: r.kind,
      name: r.name,
      direction: r.direction,
      groupBy: r.groupBy,
      reporter,
      quantiles: [...new Set(r.quantiles)].sort((a, b) => a - b),
      start: range.start,
      end: range.end,
      step: range.step,
      rateInterval: r.rateSeconds,
      panels,
    } satisfies Dashboard);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof AppError ? err.message : describeError(err);
}
