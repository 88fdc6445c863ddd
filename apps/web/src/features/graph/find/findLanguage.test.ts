import { describe, expect, it } from 'vitest';
import { matches, parseFind, type FindExpr, type FindSubject } from './findLanguage.ts';

const reviewsV2: FindSubject = {
  text: {
    name: ['reviews', 'reviews-v2'],
    namespace: ['bookinfo'],
    app: ['reviews'],
    version: ['v2'],
    type: ['app'],
    health: ['degraded'],
    protocol: ['http'],
  },
  numbers: { rate: 3.6, httpin: 3.6, httpout: 3.6, errpct: 12.5 },
  flags: new Set(['node', 'degraded', 'unhealthy', 'http', 'vs']),
};

const edgeToRatings: FindSubject = {
  text: { protocol: ['http'], health: ['healthy'], type: ['edge'] },
  numbers: { rate: 3.6, errpct: 0, rt: 250, mtls: 100, trafficpct: 100, throughput: 1100 },
  flags: new Set(['edge', 'healthy', 'mtls', 'http']),
};

function parsed(text: string): FindExpr {
  const result = parseFind(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  if (!result.expr) throw new Error(`${text}: empty`);
  return result.expr;
}

describe('parseFind', () => {
  it.each<[string, FindExpr]>([
    ['name = reviews', { kind: 'text', field: 'name', op: '=', value: 'reviews' }],
    ['NAME=reviews', { kind: 'text', field: 'name', op: '=', value: 'reviews' }],
    ['ns != "istio-system"', { kind: 'text', field: 'namespace', op: '!=', value: 'istio-system' }],
    ['%httperr > 5', { kind: 'number', field: 'errpct', op: '>', value: 5 }],
    ['rt >= 200.5', { kind: 'number', field: 'rt', op: '>=', value: 200.5 }],
    ['mtls', { kind: 'flag', flag: 'mtls' }],
    ['mtls < 100', { kind: 'number', field: 'mtls', op: '<', value: 100 }],
    ['!healthy', { kind: 'not', expr: { kind: 'flag', flag: 'healthy' } }],
    ['not healthy', { kind: 'not', expr: { kind: 'flag', flag: 'healthy' } }],
    [
      'app=1 OR ns=2',
      {
        kind: 'or',
        left: { kind: 'text', field: 'app', op: '=', value: '1' },
        right: { kind: 'text', field: 'namespace', op: '=', value: '2' },
      },
    ],
    [
      'vs and fault || cb',
      {
        kind: 'or',
        left: { kind: 'and', left: { kind: 'flag', flag: 'vs' }, right: { kind: 'flag', flag: 'fault' } },
        right: { kind: 'flag', flag: 'cb' },
      },
    ],
    [
      'vs && (fault or cb)',
      {
        kind: 'and',
        left: { kind: 'flag', flag: 'vs' },
        right: { kind: 'or', left: { kind: 'flag', flag: 'fault' }, right: { kind: 'flag', flag: 'cb' } },
      },
    ],
    ['name == reviews*', { kind: 'text', field: 'name', op: '=', value: 'reviews*' }],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it.each(['health = Degraded', 'type = svc*', 'protocol = TCP', 'health = "no health data"'])(
    'accepts a known value or a pattern: %j',
    (text) => expect(parseFind(text).ok).toBe(true),
  );

  it('treats blank input as no expression', () => {
    expect(parseFind('   ')).toEqual({ ok: true, expr: undefined });
  });

  it.each<[string, string, number, number]>([
    ['nam = reviews', 'Unknown field "nam" — did you mean name?', 0, 3],
    ['helthy', 'Unknown flag "helthy" — did you mean healthy?', 0, 6],
    ['zzzzzz', 'Unknown flag "zzzzzz"', 0, 6],
    ['name', '"name" needs a comparison, e.g. name = value', 0, 4],
    ['rt', '"rt" needs a comparison, e.g. rt > 5', 0, 2],
    ['rt > fast', '"rt" compares numbers; "fast" is not one', 5, 9],
    ['name > 3', '"name" compares with = or != only', 5, 6],
    ['name =', 'Expected a value after "="', 6, 6],
    ['name = "reviews', 'Missing closing "', 7, 15],
    ['(vs or cb', 'Missing ")"', 9, 9],
    ['vs cb', 'Unexpected "cb" (join conditions with AND or OR)', 3, 5],
    ['vs and', 'Expression ends too early', 6, 6],
    ['vs # cb', 'Unexpected character "#"', 3, 4],
    ['= 3', 'Expected a field or a flag, found "="', 0, 1],
    [
      'health = bad',
      '"health" is one of healthy, degraded, failure, na, no health data; "bad" never matches',
      9,
      12,
    ],
    [
      'type = pod',
      '"type" is one of app, workload, service, serviceentry, unknown, gateway, box, namespace; "pod" never matches',
      7,
      10,
    ],
    ['protocol != udp', '"protocol" is one of http, grpc, tcp; "udp" never matches', 12, 15],
  ])('reports %j: %s', (text, message, start, end) => {
    expect(parseFind(text)).toEqual({ ok: false, error: { message, start, end } });
  });
});

describe('matches', () => {
  it.each<[string, boolean, boolean]>([
    // expression, reviews v2 node, edge to ratings
    ['name = reviews', true, false],
    ['name = REVIEWS-V2', true, false],
    ['name = rev*', true, false],
    ['name = ratings', false, false],
    ['name != ratings', true, true],
    ['namespace = bookinfo', true, false],
    ['%httperr > 5', true, false],
    ['%httperr >= 0', true, true],
    ['rt > 200', false, true],
    ['rt < 200', false, false],
    ['mtls', false, true],
    ['mtls = 100', false, true],
    ['!healthy', true, false],
    ['healthy', false, true],
    ['unhealthy or rt > 200', true, true],
    ['node and vs', true, false],
    ['edge and mtls and rate > 1', false, true],
    ['protocol = http', true, true],
    ['protocol = tcp', false, false],
    ['!(name = reviews) and http', false, true],
    ['type = app', true, false],
  ])('%s', (text, node, edge) => {
    const expr = parsed(text);
    expect(matches(expr, reviewsV2)).toBe(node);
    expect(matches(expr, edgeToRatings)).toBe(edge);
  });
});
