import { describe, expect, it } from 'vitest';
import { matchRoute, workloadLogsParams } from './router.ts';

describe('the workload logs route', () => {
  it.each([
    ['/namespaces/bookinfo/workloads/reviews-v1/logs', 'workloadLogs'],
    ['/namespaces/bookinfo/workloads/reviews-v1/logs/', 'workloadLogs'],
    ['/namespaces/bookinfo/workloads/reviews-v1', 'workloadDetails'],
    ['/namespaces/bookinfo/workloads//logs', 'notFound'],
  ])('%s -> %s', (path, route) => {
    expect(matchRoute(path)).toBe(route);
  });

  it('decodes the segments', () => {
    expect(workloadLogsParams('/namespaces/book%20info/workloads/a.b/logs')).toEqual({
      namespace: 'book info',
      workload: 'a.b',
    });
    expect(workloadLogsParams('/namespaces/%E0%A4%A/workloads/x/logs')).toBeUndefined();
  });
});
