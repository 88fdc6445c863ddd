import { describe, expect, it } from 'vitest';
import { changeBetween, changedPaths, historyContent, parseRetention, pathsOf } from './changes.ts';

const vs = (weights: number[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'reviews',
    namespace: 'bookinfo',
    resourceVersion: String(Math.random()),
    generation: 3,
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{...}', team: 'a' },
    ...extra,
  },
  spec: {
    hosts: ['reviews'],
    http: [{ route: weights.map((weight, i) => ({ destination: { subset: `v${i + 1}` }, weight })) }],
  },
  status: { observedGeneration: 3 },
});

const deployment = (replicas: number, image: string, readyReplicas = replicas) => ({
  kind: 'Deployment',
  metadata: {
    name: 'reviews-v1',
    namespace: 'bookinfo',
    labels: { app: 'reviews' },
    annotations: { 'deployment.kubernetes.io/revision': '4' },
  },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'reviews' } },
    strategy: { type: 'RollingUpdate' },
    template: {
      metadata: { labels: { app: 'reviews', version: 'v1' } },
      spec: { containers: [{ name: 'reviews', image, resources: { limits: { cpu: '1' } } }] },
    },
  },
  status: { readyReplicas },
});

describe('historyContent', () => {
  it("keeps an Istio object's spec, labels and own annotations, not the server's bookkeeping", () => {
    expect(historyContent('virtualServices', vs([100]))).toEqual({
      metadata: { name: 'reviews', namespace: 'bookinfo', annotations: { team: 'a' } },
      spec: vs([100]).spec,
    });
  });

  it("keeps a Deployment's replicas, images and labels only", () => {
    expect(historyContent('deployments', deployment(2, 'reviews:1.0'))).toEqual({
      metadata: { name: 'reviews-v1', namespace: 'bookinfo', labels: { app: 'reviews' } },
      spec: {
        replicas: 2,
        template: {
          metadata: { labels: { app: 'reviews', version: 'v1' } },
          spec: { containers: [{ name: 'reviews', image: 'reviews:1.0' }] },
        },
      },
    });
  });

  it("keeps a Service's type, selector and ports, not its assigned cluster IP", () => {
    const content = historyContent('services', {
      kind: 'Service',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        selector: { app: 'reviews' },
        ports: [{ port: 9080 }],
        clusterIP: '10.0.0.7',
        type: 'ClusterIP',
      },
    });
    expect(content['spec']).toEqual({
      type: 'ClusterIP',
      selector: { app: 'reviews' },
      ports: [{ port: 9080 }],
    });
  });
});

describe('changeBetween', () => {
  const c = (o: unknown) => historyContent('virtualServices', o);
  it.each([
    ['nothing to something', undefined, c(vs([100])), 'create'],
    ['something to nothing', c(vs([100])), undefined, 'delete'],
    ['a new weight', c(vs([100])), c(vs([50, 50])), 'update'],
    [
      'only status, resourceVersion and managed fields',
      c(vs([100])),
      c({ ...vs([100]), status: {} }),
      undefined,
    ],
    ['a new own annotation', c(vs([100])), c(vs([100], { annotations: { team: 'b' } })), 'update'],
    ['nothing to nothing', undefined, undefined, undefined],
  ])('%s: %s', (_name, before, after, expected) => {
    expect(changeBetween(before, after)).toBe(expected);
  });

  it('ignores a rollout status and revision, sees a scale and an image', () => {
    const d = (...args: Parameters<typeof deployment>) => historyContent('deployments', deployment(...args));
    expect(changeBetween(d(2, 'a:1', 0), d(2, 'a:1', 2))).toBeUndefined();
    expect(changeBetween(d(2, 'a:1'), d(0, 'a:1'))).toBe('update');
    expect(changeBetween(d(2, 'a:1'), d(2, 'a:2'))).toBe('update');
  });
});

describe('changedPaths', () => {
  it('names the leaves that differ, with list indexes', () => {
    expect(changedPaths(vs([90, 10]), vs([50, 50]))).toEqual(
      expect.arrayContaining(['spec.http[0].route[0].weight', 'spec.http[0].route[1].weight']),
    );
  });
  it('names a list that grew as a whole', () => {
    expect(changedPaths({ spec: { a: [1] } }, { spec: { a: [1, 2] } })).toEqual(['spec.a']);
  });
  it.each([
    ['an item removed from a list', { a: [1, 2, 3] }, { a: [1, 3] }, ['a']],
    [
      'an item changed in a list of the same length',
      { a: [{ w: 1 }, { w: 2 }] },
      { a: [{ w: 1 }, { w: 3 }] },
      ['a[1].w'],
    ],
    ['a key added and one removed', { spec: { x: 1 } }, { spec: { y: 1 } }, ['spec.x', 'spec.y']],
    ['a key with a slash or tilde', { m: { 'a/b~c': 1 } }, { m: { 'a/b~c': 2 } }, ['m.a/b~c']],
    [
      'list indexes in number order',
      { a: Array.from({ length: 12 }, () => 0) },
      { a: Array.from({ length: 12 }, (_, i) => (i === 2 || i === 10 ? 1 : 0)) },
      ['a[2]', 'a[10]'],
    ],
    ['equal', { a: [1] }, { a: [1] }, []],
    ['not objects', 1, 2, ['(whole object)']],
  ])('%s', (_, before, after, paths) => {
    expect(changedPaths(before, after)).toEqual(paths);
  });
  it('cuts long lists', () => {
    const a = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i]));
    const b = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i + 1]));
    expect(changedPaths(a, b)).toEqual(['k0', 'k1', 'k2', 'k3', '… and 4 more']);
  });
  it('lists the spec parts of a created or deleted object', () => {
    expect(pathsOf('create', undefined, { spec: { hosts: [], http: [] } })).toEqual([
      'spec.hosts',
      'spec.http',
    ]);
    expect(pathsOf('delete', { spec: { host: 'x' } }, undefined)).toEqual(['spec.host']);
  });
});

describe('parseRetention', () => {
  it.each([
    ['14d', 14 * 86_400_000],
    ['36h', 36 * 3_600_000],
    ['2w', 14 * 86_400_000],
    ['0d', undefined],
    ['14', undefined],
    ['forever', undefined],
  ])('%s', (text, ms) => expect(parseRetention(text)).toBe(ms));
});
