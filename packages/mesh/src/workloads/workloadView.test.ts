import { describe, expect, it } from 'vitest';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import { DEFAULT_TOLERANCES } from '../health/tolerance.ts';
import { commonLabels, groupApps, tolerancesFor, versionsOf, workloadWarnings } from './workloadView.ts';

const workload = (name: string, over: Partial<WorkloadInfo> = {}): WorkloadInfo => ({
  namespace: 'bookinfo',
  name,
  labels: { app: name.split('-')[0]!, version: name.split('-')[1] ?? 'v1' },
  annotations: {},
  desiredReplicas: 1,
  readyReplicas: 1,
  hasSidecar: true,
  serviceAccount: 'default',
  ...over,
});

describe('tolerancesFor', () => {
  it('takes the workload annotation before the namespace one, and reports a bad one', () => {
    const w = workload('a-v1', { annotations: { 'health.sextant.io/rate': 'nonsense' } });
    const ns = { name: 'bookinfo', labels: {}, annotations: { 'health.sextant.io/rate': '5XX/50/90' } };
    const resolved = tolerancesFor([w], undefined, ns, DEFAULT_TOLERANCES);
    expect(resolved.tolerances.map((t) => [t.codes, t.degraded, t.failure])).toEqual([['5XX', 50, 90]]);
    expect(resolved.errors[0]).toContain('workload bookinfo/a-v1: ignoring annotation');
  });
  it('falls back to the configured tolerances', () => {
    expect(tolerancesFor([workload('a-v1')], undefined, undefined, DEFAULT_TOLERANCES).tolerances).toBe(
      DEFAULT_TOLERANCES,
    );
  });
});

describe('workloadWarnings', () => {
  const cases: Array<[string, WorkloadInfo, string[]]> = [
    ['a well-labelled meshed workload', workload('a-v1'), []],
    ['no sidecar', workload('a-v1', { hasSidecar: false }), ['missingSidecar']],
    ['no labels', workload('x', { labels: {} }), ['missingApp', 'missingVersion']],
  ];
  it.each(cases)('%s', (_, w, codes) => {
    expect(workloadWarnings(w).map((x) => x.code)).toEqual(codes);
  });
});

describe('apps', () => {
  const ws = [
    workload('reviews-v2'),
    workload('reviews-v1'),
    workload('details-v1'),
    workload('loner', { labels: {} }),
    workload('other-v1', { namespace: 'elsewhere' }),
  ];
  it('groups workloads by app label within the namespace, sorted', () => {
    expect(groupApps(ws, 'bookinfo').map((a) => [a.name, a.workloads.map((w) => w.name)])).toEqual([
      ['details', ['details-v1']],
      ['reviews', ['reviews-v1', 'reviews-v2']],
    ]);
  });
  it('keeps the labels all workloads share and lists the versions', () => {
    const reviews = groupApps(ws, 'bookinfo')[1]!.workloads;
    expect(commonLabels(reviews)).toEqual({ app: 'reviews' });
    expect(versionsOf(reviews)).toEqual(['v1', 'v2']);
    expect(commonLabels([])).toEqual({});
  });
});
