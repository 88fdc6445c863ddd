import type { EdgeData } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { codeMeaning, flagsMeaning, hostRows, outcomeRows, responseRows } from './edgeResponses.ts';

const edge = (traffic: EdgeData['traffic']): EdgeData => ({ id: 'e', source: 'a', target: 'b', traffic });

const CART_TO_CATALOG = edge({
  protocol: 'grpc',
  rates: { grpc: 2.03, grpcErr: 0.0373, grpcPercentErr: 1.83, grpcPercentReq: 100 },
  responses: {
    '0': { flags: { '-': 98.17 }, hosts: { 'catalog.shop-core.svc.cluster.local': 98.17 } },
    '5': { flags: { '-': 1.83 }, hosts: { 'catalog.shop-core.svc.cluster.local': 1.83 } },
  },
});

const TO_POSTGRES = edge({
  protocol: 'tcp',
  rates: { tcp: 4951.94 },
  responses: { '-': { flags: { '-': 100 }, hosts: { 'postgres.shop-data.svc.cluster.local': 100 } } },
});

const TO_REVIEWS = edge({
  protocol: 'http',
  rates: { http: 10, http4xx: 1, http5xx: 0.5, httpNoResponse: 0.1, httpPercentErr: 16 },
  responses: {
    '200': { flags: { '-': 84 }, hosts: { reviews: 84 } },
    '404': { flags: { NR: 10 }, hosts: { reviews: 10 } },
    '503': { flags: { UH: 3, 'UF,URX': 2 }, hosts: { reviews: 5 } },
    '0': { flags: { DC: 1 }, hosts: { reviews: 1 } },
  },
});

describe('outcomeRows', () => {
  it.each<[string, EdgeData, Array<[string, number, boolean]>]>([
    [
      'gRPC: OK is what the errors leave, errors are any non-OK status',
      CART_TO_CATALOG,
      [
        ['OK', 2.03 - 0.0373, false],
        ['Error (non-OK status)', 0.0373, true],
      ],
    ],
    [
      'gRPC without errors: one row',
      edge({ protocol: 'grpc', rates: { grpc: 0.32 }, responses: {} }),
      [['OK', 0.32, false]],
    ],
    [
      'HTTP: 2xx is the rest, empty classes left out',
      TO_REVIEWS,
      [
        ['2xx', 8.4, false],
        ['4xx', 1, true],
        ['5xx', 0.5, true],
        ['No response', 0.1, true],
      ],
    ],
    ['TCP: no requests', TO_POSTGRES, []],
    ['idle edge without rates', edge({ protocol: 'http' }), [['2xx', 0, false]]],
  ])('%s', (_name, e, rows) => {
    const actual = outcomeRows(e);
    expect(actual.map((r) => [r.label, r.bad])).toEqual(rows.map(([label, , bad]) => [label, bad]));
    actual.forEach((r, i) => expect(r.rate).toBeCloseTo(rows[i]![1], 9));
  });

  it('adds up to the edge rate', () => {
    for (const e of [CART_TO_CATALOG, TO_REVIEWS]) {
      const rate = e.traffic.rates?.[e.traffic.protocol] ?? 0;
      expect(outcomeRows(e).reduce((s, r) => s + r.rate, 0)).toBeCloseTo(rate, 9);
    }
  });
});

describe('responseRows', () => {
  it('lists gRPC statuses with their names, largest share first, the API numbers unchanged', () => {
    expect(responseRows(CART_TO_CATALOG)).toEqual([
      { code: '0', codeMeaning: 'OK', flags: '-', flagsMeaning: '', percent: 98.17, bad: false },
      { code: '5', codeMeaning: 'NOT_FOUND', flags: '-', flagsMeaning: '', percent: 1.83, bad: true },
    ]);
  });

  it('lists one row per code and flag for HTTP; a flag marks a row bad', () => {
    expect(responseRows(TO_REVIEWS).map((r) => [r.code, r.flags, r.percent, r.bad])).toEqual([
      ['200', '-', 84, false],
      ['404', 'NR', 10, true],
      ['503', 'UH', 3, true],
      ['503', 'UF,URX', 2, true],
      ['0', 'DC', 1, true],
    ]);
  });

  it('lists TCP connections by flag', () => {
    expect(responseRows(TO_POSTGRES)).toEqual([
      { code: '-', codeMeaning: '', flags: '-', flagsMeaning: '', percent: 100, bad: false },
    ]);
  });

  it('copes with Kiali leaving responses or flags out', () => {
    expect(responseRows(edge({ protocol: 'grpc' }))).toEqual([]);
    expect(responseRows(edge({ protocol: 'grpc', responses: { '0': {} } }))).toEqual([]);
  });
});

describe('hostRows', () => {
  it('lists code x host shares', () => {
    expect(hostRows(TO_REVIEWS).map((r) => `${r.code} ${r.host} ${r.percent}`)).toEqual([
      '200 reviews 84',
      '404 reviews 10',
      '503 reviews 5',
      '0 reviews 1',
    ]);
  });
});

describe('meanings', () => {
  it.each([
    ['grpc', '0', 'OK'],
    ['grpc', '14', 'UNAVAILABLE'],
    ['grpc', '16', 'UNAUTHENTICATED'],
    ['grpc', '17', ''],
    ['grpc', '-', 'no status'],
    ['grpc', '503', ''],
    ['http', '0', 'no response'],
    ['http', '503', ''],
  ] as const)('%s code %s: %j', (protocol, code, text) => {
    expect(codeMeaning(protocol, code)).toBe(text);
  });

  it.each([
    ['-', ''],
    ['UH', 'no healthy upstream'],
    ['UT,URX', 'upstream request timeout, upstream retry limit exceeded'],
    ['XYZ', 'XYZ'],
  ])('flags %s: %j', (flags, text) => {
    expect(flagsMeaning(flags)).toBe(text);
  });
});
