import type { PromVectorEntry } from '@sextant/mesh';
import { AppError } from '../errors.ts';
import type { Telemetry } from '../telemetry.ts';
import type { MetricsClient, PromMatrixEntry, QueryOptions, RangeQuery } from './prometheus.client.ts';

/** A MetricsClient that counts and times every query it passes on. */
export class InstrumentedMetricsClient implements MetricsClient {
  constructor(
    private readonly inner: MetricsClient,
    private readonly telemetry: Pick<Telemetry, 'prometheusQueries' | 'prometheusQueryDuration'>,
  ) {}

  ping(): Promise<void> {
    return this.inner.ping();
  }

  query(promql: string, time: number, options?: QueryOptions): Promise<PromVectorEntry[]> {
    return this.measure('query', () => this.inner.query(promql, time, options));
  }

  queryRange(promql: string, range: RangeQuery, options?: QueryOptions): Promise<PromMatrixEntry[]> {
    return this.measure('query_range', () => this.inner.queryRange(promql, range, options));
  }

  private async measure<T>(endpoint: 'query' | 'query_range', run: () => Promise<T>): Promise<T> {
    const stop = this.telemetry.prometheusQueryDuration.startTimer({ endpoint });
    let outcome = 'ok';
    try {
      return await run();
    } catch (err) {
      outcome = err instanceof AppError ? err.code : 'ABORTED';
      throw err;
    } finally {
      stop();
      this.telemetry.prometheusQueries.inc({ endpoint, outcome });
    }
  }
}
