import { describe, expect, it } from 'vitest';
import { decodeLogsState, encodeLogsState, type LogsViewState } from './logsUrlState.ts';

const defaults: LogsViewState = {
  pod: undefined,
  container: undefined,
  tailLines: 500,
  sinceSeconds: undefined,
  follow: false,
  search: '',
};

describe('logs URL state', () => {
  it.each<[string, string, Partial<LogsViewState>]>([
    ['nothing: defaults', '', {}],
    [
      'every choice',
      'tab=logs&pod=web-1&container=istio-proxy&tail=1000&since=300&follow=1&q=503+UH',
      {
        pod: 'web-1',
        container: 'istio-proxy',
        tailLines: 1000,
        sinceSeconds: 300,
        follow: true,
        search: '503 UH',
      },
    ],
    ['a tail that is not a choice', 'tail=7', {}],
    ['a since that is not a choice', 'since=42', {}],
    ['a pod name Kubernetes would refuse', 'pod=Bad%20Name', {}],
    ['follow must be 1', 'follow=yes', {}],
  ])('%s', (_, search, want) => {
    expect(decodeLogsState(search)).toEqual({ ...defaults, ...want });
  });

  it('round-trips, keeps other parameters and leaves defaults out', () => {
    const state: LogsViewState = { ...defaults, container: 'istio-proxy', follow: true, search: 'a&b' };
    const search = encodeLogsState('tab=logs&pod=old', state);
    expect(search).toBe('tab=logs&container=istio-proxy&follow=1&q=a%26b');
    expect(decodeLogsState(search)).toEqual(state);
    expect(encodeLogsState('tab=logs', defaults)).toBe('tab=logs');
  });
});
