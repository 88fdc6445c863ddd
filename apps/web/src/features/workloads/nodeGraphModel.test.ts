import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from '../graph/__fixtures__/bookinfoGraphs.ts';
import { nodeGraphLabel, nodeGraphModel } from './nodeGraphModel.ts';
import { nodeHref } from './nodeTraffic.ts';

describe('nodeGraphModel over the Bookinfo fixture', () => {
  const graph = bookinfoGraph({ graphType: 'workload', injectServiceNodes: false });
  const model = nodeGraphModel(graph, { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' });
  const subject = model.elements.filter((e) => String(e.classes).includes('subject'));

  it('marks the subject only', () => {
    expect(subject.map((e) => e.data.id)).toEqual(['wl_Kubernetes_bookinfo_reviews-v2']);
  });

  it('links every other workload to its page, not the subject', () => {
    expect(model.hrefs.get('wl_Kubernetes_bookinfo_ratings-v1')).toBe(
      '/namespaces/bookinfo/workloads/ratings-v1',
    );
    expect(model.hrefs.has('wl_Kubernetes_bookinfo_reviews-v2')).toBe(false);
  });

  it('counts callers and callees of the subject', () => {
    expect(model.callers).toBeGreaterThanOrEqual(1);
    expect(model.callees).toBeGreaterThanOrEqual(1);
  });

  it('keeps its structure key when only numbers change', () => {
    const again = nodeGraphModel(structuredClone(graph), {
      kind: 'workload',
      namespace: 'bookinfo',
      name: 'reviews-v2',
    });
    expect(again.structure).toBe(model.structure);
    const other = nodeGraphModel(graph, { kind: 'workload', namespace: 'bookinfo', name: 'ratings-v1' });
    expect(other.structure).not.toBe(model.structure);
  });
});

describe('nodeGraphLabel', () => {
  it.each([
    [1, 1, 'Node graph of reviews-v2: 1 caller, 1 callee'],
    [0, 3, 'Node graph of reviews-v2: 0 callers, 3 callees'],
  ])('%d callers, %d callees', (callers, callees, label) => {
    expect(nodeGraphLabel('reviews-v2', { callers, callees })).toBe(label);
  });
});

describe('nodeHref', () => {
  const base = { id: 'x', cluster: 'c', namespace: 'ns' } as const;
  it.each([
    [{ ...base, nodeType: 'workload', workload: 'w-v1' }, '/namespaces/ns/workloads/w-v1'],
    [{ ...base, nodeType: 'app', app: 'a' }, '/namespaces/ns/applications/a'],
    [{ ...base, nodeType: 'service', service: 's' }, '/namespaces/ns/services/s'],
    [
      {
        ...base,
        nodeType: 'service',
        service: 'ext',
        isServiceEntry: { location: 'MESH_EXTERNAL', hosts: [] },
      },
      undefined,
    ],
    [{ ...base, nodeType: 'unknown' }, undefined],
  ] as const)('%j -> %s', (node, href) => {
    expect(nodeHref(node as never)).toBe(href);
  });
});
