import { describe, expect, it } from 'vitest';
import { graphQueryString, type GraphParams } from './graph.ts';

const params: GraphParams = {
  namespaces: ['shop', 'bookinfo'],
  graphType: 'versionedApp',
  duration: 60,
  queryTime: undefined,
  injectServiceNodes: true,
  boxBy: ['namespace', 'app'],
  idleNodes: false,
  responseTime: '95',
};

describe('graphQueryString', () => {
  it('speaks the server route: sorted namespaces, seconds, true/false, no queryTime when live', () => {
    expect(graphQueryString(params)).toEqual({
      namespaces: 'bookinfo,shop',
      graphType: 'versionedApp',
      duration: '60s',
      queryTime: undefined,
      injectServiceNodes: 'true',
      boxBy: 'namespace,app',
      appenders: 'deadNode,health,istio,meshCheck,responseTime,securityPolicy,serviceEntry,throughput',
      responseTime: '95',
    });
  });

  it('passes a look-back time and an empty box list', () => {
    expect(graphQueryString({ ...params, queryTime: 1_700_000_000, boxBy: [] })).toMatchObject({
      queryTime: '1700000000',
      boxBy: '',
    });
  });
});
