import { describe, expect, it } from 'vitest';
import type { KubeApiError } from '../store/errors.ts';
import type { KubeObject } from '../store/types.ts';
import { containerOf, nanoTimestamp, parsePodLogOptions } from './podLog.ts';

const status = (fn: () => unknown): { code: number; message: string } | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    const e = error as KubeApiError;
    return { code: e.code, message: e.message };
  }
};

describe('parsePodLogOptions', () => {
  it.each([
    ['', { follow: false, previous: false, timestamps: false }],
    [
      'container=app&follow=true&tailLines=5&timestamps=true&limitBytes=100',
      { container: 'app', follow: true, previous: false, timestamps: true, tailLines: 5, limitBytes: 100 },
    ],
    ['sinceSeconds=60', { follow: false, previous: false, timestamps: false, sinceSeconds: 60 }],
    [
      'sinceTime=2026-01-01T00:00:00Z',
      { follow: false, previous: false, timestamps: false, sinceTime: '2026-01-01T00:00:00Z' },
    ],
  ])('%s', (query, expected) => {
    expect(parsePodLogOptions(new URLSearchParams(query), 'p')).toEqual(expected);
  });

  it.each([
    ['tailLines=x', 400, 'invalid syntax'],
    ['sinceTime=yesterday', 400, 'cannot parse'],
    ['tailLines=-1', 422, 'tailLines: must be greater than or equal to 0'],
    ['limitBytes=0', 422, 'limitBytes: must be greater than 0'],
    ['sinceSeconds=0', 422, 'sinceSeconds: must be greater than 0'],
    ['sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z', 422, 'at most one of'],
  ])('%s is a %i', (query, code, message) => {
    const error = status(() => parsePodLogOptions(new URLSearchParams(query), 'p'));
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(message);
  });
});

const pod = (containers: string[], init: string[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'reviews-v1-x', namespace: 'bookinfo' },
  spec: { containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
});

describe('containerOf', () => {
  it.each([
    [['app'], [], undefined, 'app'],
    [['app', 'istio-proxy'], ['istio-init'], 'istio-proxy', 'istio-proxy'],
    [['app', 'istio-proxy'], ['istio-init'], 'istio-init', 'istio-init'],
  ])('%j %j %s -> %s', (containers, init, requested, expected) => {
    expect(containerOf(pod(containers, init), requested)).toBe(expected);
  });

  it('names the choices when a pod has several containers, as kube-apiserver does', () => {
    expect(status(() => containerOf(pod(['reviews', 'istio-proxy'], ['istio-init']), undefined))).toEqual({
      code: 400,
      message:
        'a container name must be specified for pod reviews-v1-x, choose one of: [reviews istio-proxy] or one of the init containers: [istio-init]',
    });
  });

  it('refuses a container the pod does not have', () => {
    expect(status(() => containerOf(pod(['app']), 'nope'))).toEqual({
      code: 400,
      message: 'container nope is not valid for pod reviews-v1-x',
    });
  });
});

it('prefixes timestamps in RFC 3339 with nanoseconds', () => {
  expect(nanoTimestamp(Date.parse('2026-12-04T22:08:24.355Z'))).toBe('2026-12-04T22:08:24.355000000Z');
});
