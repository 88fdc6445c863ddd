import type { NodeData } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import {
  decodeNodeFocus,
  encodeNodeFocus,
  graphTypeFor,
  nodeFocusOf,
  nodeFocusTitle,
  type NodeFocus,
} from './nodeFocus.ts';
import { nodeGraphPath } from '../../../api/graph.ts';

const node = (over: Partial<NodeData>): NodeData => ({
  id: 'n',
  nodeType: 'app',
  cluster: 'Kubernetes',
  namespace: 'bookinfo',
  ...over,
});

describe('nodeFocusOf', () => {
  it.each<[string, NodeData, 'app' | 'versionedApp' | 'workload' | 'service', NodeFocus | undefined]>([
    [
      'a versioned app',
      node({ app: 'reviews', version: 'v2', workload: 'reviews-v2' }),
      'versionedApp',
      { kind: 'app', namespace: 'bookinfo', name: 'reviews', version: 'v2' },
    ],
    [
      'an app of the app graph',
      node({ app: 'reviews' }),
      'app',
      { kind: 'app', namespace: 'bookinfo', name: 'reviews' },
    ],
    [
      'an app whose version is latest',
      node({ app: 'gw', version: 'latest' }),
      'versionedApp',
      { kind: 'app', namespace: 'bookinfo', name: 'gw' },
    ],
    [
      'a workload',
      node({ nodeType: 'workload', workload: 'reviews-v2', app: 'reviews' }),
      'workload',
      { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' },
    ],
    [
      'a service',
      node({ nodeType: 'service', service: 'reviews' }),
      'versionedApp',
      { kind: 'service', namespace: 'bookinfo', name: 'reviews' },
    ],
    [
      'a ServiceEntry',
      node({
        nodeType: 'service',
        service: 'ext',
        isServiceEntry: { hosts: ['a.com'], location: 'MESH_EXTERNAL' },
      }),
      'workload',
      undefined,
    ],
    [
      'PassthroughCluster',
      node({ nodeType: 'service', service: 'PassthroughCluster', namespace: 'unknown' }),
      'workload',
      undefined,
    ],
    [
      'the unknown caller',
      node({ nodeType: 'unknown', namespace: 'unknown', app: 'unknown' }),
      'workload',
      undefined,
    ],
    ['a box', node({ nodeType: 'box', app: 'reviews' }), 'versionedApp', undefined],
    [
      'a node the user cannot read',
      node({ nodeType: 'workload', workload: 'gw', isInaccessible: true }),
      'workload',
      undefined,
    ],
  ])('%s', (_what, n, graphType, expected) => {
    expect(nodeFocusOf(n, graphType)).toEqual(expected);
  });
});

describe('node focus in the URL', () => {
  const cases: NodeFocus[] = [
    { kind: 'app', namespace: 'bookinfo', name: 'reviews', version: 'v2' },
    { kind: 'app', namespace: 'bookinfo', name: 'reviews' },
    { kind: 'workload', namespace: 'shop-core', name: 'cart-v1' },
    { kind: 'service', namespace: 'bookinfo', name: 'reviews' },
  ];
  it.each(cases)('round-trips %j', (f) => {
    expect(decodeNodeFocus(encodeNodeFocus(f))).toEqual(f);
  });
  it.each([
    '',
    'pod:bookinfo:x',
    'app:bookinfo',
    'workload:bookinfo:a:v1',
    'app:b:a:v1:x',
    'app:Bad Name:x',
    'service::x',
  ])('refuses %j', (text) => expect(decodeNodeFocus(text)).toBeUndefined());
});

describe('node graph requests', () => {
  it.each<[NodeFocus, string, string]>([
    [
      { kind: 'app', namespace: 'bookinfo', name: 'reviews', version: 'v2' },
      '/api/namespaces/bookinfo/apps/reviews/versions/v2/graph',
      'reviews v2',
    ],
    [
      { kind: 'app', namespace: 'bookinfo', name: 'reviews' },
      '/api/namespaces/bookinfo/apps/reviews/graph',
      'reviews',
    ],
    [
      { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' },
      '/api/namespaces/bookinfo/workloads/reviews-v2/graph',
      'reviews-v2',
    ],
    [
      { kind: 'service', namespace: 'bookinfo', name: 'reviews' },
      '/api/namespaces/bookinfo/services/reviews/graph',
      'the reviews service',
    ],
  ])('%j -> %s', (f, path, title) => {
    expect(nodeGraphPath(f)).toBe(path);
    expect(nodeFocusTitle(f)).toBe(title);
  });

  it('asks an app node graph as an app graph whatever graph type the page shows', () => {
    const app: NodeFocus = { kind: 'app', namespace: 'b', name: 'a' };
    expect(graphTypeFor(app, 'workload')).toBe('app');
    expect(graphTypeFor({ ...app, version: 'v1' }, 'service')).toBe('versionedApp');
    expect(graphTypeFor(app, 'versionedApp')).toBe('versionedApp');
    expect(graphTypeFor({ kind: 'workload', namespace: 'b', name: 'w' }, 'service')).toBe('service');
    expect(graphTypeFor(undefined, 'workload')).toBe('workload');
  });
});
