import { describe, expect, it } from 'vitest';
import { formatAccessLogLine, responseCodeDetails } from './accessLogLine.ts';

describe('formatAccessLogLine', () => {
  it("prints Istio's default text format, unset values as -", () => {
    expect(
      formatAccessLogLine({
        startMs: Date.parse('2020-11-25T21:26:18.409Z'),
        method: 'GET',
        path: '/status/418',
        protocol: 'HTTP/1.1',
        responseCode: 418,
        responseFlags: '-',
        responseCodeDetails: 'via_upstream',
        bytesReceived: 0,
        bytesSent: 135,
        durationMs: 4,
        upstreamServiceTimeMs: 4,
        userAgent: 'curl/7.73.0-DEV',
        requestId: '84961386-6d84-929d-98bd-c5aee93b5c88',
        authority: 'httpbin:8000',
        upstreamHost: '10.44.1.27:80',
        upstreamCluster: 'outbound|8000||httpbin.foo.svc.cluster.local',
        upstreamLocalAddress: '10.44.1.23:37652',
        downstreamLocalAddress: '10.0.45.184:8000',
        downstreamRemoteAddress: '10.44.1.23:46520',
        routeName: 'default',
      }),
    ).toBe(
      // The example line of Istio's "Envoy Access Logs" task.
      '[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default',
    );
  });
});

describe('responseCodeDetails', () => {
  it.each([
    [200, '-', 'via_upstream'],
    [503, 'UH', 'no_healthy_upstream'],
    [503, 'UF,URX', 'upstream_reset_before_response_started{connection_failure}'],
    [404, 'NR', 'route_not_found'],
    [500, 'DI,FI', 'fault_filter_abort'],
    [504, 'UT', 'response_timeout'],
    [0, 'DC', 'downstream_remote_disconnect'],
  ])('%i %s -> %s', (code, flags, expected) => {
    expect(responseCodeDetails(code, flags)).toBe(expected);
  });
});
