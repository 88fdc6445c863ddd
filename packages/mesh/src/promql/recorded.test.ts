import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { graphQueries } from '../graph/queries.ts';
import { namespaceGraphQueries } from '../graph/namespaceGraph.ts';
import { RECORDED_METRICS, useRecordedMetrics } from './recorded.ts';

describe('useRecordedMetrics', () => {
  it.each([
    [
      'sum(rate(istio_requests_total{reporter="destination"}[60s]))',
      'sum(rate(workload:istio_requests_total{reporter="destination"}[60s]))',
    ],
    [
      'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{a="b"}[1m])))',
      'histogram_quantile(0.95, sum by (le) (rate(workload:istio_request_duration_milliseconds_bucket{a="b"}[1m])))',
    ],
    // Already recorded, a label value naming a metric, and a metric the rules do not record: unchanged.
    ['rate(workload:istio_requests_total{x="y"}[1m])', 'rate(workload:istio_requests_total{x="y"}[1m])'],
    ['up{job="istio_requests_total"}', 'up{job="istio_requests_total"}'],
    ['rate(istio_request_messages_total{a="b"}[1m])', 'rate(istio_request_messages_total{a="b"}[1m])'],
  ])('%s', (raw, recorded) => {
    expect(useRecordedMetrics(raw)).toBe(recorded);
  });

  it('rewrites every query of the graph and of the scope-first graph, and only metric names', () => {
    const plan = graphQueries({
      namespaces: ['bookinfo'],
      durationSeconds: 60,
      queryTime: 1,
      quantile: 0.95,
    });
    for (const q of [...plan.queries, ...namespaceGraphQueries(60)]) {
      const recorded = useRecordedMetrics(q.promql);
      expect(recorded.replaceAll('workload:', '')).toBe(q.promql);
      const raw = RECORDED_METRICS.filter((m) => new RegExp(`(?<![\\w:])${m}\\{`).test(recorded));
      expect(raw).toEqual([]);
    }
  });
});

describe('the shipped rules file', () => {
  it('records exactly these metrics, each summed without the per-pod labels only', () => {
    const file = new URL('../../../../deploy/prometheus/sextant-recording-rules.yaml', import.meta.url);
    const rules = (
      parse(readFileSync(file, 'utf8')) as { groups: { rules: { record: string; expr: string }[] }[] }
    ).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.record)).toEqual(RECORDED_METRICS.map((m) => `workload:${m}`));
    for (const [i, r] of rules.entries())
      expect(r.expr).toBe(
        `sum without(instance, kubernetes_namespace, kubernetes_pod_name, pod, namespace) (${RECORDED_METRICS[i]})`,
      );
  });
});
