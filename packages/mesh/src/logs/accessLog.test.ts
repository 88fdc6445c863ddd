import { describe, expect, it } from 'vitest';
import { accessLogSeverity, parseAccessLogLine } from './accessLog.ts';

// Lines as Istio's sidecars write them: the first is the example of Istio's "Envoy Access Logs"
// task; the others as mesh-sim writes them for the faults it plays.
const ISTIO_EXAMPLE =
  '[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default';
const INBOUND =
  '[2026-12-04T22:08:24.194Z] "GET /reviews/0 HTTP/1.1" 200 - via_upstream - "-" 355 317 3 2 "-" "-" "68905cf3-b5c9-4e31-a7bc-72dce8ae2cc3" "reviews:9080" "10.244.0.6:9080" inbound|9080|| 127.0.0.6:53758 10.244.0.6:9080 10.244.0.200:46247 outbound_.9080_._.reviews.bookinfo.svc.cluster.local default';
const NO_HEALTHY_UPSTREAM =
  '[2026-12-04T22:08:25.001Z] "GET /ratings/3 HTTP/1.1" 503 UH no_healthy_upstream - "-" 0 19 0 - "-" "-" "1b2c3d4e-0000-4000-a000-000000000000" "ratings:9080" "-" outbound|9080||ratings.bookinfo.svc.cluster.local - 10.96.0.12:9080 10.244.0.6:40000 - default';
const RETRIED_CONNECT_FAILURE =
  '[2026-12-04T22:08:26.500Z] "GET /details/1 HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{connection_failure} - "TLS_error:_CERTIFICATE_VERIFY_FAILED" 0 91 52 - "-" "Mozilla/5.0 (X11; Linux x86_64)" "aa" "details:9080" "10.244.0.4:9080" outbound|9080||details.bookinfo.svc.cluster.local 10.244.0.5:41000 10.96.0.11:9080 10.244.0.5:40100 - default';
const TCP =
  '[2026-12-04T22:08:27.000Z] "- - -" 0 - - - "-" 120 4096 12 - "-" "-" "-" "-" "10.244.0.9:27017" outbound|27017||mongodb.bookinfo.svc.cluster.local 10.244.0.8:50000 10.96.0.20:27017 10.244.0.8:50001 - -';

describe('parseAccessLogLine', () => {
  it.each([
    {
      name: "Istio's documented example",
      line: ISTIO_EXAMPLE,
      expected: {
        startTime: '2020-11-25T21:26:18.409Z',
        method: 'GET',
        path: '/status/418',
        protocol: 'HTTP/1.1',
        responseCode: 418,
        responseFlags: [],
        responseCodeDetails: 'via_upstream',
        durationMs: 4,
        upstreamServiceTimeMs: 4,
        userAgent: 'curl/7.73.0-DEV',
        authority: 'httpbin:8000',
        upstreamHost: '10.44.1.27:80',
        upstreamCluster: 'outbound|8000||httpbin.foo.svc.cluster.local',
        requestedServerName: undefined,
        routeName: 'default',
        direction: 'outbound',
      },
    },
    {
      name: 'an inbound request over mTLS',
      line: INBOUND,
      expected: {
        responseCode: 200,
        bytesReceived: 355,
        bytesSent: 317,
        durationMs: 3,
        upstreamCluster: 'inbound|9080||',
        downstreamRemoteAddress: '10.244.0.200:46247',
        requestedServerName: 'outbound_.9080_._.reviews.bookinfo.svc.cluster.local',
        direction: 'inbound',
      },
    },
    {
      name: 'no healthy upstream: no upstream host, no service time',
      line: NO_HEALTHY_UPSTREAM,
      expected: {
        responseCode: 503,
        responseFlags: ['UH'],
        responseCodeDetails: 'no_healthy_upstream',
        upstreamHost: undefined,
        upstreamServiceTimeMs: undefined,
        upstreamLocalAddress: undefined,
      },
    },
    {
      name: 'several flags, a transport failure and a user agent with spaces',
      line: RETRIED_CONNECT_FAILURE,
      expected: {
        responseFlags: ['UF', 'URX'],
        upstreamTransportFailureReason: 'TLS_error:_CERTIFICATE_VERIFY_FAILED',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        durationMs: 52,
        upstreamCluster: 'outbound|9080||details.bookinfo.svc.cluster.local',
      },
    },
    {
      name: 'a TCP proxy line',
      line: TCP,
      expected: {
        method: undefined,
        path: undefined,
        protocol: undefined,
        responseCode: 0,
        bytesSent: 4096,
        upstreamHost: '10.244.0.9:27017',
        routeName: undefined,
      },
    },
  ])('$name', ({ line, expected }) => {
    expect(parseAccessLogLine(line)).toMatchObject(expected);
  });

  it.each([
    ['a startup message', '2026-12-04T22:08:20.000Z\tinfo\tEnvoy proxy is ready'],
    ['an app line', '2026-12-04T22:08:24.355Z INFO  GET /reviews/4 -> 200 in 7 ms'],
    ['JSON access logs', '{"start_time":"2026-12-04T22:08:24.355Z","response_code":200}'],
    ['an empty line', ''],
    ['a truncated line', ISTIO_EXAMPLE.slice(0, 80)],
  ])('is undefined for %s', (_name, line) => {
    expect(parseAccessLogLine(line)).toBeUndefined();
  });
});

describe('accessLogSeverity', () => {
  it.each([
    [200, 'HTTP/1.1', 'ok'],
    [302, 'HTTP/1.1', 'redirect'],
    [404, 'HTTP/1.1', 'clientError'],
    [503, 'HTTP/2', 'serverError'],
    [0, 'HTTP/1.1', 'noResponse'],
    [0, undefined, 'ok'],
  ] as const)('%i %s -> %s', (responseCode, protocol, expected) => {
    expect(accessLogSeverity({ responseCode, protocol })).toBe(expected);
  });
});
