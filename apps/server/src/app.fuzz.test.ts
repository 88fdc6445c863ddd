import { createServer, type Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { errorEnvelopeSchema, istioResourceSchema } from '@sextant/contracts';
import {
  AMBIENT_TRAFFIC_VALUES,
  APPENDER_NAMES,
  RATE_GRPC_VALUES,
  RATE_HTTP_VALUES,
  RATE_TCP_VALUES,
} from '@sextant/mesh';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewsSpec, seedBookinfo, virtualService } from './testing/istioFixtures.ts';
import { makeTestApp, type TestApp } from './testing/testApp.ts';

/**
 * Property-based fuzzing of every route of the real app (createApp over the fakes): path
 * segments, query parameters and bodies, drawn from valid values, near misses and junk. Whatever
 * is sent, the answer is never a 500, an error is always the JSON envelope, no body leaks a stack
 * trace or a source path, and an error never leaves a change behind in the fake API server.
 * A failure prints fast-check's seed and shrunk counterexample: replay it with `{ seed, path }`.
 */

/** Runs per property; SEXTANT_FUZZ_RUNS=5000 for a deeper search than the one every test run does. */
const RUNS = Number(process.env.SEXTANT_FUZZ_RUNS ?? 200);
/** Per property: a few seconds on 2 busy cores at the default runs; deep runs get more. */
const TIMEOUT_MS = Math.max(30_000, RUNS * 100);

// ---------------------------------------------------------------- values

/** Names the fake knows (so some requests reach the service and its fake API server). */
const KNOWN = [
  'bookinfo',
  'default',
  'reviews',
  'ratings',
  'reviews-v1',
  'v1',
  'allow-nothing',
  ...istioResourceSchema.options,
  'workloads',
  'apps',
  'services',
  'metrics',
  'dashboard',
  'graph',
  'istio',
  'tls',
];

/** Near misses and junk, sent as they are (ASCII only: the request line allows nothing else). */
const RAW_JUNK = [
  '',
  '.',
  '..',
  '-x',
  'x-',
  'A',
  'a'.repeat(300),
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '%',
  '%Z',
  '%ZZ',
  '%E0%A4%A',
  '%00',
  '%2F',
  '%2e%2e',
  '%C0%AF',
  '%FF',
  '%FE%FF',
  '%ED%A0%80',
  'a%20b',
  'null',
  'undefined',
  '0',
  '-1',
  '1e999',
  'NaN',
  'true',
  '[]',
  '{}',
  "'",
  '"',
  '<script>',
  '\\',
  '*',
];

/** Percent-encodes every byte outside the unreserved set; lone surrogates become U+FFFD, as in a browser. */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const anyText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_', ',', ' ', '%', ':'), maxLength: 70 }),
);

/** One URL-ready path segment or query value. */
const urlPiece = (known: readonly string[]) =>
  fc.oneof(
    // Mostly names that pass, so requests get past validation into the services.
    { weight: 10, arbitrary: fc.constantFrom(...known).map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_JUNK) },
    { weight: 1, arbitrary: anyText.map(encode) },
  );

const segment = urlPiece(KNOWN);

/** Per parameter: values that pass, then near misses that must be a 400. */
type Params = Record<string, readonly [good: readonly string[], bad: readonly string[]]>;

const QUERY_TIMES = [
  ['1735732800', '1735732000.5', '1700000000'],
  ['0', '-1', '99999999999', '1e9', '1735732800.1234'],
] as const;

const GRAPH_PARAMS: Params = {
  namespaces: [
    ['bookinfo', 'bookinfo,default', 'default', 'nowhere'],
    ['bookinfo,', ',', 'BOOKINFO', ''],
  ],
  graphType: [
    ['app', 'versionedApp', 'workload', 'service'],
    ['node', 'App'],
  ],
  duration: [
    ['60s', '10m', '1h', '24h'],
    ['25h', '0s', '999999999h', '5', '1.5m'],
  ],
  queryTime: QUERY_TIMES,
  injectServiceNodes: [
    ['true', 'false'],
    ['TRUE', '1'],
  ],
  includeIdleEdges: [['true', 'false'], ['yes']],
  boxBy: [
    ['app', 'namespace', 'cluster', 'app,namespace,cluster', 'none', ''],
    ['app,,x', 'pod'],
  ],
  appenders: [
    ['', ...APPENDER_NAMES, APPENDER_NAMES.join(',')],
    ['deadNode,nope', 'x'],
  ],
  responseTime: [
    ['avg', '50', '95', '99'],
    ['100', ''],
  ],
  throughputType: [['request', 'response'], ['both']],
  rateHttp: [RATE_HTTP_VALUES, ['x']],
  rateGrpc: [RATE_GRPC_VALUES, ['x']],
  rateTcp: [RATE_TCP_VALUES, ['x']],
  ambientTraffic: [AMBIENT_TRAFFIC_VALUES, ['x']],
  configVendor: [['cytoscape'], ['kiali']],
  telemetryVendor: [['istio'], ['x']],
  clusterName: [['Kubernetes', 'unknown', 'east'], ['a'.repeat(300)]],
};

const METRICS_PARAMS: Params = {
  duration: [
    ['60s', '10m', '1h', '24h'],
    ['0s', '100h'],
  ],
  step: [
    ['15s', '1m', '60', '1h'],
    ['0', '999999999', '1s'],
  ],
  rateInterval: [
    ['1m', '5m', '30'],
    ['0s', '-1'],
  ],
  direction: [
    ['inbound', 'outbound'],
    ['both', 'x'],
  ],
  queryTime: QUERY_TIMES,
  version: [
    ['v1', 'v2'],
    ['', '-v', 'a'.repeat(70)],
  ],
};

const DASHBOARD_PARAMS: Params = {
  duration: METRICS_PARAMS.duration!,
  step: METRICS_PARAMS.step!,
  rateInterval: METRICS_PARAMS.rateInterval!,
  direction: METRICS_PARAMS.direction!,
  queryTime: QUERY_TIMES,
  groupBy: [
    ['none', 'peer', 'version', 'responseCode', 'reporter'],
    ['', 'app', 'version,peer'],
  ],
  reporter: [
    ['source', 'destination', 'both'],
    ['', 'proxy'],
  ],
  quantiles: [
    ['0.5', '0.5,0.95,0.99', '.999'],
    ['', '1', '0', '0.5,,0.9', '-0.5', 'NaN', '0.1,0.2,0.3,0.4,0.5,0.6'],
  ],
};

const CONFIG_PARAMS = {
  kind: [
    ['virtualservices', 'virtualservices,destinationrules', 'sidecars'],
    ['pods', '', 'virtualservices,'],
  ],
  valid: [['true', 'false'], ['maybe']],
  dryRun: [
    ['true', 'false'],
    ['All', ''],
  ],
  force: [['true', 'false'], ['1']],
  resourceVersion: [
    ['1001', '1002', '1003', '1'],
    ['', 'abc', '-1', '99999999999999999999999', ' 1'],
  ],
} satisfies Params;

/** `a=1&b=2`: mostly known parameters with good values, some near misses, unknown or repeated ones. */
function queryOf(params: Params) {
  const names = Object.keys(params);
  const value = (name: string) => {
    const [good, bad] = params[name]!;
    return fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...good).map(encode) },
      { weight: 1, arbitrary: fc.constantFrom(...bad).map(encode) },
      { weight: 1, arbitrary: urlPiece(good) },
    );
  };
  const stray = fc.tuple(urlPiece(['namespace', 'x', 'a[b]', '__proto__']), urlPiece(['1']));
  const known = fc
    .constantFrom(...(names.length ? names : ['x']))
    .chain((name) => fc.tuple(fc.constant(encode(name)), names.length ? value(name) : urlPiece(['1'])));
  // Each known parameter mostly once (twice is a 400), now and then an unknown one.
  const pairs = fc.oneof(
    { weight: 12, arbitrary: fc.uniqueArray(known, { maxLength: 4, selector: ([k]) => k }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(known, stray), { maxLength: 4 }) },
  );
  return pairs.map((ps) => (ps.length ? `?${ps.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
}

// ---------------------------------------------------------------- bodies

const VS = virtualService('reviews', reviewsSpec([['v1', 100]]), { resourceVersion: '1002' });
const NEW_VS = virtualService(
  'canary',
  reviewsSpec([
    ['v1', 90],
    ['v2', 10],
  ]),
);
const DR = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'ratings', namespace: 'bookinfo' },
  spec: { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
};
const AP = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'deny', namespace: 'bookinfo' },
  spec: {},
};

const FIELD_PATHS = [
  'apiVersion',
  'kind',
  'metadata',
  'metadata.name',
  'metadata.namespace',
  'metadata.resourceVersion',
  'metadata.labels',
  'metadata.labels.app',
  'metadata.annotations',
  'metadata.__proto__',
  'spec',
  'spec.hosts',
  'spec.hosts.0',
  'spec.http',
  'spec.http.0',
  'spec.http.0.route',
  'spec.http.0.route.0.weight',
  'spec.http.0.route.0.destination',
  'spec.http.0.route.0.destination.subset',
  'spec.http.0.timeout',
  'spec.http.0.fault.abort.percentage.value',
  'spec.host',
  'spec.subsets',
  'spec.subsets.0.name',
  'spec.rules',
  'status',
];

/** A JSON value near what a field holds: names, versions, numbers, odd structures. */
const fieldValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN, '1002', '1001', 'abc', '', 'v9', '10s', '-1s') },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1e308, 100, 101, true, [], {}) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

function setPath(target: unknown, path: string, value: unknown): unknown {
  const root = structuredClone(target) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = root;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null) {
      const created: Record<string, unknown> = {};
      Object.defineProperty(at, key, {
        value: created,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      at = created;
    } else at = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last];
  else Object.defineProperty(at, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

const mutatedObject = fc
  .tuple(
    fc.constantFrom<unknown>(VS, NEW_VS, DR, AP),
    // Half the objects go out as written (and may be stored), half with 1-3 fields changed.
    fc.oneof(
      fc.constant([]),
      fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), fieldValue), { minLength: 1, maxLength: 3 }),
    ),
  )
  .map(([base, edits]) => edits.reduce((o, [path, value]) => setPath(o, path, value), base));

type Body = { json: unknown } | { raw: string; type: string };

/** JSON text that JSON.parse accepts but that plays with prototypes and sizes. */
const TRICKY_JSON = [
  '{"__proto__":{"kind":"VirtualService"}}',
  '{"metadata":{"__proto__":{"name":"x"},"name":"x"}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"objects":{"length":3}}',
  '{"objects":[null,1,"x",[]]}',
  `{"objects":[${Array.from({ length: 40 }, () => JSON.stringify(NEW_VS)).join(',')}]}`,
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '"a string"',
  '12',
  'null',
  '{"a":1}{"b":2}',
  '{"a":',
  '\u0000',
  '{"metadata":{"name":"x\\ud800"}}',
];

/** `{objects: [...]}` of mostly Istio objects, as the set route takes. */
const setBody = fc
  .array(fc.oneof({ weight: 6, arbitrary: mutatedObject }, { weight: 1, arbitrary: fieldValue }), {
    minLength: 1,
    maxLength: 4,
  })
  .map((objects) => ({ json: { objects } }));

const rawBody = fc.record({
  raw: fc.oneof(fc.constantFrom(...TRICKY_JSON), anyText),
  type: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/merge-patch+json',
  ),
});

/** Mostly what `shape` describes, sometimes any JSON, sometimes text that is not what it claims. */
const bodiesLike = (shape: fc.Arbitrary<Body>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 6, arbitrary: shape },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })) },
    { weight: 2, arbitrary: rawBody },
  );

const objectBodies = bodiesLike(mutatedObject.map((json) => ({ json })));
const setBodies = bodiesLike(setBody);

// ---------------------------------------------------------------- harness

type Method = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

interface Probe {
  method: Method;
  path: string;
  query: string;
  body?: Body | undefined;
  headers?: Record<string, string> | undefined;
}

let current: TestApp;
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    current.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function freshApp(): TestApp {
  const t = makeTestApp();
  seedBookinfo(t.kube);
  return t;
}

/** Stack frames, source paths and modules: what an answer must never show. */
const LEAK = /\/work\/|node_modules|\.[cm]?[tj]sx?:\d|(^|\n|\\n)\s*at\s|\bat .*\(.*:\d+:\d+\)/;

async function send(probe: Probe): Promise<request.Response> {
  const url = `${probe.path}${probe.query}`;
  const agent = request(server);
  let req: request.Test;
  switch (probe.method) {
    case 'GET':
      req = agent.get(url);
      break;
    case 'HEAD':
      req = agent.head(url);
      break;
    case 'OPTIONS':
      req = agent.options(url);
      break;
    case 'POST':
      req = agent.post(url);
      break;
    case 'PUT':
      req = agent.put(url);
      break;
    case 'DELETE':
      req = agent.delete(url);
      break;
    case 'PATCH':
      req = agent.patch(url);
      break;
  }
  if (probe.headers) req = req.set(probe.headers);
  if (probe.body === undefined) return req;
  if ('json' in probe.body)
    return req.set('Content-Type', 'application/json').send(JSON.stringify(probe.body.json));
  return req.set('Content-Type', probe.body.type).send(probe.body.raw);
}

/** What the fake API server stores; an empty list is no object (the fake creates lists on a read). */
function stored(t: TestApp): Record<string, unknown> {
  return Object.fromEntries(Object.entries(t.kube.objects).filter(([, list]) => list && list.length > 0));
}

/** Sends `probe` to a fresh app and checks the properties every answer must have. */
async function check(probe: Probe): Promise<void> {
  current = freshApp();
  const before = structuredClone(stored(current));
  const res = await send(probe);
  const text = res.text ?? ''; // HEAD: no body
  const where = `${probe.method} ${probe.path}${probe.query} -> ${res.status} ${text.slice(0, 300)}`;

  expect(res.status, where).toBeLessThan(500);
  expect(LEAK.test(text), where).toBe(false);
  if (res.status >= 400) {
    expect(res.headers['content-type'], where).toMatch(/^application\/json/);
    if (probe.method !== 'HEAD') expect(errorEnvelopeSchema.safeParse(res.body).success, where).toBe(true);
    expect(isDeepStrictEqual(stored(current), before), `${where}: the error left a change behind`).toBe(true);
  } else if (probe.method === 'OPTIONS') {
    // Express answers OPTIONS itself: the methods the path allows, nothing more.
    expect(res.headers.allow, where).toMatch(/^[A-Z, ]+$/);
  } else if (probe.path.startsWith('/api/')) {
    expect(res.headers['content-type'], where).toMatch(/^application\/json/);
  }
  if (/(^|[?&])dryRun=true(&|$)/.test(probe.query)) {
    expect(isDeepStrictEqual(stored(current), before), `${where}: a dry run stored something`).toBe(true);
  }
}

/** A route template: `:x` segments are drawn from `segment`, the rest stays as written. */
function pathOf(template: string): fc.Arbitrary<string> {
  const parts = template.split('/').map((p) => (p.startsWith(':') ? segment : fc.constant(p)));
  return fc.tuple(...parts).map((ps) => ps.join('/'));
}

const probe = (
  methods: readonly Method[],
  templates: readonly string[],
  query: fc.Arbitrary<string>,
  bodies?: fc.Arbitrary<Body>,
): fc.Arbitrary<Probe> =>
  fc.record({
    method: fc.constantFrom(...methods),
    path: fc.constantFrom(...templates).chain(pathOf),
    query,
    body: bodies ? fc.option(bodies, { nil: undefined, freq: 5 }) : fc.constant(undefined),
  });

/** Several routes, each with its own methods and parameters, in one property. */
const routes = (
  specs: ReadonlyArray<[methods: readonly Method[], templates: readonly string[], params: Params]>,
  bodies?: fc.Arbitrary<Body>,
) =>
  fc.oneof(
    ...specs.map(([methods, templates, params]) => probe(methods, templates, queryOf(params), bodies)),
  );

const run = (arbitrary: fc.Arbitrary<Probe>) =>
  fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: RUNS });

// ---------------------------------------------------------------- properties

describe(
  'every route, fuzzed: no 500, the envelope, no leak, no change on error',
  { timeout: TIMEOUT_MS },
  () => {
    it('namespace graphs', () =>
      run(
        probe(
          ['GET'],
          ['/api/namespaces/graph'],
          // Most requests name their namespaces (required) once, then vary the rest.
          fc
            .tuple(
              fc.option(fc.constantFrom('bookinfo', 'bookinfo,default'), { freq: 6 }),
              queryOf(GRAPH_PARAMS),
            )
            .map(([ns, q]) =>
              ns === null || q.includes('namespaces=')
                ? q
                : `${q || '?'}${q ? '&' : ''}namespaces=${encode(ns)}`,
            ),
        ),
      ));

    it('node graphs', () =>
      run(
        probe(
          ['GET'],
          [
            '/api/namespaces/:ns/workloads/:name/graph',
            '/api/namespaces/:ns/apps/:name/graph',
            '/api/namespaces/:ns/applications/:name/graph',
            '/api/namespaces/:ns/apps/:name/versions/:version/graph',
            '/api/namespaces/:ns/applications/:name/versions/:version/graph',
            '/api/namespaces/:ns/services/:name/graph',
          ],
          queryOf(GRAPH_PARAMS),
        ),
      ));

    it('namespaces, TLS, services, status and the probes', () =>
      run(
        probe(
          ['GET', 'HEAD', 'OPTIONS', 'POST', 'DELETE'],
          [
            '/api/namespaces',
            '/api/status',
            '/api/mesh/tls',
            '/api/namespaces/:ns/tls',
            '/api/namespaces/:ns/services',
            '/api/namespaces/:ns/services/:name',
            '/api/namespaces/:ns/services/:name/workloads',
            '/healthz',
            '/readyz',
            '/metrics',
            '/:anything',
            '/api/:anything/:more',
          ],
          queryOf({ namespace: [['bookinfo'], ['']], x: [['1'], ['']] }),
        ),
      ));

    it('node metrics', () =>
      run(
        probe(
          ['GET'],
          ['/api/namespaces/:ns/:kind/:name/metrics', '/api/namespaces/:ns/apps/:name/metrics'],
          queryOf(METRICS_PARAMS),
        ),
      ));

    it('metrics dashboards', () =>
      run(
        probe(
          ['GET'],
          ['/api/namespaces/:ns/:kind/:name/dashboard', '/api/namespaces/:ns/services/:name/dashboard'],
          queryOf(DASHBOARD_PARAMS),
        ),
      ));

    const { kind, valid, dryRun, force, resourceVersion } = CONFIG_PARAMS;
    const VS_ONE = '/api/namespaces/bookinfo/istio/virtualservices/reviews';

    it('Istio config reads', () =>
      run(
        routes([
          [['GET'], ['/api/namespaces/:ns/istio', '/api/namespaces/bookinfo/istio'], { kind, valid }],
          [
            ['GET'],
            ['/api/namespaces/:ns/istio/:kind/:name', '/api/namespaces/bookinfo/istio/:kind/:name', VS_ONE],
            {},
          ],
        ]),
      ));

    it('Istio config writes: create, replace, delete', () =>
      run(
        routes(
          [
            [
              ['POST', 'PATCH'],
              [
                '/api/namespaces/:ns/istio/:kind',
                '/api/namespaces/bookinfo/istio/virtualservices',
                '/api/namespaces/bookinfo/istio/destinationrules',
                '/api/namespaces/bookinfo/istio/authorizationpolicies',
              ],
              { dryRun, force },
            ],
            [['PUT'], ['/api/namespaces/:ns/istio/:kind/:name', VS_ONE], { dryRun, force }],
            [['DELETE'], ['/api/namespaces/:ns/istio/:kind/:name', VS_ONE], { dryRun, resourceVersion }],
          ],
          objectBodies,
        ),
      ));

    it('Istio config sets (POST /api/namespaces/{ns}/istio)', () =>
      run(
        routes(
          [[['POST'], ['/api/namespaces/:ns/istio', '/api/namespaces/bookinfo/istio'], { dryRun, force }]],
          setBodies,
        ),
      ));

    it('Host, Origin and Sec-Fetch-Site: a write lands only from an allowed Host and the same origin', () =>
      fc.assert(
        fc.asyncProperty(
          fc.record({
            host: fc.oneof(
              fc.constantFrom(
                'localhost',
                '127.0.0.1:20001',
                '[::1]:1',
                'attacker.example',
                'localhost:0',
                ':80',
                '[::1',
              ),
              anyText,
            ),
            origin: fc.option(
              fc.oneof(
                fc.constantFrom('http://localhost', 'null', 'http://evil.example', 'file://', 'http://[::1'),
                anyText,
              ),
              { nil: undefined },
            ),
            site: fc.option(fc.constantFrom('same-origin', 'none', 'cross-site', 'same-site', 'x'), {
              nil: undefined,
            }),
            method: fc.constantFrom<Method>('GET', 'POST', 'DELETE'),
          }),
          async ({ host, origin, site, method }) => {
            // Node's HTTP client refuses control characters in a header: those never reach a server.
            if (/[^\x20-\x7e]/.test(host + (origin ?? ''))) return;
            const headers: Record<string, string> = { Host: host };
            if (origin !== undefined) headers.Origin = origin;
            if (site !== undefined) headers['Sec-Fetch-Site'] = site;
            const collection = '/api/namespaces/bookinfo/istio/virtualservices';
            const path = method === 'POST' ? collection : `${collection}/reviews`;
            const body = method === 'POST' ? { json: NEW_VS } : undefined;
            await check({ method, path, query: '', headers, body });
            const wrote = current.kube.calls.some((c) => c.op !== 'get');
            if (!wrote) return;
            expect(/^(localhost|127\.0\.0\.1)(:\d{1,5})?$/i.test(host), `wrote with Host ${host}`).toBe(true);
            if (origin !== undefined) expect(origin.toLowerCase()).toBe(`http://${host.toLowerCase()}`);
            if (origin === undefined && site !== undefined) expect(['same-origin', 'none']).toContain(site);
          },
        ),
        { numRuns: RUNS },
      ));
  },
);

describe('sign-in, fuzzed: without a session nothing is read or written', { timeout: TIMEOUT_MS }, () => {
  it('any method, any /api path, any cookie: 401 (only /api/auth/* and /api/status answer), Kubernetes untouched', () =>
    fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom('get', 'post', 'put', 'patch', 'delete') as fc.Arbitrary<
            'get' | 'post' | 'put' | 'patch' | 'delete'
          >,
          segments: fc.array(
            fc.oneof(
              fc.constantFrom(
                'namespaces',
                'bookinfo',
                'istio',
                'virtualservices',
                'reviews',
                'graph',
                'services',
                'metrics',
                'permissions',
                'mesh',
                'tls',
              ),
              fc.stringMatching(/^[a-z0-9.-]{1,12}$/),
            ),
            { maxLength: 6 },
          ),
          cookie: fc.option(
            fc.oneof(
              fc.stringMatching(/^[A-Za-z0-9._-]{0,200}$/).map((v) => `sextant-session=${v}`),
              fc.constant('sextant-session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z'),
            ),
            { nil: undefined },
          ),
        }),
        async ({ method, segments, cookie }) => {
          const t = makeTestApp({
            auth: { strategy: 'token', sessionSecret: 'fuzz-secret-0123456789abcdef0123456789' },
          });
          seedBookinfo(t.kube);
          const path = `/api/${segments.join('/')}`;
          let req = request(t.app)[method](path).set('Content-Type', 'application/json');
          if (cookie !== undefined) req = req.set('Cookie', cookie);
          const res = await req.send(
            method === 'get'
              ? undefined
              : JSON.stringify(virtualService('reviews', reviewsSpec([['v1', 100]]))),
          );
          const open = /^\/api\/(auth(\/|$)|status$)/.test(path);
          if (!open) {
            expect(res.status, `${method} ${path}`).toBe(401);
            expect(errorEnvelopeSchema.parse(res.body).error.code).toBe('UNAUTHENTICATED');
          }
          expect(t.kube.calls, `${method} ${path}`).toEqual([]);
          expect(t.kube.reviews).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    ));
});
