import type { HealthStatus } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { replicaFinding } from './replicaHealth.ts';
import { describeCodes, formatPercent, requestFindings, type RatesByCode } from './requestHealth.ts';
import { combineFindings } from './status.ts';
import { codeMatches, DEFAULT_TOLERANCES, tolerance } from './tolerance.ts';

const http = (codes: Record<string, number>): RatesByCode => ({
  http: new Map(Object.entries(codes)),
  grpc: new Map(),
});
const grpc = (codes: Record<string, number>): RatesByCode => ({
  http: new Map(),
  grpc: new Map(Object.entries(codes)),
});
const status = (rates: RatesByCode, direction: 'inbound' | 'outbound' = 'inbound') =>
  combineFindings(requestFindings(rates, DEFAULT_TOLERANCES, direction));

describe('request health with the default tolerances', () => {
  it.each<[string, RatesByCode, HealthStatus]>([
    ['no traffic', http({}), 'NA'],
    ['all 200', http({ '200': 10 }), 'Healthy'],
    ['3xx are fine', http({ '200': 5, '302': 5 }), 'Healthy'],
    ['any 5xx degrades', http({ '200': 9999, '500': 1 }), 'Degraded'],
    ['5xx just under 10 %', http({ '200': 90.01, '503': 9.99 }), 'Degraded'],
    ['5xx at 10 % fails', http({ '200': 90, '503': 10 }), 'Failure'],
    ['no response counts like 5xx', http({ '200': 85, '0': 15 }), 'Failure'],
    ['4xx under 10 % is fine', http({ '200': 90.01, '404': 9.99 }), 'Healthy'],
    ['4xx at 10 % degrades', http({ '200': 90, '404': 10 }), 'Degraded'],
    ['4xx at 20 % fails', http({ '200': 80, '404': 20 }), 'Failure'],
    ['gRPC OK', grpc({ '0': 10 }), 'Healthy'],
    ['gRPC error degrades', grpc({ '0': 99, '14': 1 }), 'Degraded'],
    ['gRPC no status fails at 10 %', grpc({ '0': 9, '-': 1 }), 'Failure'],
    ['gRPC status 17 is not in 1-16', grpc({ '0': 9, '17': 1 }), 'Healthy'],
  ])('%s -> %s', (_what, rates, expected) => {
    expect(status(rates).status).toBe(expected);
  });

  it('explains what crossed which threshold, worst first', () => {
    expect(status(http({ '200': 75, '503': 10, '404': 15 }))).toEqual({
      status: 'Failure',
      reasons: [
        '10% of HTTP requests got 5xx or no response (failing at 10% or more)',
        '15% of HTTP requests got 4xx (degraded at 10% or more)',
      ],
    });
    expect(status(http({ '200': 999, '500': 1 })).reasons).toEqual([
      '0.1% of HTTP requests got 5xx or no response (degraded above 0%)',
    ]);
  });

  it('applies a tolerance only in its direction and protocol', () => {
    const inboundOnly = [tolerance('5XX', 0, 10, 'http', 'inbound')];
    const rates = http({ '200': 1, '500': 1 });
    expect(combineFindings(requestFindings(rates, inboundOnly, 'inbound')).status).toBe('Failure');
    expect(combineFindings(requestFindings(rates, inboundOnly, 'outbound')).status).toBe('Healthy');
    const grpcOnly = [tolerance('5XX', 0, 10, 'grpc')];
    expect(combineFindings(requestFindings(rates, grpcOnly, 'inbound')).status).toBe('Healthy');
  });
});

describe('code matchers', () => {
  it.each([
    ['5XX', '503', true],
    ['5XX', '50', false],
    ['5XX', '403', false],
    ['404', '404', true],
    ['0', '0', true],
    ['1-16', '16', true],
    ['1-16', '0', false],
    ['1-16', '-', false],
    ['-', '-', true],
  ])('%s matches %s: %s', (codes, code, expected) => {
    expect(tolerance(codes, 0, 1).matchers.some((m) => codeMatches(m, code))).toBe(expected);
  });
});

describe('replica health', () => {
  it.each<[number, number, HealthStatus, string | undefined]>([
    [2, 2, 'Healthy', undefined],
    [2, 1, 'Degraded', 'w: 1 of 2 pods ready'],
    [2, 0, 'Failure', 'w: 0 of 2 pods ready'],
    [0, 0, 'Not Ready', 'w: scaled to 0 replicas'],
  ])('desired %i, ready %i -> %s', (desired, ready, expected, reason) => {
    expect(replicaFinding({ name: 'w', desired, ready })).toEqual({
      status: expected,
      ...(reason ? { reason } : {}),
    });
  });

  it('worst status wins when combined with traffic', () => {
    const findings = [
      ...requestFindings(http({ '200': 1 }), DEFAULT_TOLERANCES, 'inbound'),
      replicaFinding({ name: 'w', desired: 3, ready: 2 }),
    ];
    expect(combineFindings(findings)).toEqual({ status: 'Degraded', reasons: ['w: 2 of 3 pods ready'] });
    // Scaled to zero with successful requests still in the window: Not Ready, as Kiali shows it.
    expect(
      combineFindings([
        ...requestFindings(http({ '200': 1 }), DEFAULT_TOLERANCES, 'inbound'),
        replicaFinding({ name: 'w', desired: 0, ready: 0 }),
      ]).status,
    ).toBe('Not Ready');
    expect(combineFindings([{ status: 'Not Ready', reason: 'x' }, { status: 'Healthy' }]).status).toBe(
      'Not Ready',
    );
    expect(combineFindings([]).status).toBe('NA');
  });
});

describe('formatPercent', () => {
  it.each([
    [12.345, '12.3'],
    [100, '100'],
    [0.01234, '0.012'],
  ])('%d -> %s', (pct, text) => expect(formatPercent(pct)).toBe(text));
});

describe('describeCodes', () => {
  it.each([
    ['5XX|0', 'http', 'got 5xx or no response'],
    ['4XX', 'http', 'got 4xx'],
    ['5XX|429|0', 'http', 'got 5xx, 429 or no response'],
    ['1-16', 'grpc', 'got status 1-16'],
    ['-', 'grpc', 'got no status'],
  ] as const)('%s (%s) -> %s', (codes, protocol, text) => {
    expect(describeCodes(codes, protocol)).toBe(text);
  });
});
