import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';
import { fqdnProblem, ipSubnetProblem, namespaceSlashHostProblems, wildcardDomainProblem } from './hosts.ts';
import { regexProblem } from './regex.ts';
import { validateIstioSpec } from './validateIstioSpec.ts';

// Cases transcribed as facts from istio/istio pkg/config/validation (validation_test.go,
// virtualservice_test.go, agent/validation_test.go): what istiod's webhook accepts and refuses.

const meta = { name: 'r', namespace: 'bookinfo' };
const dest = { destination: { host: 'reviews' } };
const vs = (http: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'VirtualService',
  metadata: meta,
  spec: { hosts: ['reviews'], http: [{ route: [dest], ...http }], ...extra },
});
const dr = (spec: Record<string, unknown>) => ({
  kind: 'DestinationRule',
  metadata: meta,
  spec: { host: 'reviews', ...spec },
});
const paths = (o: Parameters<typeof validateIstioSpec>[0]) => validateIstioSpec(o).map((e) => e.path);

describe('durations (Go time.ParseDuration, then ValidateDuration: >= 1ms, whole ms)', () => {
  it.each([
    ['10s', 10_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['250ms', 250_000_000n],
    ['0', 0n],
    ['-1s', -1_000_000_000n],
    ['.5s', 500_000_000n],
    ['2us', 2_000n],
  ])('%s parses', (text, nanos) => {
    expect(parseDuration(text)).toEqual({ ok: true, nanos });
  });

  it.each(['forever', 'abc', '10', '', '1x', 's', '.s', '1.2.3s'])('%j does not parse', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it.each([
    ['10s', true],
    ['1ms', true],
    ['0s', false], // below 1ms: the usual "disable the timeout" spelling is refused
    ['999us', false], // "timeout too small"
    ['2.000000001s', false], // "invalid timeout": finer than ms
    ['1.5ms', false],
    ['-1s', false],
    ['forever', false],
  ])('timeout %s valid=%s', (timeout, valid) => {
    expect(paths(vs({ timeout }))).toEqual(valid ? [] : ['spec.http[0].timeout']);
  });

  it('refuses a number where a duration string belongs', () => {
    expect(paths(vs({ timeout: 5 }))).toEqual(['spec.http[0].timeout']);
  });
});

describe('retries (validateHTTPRetry)', () => {
  it.each([
    ['valid', { attempts: 10, perTryTimeout: '2s', retryOn: '5xx,gateway-error' }, []],
    ['disable retries', { attempts: 0 }, []],
    ['valid default', { attempts: 10 }, []],
    ['valid http status retryOn', { attempts: 10, perTryTimeout: '2s', retryOn: '503,connect-failure' }, []],
    ['gRPC retryOn', { attempts: 3, retryOn: 'cancelled,deadline-exceeded,unavailable' }, []],
    ['invalid attempts', { attempts: -3 }, ['spec.http[0].retries.attempts']],
    [
      'policy configured with attempts 0',
      { attempts: 0, perTryTimeout: '2s', retryOn: '5xx' },
      ['spec.http[0].retries.attempts'],
    ],
    ['attempts unset is 0', { perTryTimeout: '2s' }, ['spec.http[0].retries.attempts']],
    ['invalid perTryTimeout', { attempts: 3, perTryTimeout: 'abc' }, ['spec.http[0].retries.perTryTimeout']],
    [
      'perTryTimeout finer than ms',
      { attempts: 10, perTryTimeout: '2.000000001s' },
      ['spec.http[0].retries.perTryTimeout'],
    ],
    ['unknown retryOn', { attempts: 3, retryOn: '5xx,sometimes' }, ['spec.http[0].retries.retryOn']],
    ['unknown status code', { attempts: 3, retryOn: '999' }, ['spec.http[0].retries.retryOn']],
  ])('%s', (_name, retries, expected) => {
    expect(paths(vs({ retries }))).toEqual(expected);
  });
});

describe('regexes (RE2 syntax, as Go regexp and Envoy read them)', () => {
  it.each([
    ['^/api/v[0-9]+/.*$', true],
    ['(?i)chrome', true],
    ['\\d+', true],
    ['((((', false],
    ['[a-z', false],
    ['a(?=b)', false], // lookahead: JavaScript has it, RE2 does not
    ['(a)\\1', false], // backreference
    ['', false],
    ['a'.repeat(1025), false],
  ])('%s valid=%s', (re, valid) => {
    expect(regexProblem(re) === undefined).toBe(valid);
  });

  it('checks uri, header, queryParams, CORS and rewrite regexes with their paths', () => {
    const errs = paths(
      vs({
        match: [
          {
            uri: { regex: '((((' },
            headers: { 'x-user': { regex: '[a' } },
            queryParams: { q: { regex: '(?=x)' } },
          },
        ],
        corsPolicy: { allowOrigins: [{ regex: '(' }] },
        rewrite: { uriRegexRewrite: { match: '*', rewrite: '/' } },
      }),
    );
    expect(errs).toEqual([
      'spec.http[0].match[0].uri.regex',
      'spec.http[0].match[0].headers.x-user.regex',
      'spec.http[0].match[0].queryParams.q.regex',
      'spec.http[0].corsPolicy.allowOrigins[0].regex',
      'spec.http[0].rewrite.uriRegexRewrite.match',
    ]);
  });
});

describe('percentages', () => {
  it.each([
    [{ abort: { httpStatus: 503, percentage: { value: 50 } } }, []],
    [{ delay: { fixedDelay: '3s', percentage: { value: 0.001 } } }, []], // valid fractional percentage
    [
      { delay: { fixedDelay: '3s', percentage: { value: -10 } } },
      ['spec.http[0].fault.delay.percentage.value'],
    ],
    [
      { abort: { httpStatus: 503, percentage: { value: 101 } } },
      ['spec.http[0].fault.abort.percentage.value'],
    ],
    [
      { abort: { httpStatus: 503, percentage: { value: 0.00001 } } },
      ['spec.http[0].fault.abort.percentage.value'],
    ],
    [{ abort: { httpStatus: 199 } }, ['spec.http[0].fault.abort.httpStatus']],
    [{ abort: { grpcStatus: 'NOT_FOUND' } }, []],
    [{ abort: { grpcStatus: 'NOPE' } }, ['spec.http[0].fault.abort.grpcStatus']],
    [{ delay: { fixedDelay: '3.000000042s' } }, ['spec.http[0].fault.delay.fixedDelay']], // invalid delay
    [{}, ['spec.http[0].fault']], // must have an abort and/or a delay
  ])('fault %j', (fault, expected) => {
    expect(paths(vs({ fault }))).toEqual(expected);
  });

  it.each([
    [{ value: 50 }, []],
    [{ value: 101 }, ['spec.http[0].mirrorPercentage.value']],
    [{ value: -1 }, ['spec.http[0].mirrorPercentage.value']],
  ])('mirrorPercentage %j', (mirrorPercentage, expected) => {
    expect(paths(vs({ mirror: { host: 'reviews' }, mirrorPercentage }))).toEqual(expected);
  });
});

describe('ports', () => {
  it.each([
    [1, true],
    [65535, true],
    [0, false],
    [65536, false],
    [700000, false],
  ])('destination port %s valid=%s', (number, valid) => {
    const o = vs({ route: [{ destination: { host: 'reviews', port: { number } } }] });
    expect(paths(o)).toEqual(valid ? [] : ['spec.http[0].route[0].destination.port.number']);
  });

  it('checks match, ServiceEntry, Gateway, Sidecar and PeerAuthentication ports', () => {
    expect(paths(vs({ match: [{ port: 700000 }] }))).toEqual(['spec.http[0].match[0].port']);
    expect(
      paths({
        kind: 'ServiceEntry',
        metadata: meta,
        spec: {
          hosts: ['api.example.com'],
          ports: [{ number: 700000, name: 'http', protocol: 'HTTP' }],
          resolution: 'DNS',
        },
      }),
    ).toEqual(['spec.ports[0].number']);
    expect(
      paths({
        kind: 'Gateway',
        metadata: meta,
        spec: { servers: [{ hosts: ['*'], port: { number: 70000, name: 'http', protocol: 'HTTP' } }] },
      }),
    ).toEqual(['spec.servers[0].port.number']);
    expect(
      paths({
        kind: 'PeerAuthentication',
        metadata: meta,
        spec: { selector: { matchLabels: { app: 'a' } }, portLevelMtls: { '70000': { mode: 'STRICT' } } },
      }),
    ).toEqual(['spec.portLevelMtls.70000']);
  });
});

describe('header names (ValidateHTTPHeaderName and the header operation rules)', () => {
  it.each([
    ['x-user', true],
    ['X_User-1', true],
    ['@request.auth.claims.group', true], // JWT claim routing is checked on its own
    ['x user', false],
    ['x:y', false],
  ])('match header %j valid=%s', (name, valid) => {
    const o = vs({ match: [{ headers: { [name]: { exact: 'a' } } }] }, { gateways: ['bookinfo/gw'] });
    expect(validateIstioSpec(o).filter((e) => e.path.includes('.headers'))).toHaveLength(valid ? 0 : 1);
  });

  it('refuses pseudo headers and Host where Envoy cannot change them', () => {
    const errs = paths(
      vs({
        headers: {
          request: { set: { ':path': '/x', host: 'a' }, remove: ['host'] },
          response: { add: { ':status': '200' } },
        },
      }),
    );
    expect(errs).toEqual([
      'spec.http[0].headers.request.set.:path',
      'spec.http[0].headers.request.remove[0]',
      'spec.http[0].headers.response.add.:status',
    ]);
  });
});

describe('duplicate names', () => {
  it('DestinationRule subsets', () => {
    const errs = validateIstioSpec(
      dr({
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v1', labels: { version: 'v2' } },
        ],
      }),
    );
    expect(errs).toEqual([{ path: 'spec.subsets[1].name', message: 'duplicate subset names: v1' }]);
  });

  it('Gateway server port names', () => {
    const server = { hosts: ['*'], port: { number: 80, name: 'http', protocol: 'HTTP' } };
    expect(
      paths({
        kind: 'Gateway',
        metadata: meta,
        spec: { servers: [server, { ...server, port: { ...server.port, number: 8080 } }] },
      }),
    ).toEqual(['spec.servers[1].port.name']);
  });

  it('ServiceEntry port names and numbers', () => {
    const errs = paths({
      kind: 'ServiceEntry',
      metadata: meta,
      spec: {
        hosts: ['api.example.com'],
        resolution: 'DNS',
        ports: [
          { number: 80, name: 'http', protocol: 'HTTP' },
          { number: 80, name: 'http', protocol: 'HTTP' },
        ],
      },
    });
    expect(errs).toEqual(['spec.ports[1].name', 'spec.ports[1].number']);
  });

  it('VirtualService hosts, literal and by wildcard', () => {
    expect(paths(vs({}, { hosts: ['*.foo.com', 'bar.foo.com'], gateways: ['gw'] }))).toEqual([
      'spec.hosts[1]',
    ]);
  });
});

describe('hosts and FQDNs (ValidateFQDN, ValidateWildcardDomain, ValidateNamespaceSlashWildcardHostname)', () => {
  it.each([
    ['istio.io', true],
    ['istio.io.', true],
    ['a.b.c', true],
    ['', false],
    ['a..b', false],
    ['-a.io', false],
    ['istio.123', false], // all-numeric top level domain
    [`${'a'.repeat(64)}.io`, false],
    ['*.istio.io', false],
  ])('FQDN %j valid=%s', (host, valid) => {
    expect(fqdnProblem(host) === undefined).toBe(valid);
  });

  it.each([
    ['*', true],
    ['*.istio.io', true],
    ['*foo.istio.io', true],
    ['*-foo.istio.io', true],
    ['reviews', true],
    ['foo.*.io', false],
    ['**.io', false],
    ['a_b.io', false],
  ])('wildcard domain %j valid=%s', (host, valid) => {
    expect(wildcardDomainProblem(host) === undefined).toBe(valid);
  });

  it.each([
    ['bookinfo/*.example.com', true, true],
    ['*/foo.example.com', true, true],
    ['./foo.example.com', true, true],
    ['foo.example.com', true, true], // old style gateway host
    ['*', true, true],
    ['1.2.3.4', true, true], // a gateway takes an IP
    ['bookinfo/foo', true, false], // short names are not allowed
    ['Bad_NS/foo.example.com', true, false],
    ['bookinfo/*foo.example.com', true, false], // partial wildcard
    ['foo.example.com', false, false], // a sidecar needs namespace/host
    ['~/foo.example.com', false, true],
    ['~/foo.example.com', true, false],
  ])('%j gateway=%s valid=%s', (host, isGateway, valid) => {
    expect(namespaceSlashHostProblems(host, isGateway).length === 0).toBe(valid);
  });

  it.each([
    ['10.0.0.1', true],
    ['10.0.0.0/8', true],
    ['2001:db8::/32', true],
    ['::1', true],
    ['10.0.0.256', false],
    ['10.0.0.0/33', false],
    ['foo', false],
  ])('IP or subnet %j valid=%s', (subnet, valid) => {
    expect(ipSubnetProblem(subnet) === undefined).toBe(valid);
  });

  it('VirtualService: * is only for gateways; IPs are accepted', () => {
    expect(paths(vs({}, { hosts: ['*'] }))).toEqual(['spec.hosts[0]']);
    expect(paths(vs({}, { hosts: ['*'], gateways: ['bookinfo/gw'] }))).toEqual([]);
    expect(paths(vs({}, { hosts: ['10.1.2.3'] }))).toEqual([]);
    expect(paths(vs({}, { hosts: ['foo.*.com'] }))).toEqual(['spec.hosts[0]']);
  });

  it('destination host * is refused; a ServiceEntry host * too', () => {
    expect(paths(vs({ route: [{ destination: { host: '*' } }] }))).toEqual([
      'spec.http[0].route[0].destination.host',
    ]);
    expect(
      paths({
        kind: 'ServiceEntry',
        metadata: meta,
        spec: { hosts: ['*'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] },
      }),
    ).toEqual(['spec.hosts[0]']);
  });

  it('DNS resolution without endpoints needs FQDN hosts', () => {
    const se = (hosts: string[]) => ({
      kind: 'ServiceEntry',
      metadata: meta,
      spec: { hosts, resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }] },
    });
    expect(paths(se(['*.example.com']))).toEqual(['spec.hosts[0]']);
    expect(paths(se(['api.example.com']))).toEqual([]);
  });
});

describe('what istiod accepts stays accepted', () => {
  it.each([
    vs({
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' },
    }),
    vs({
      match: [{ uri: { prefix: '/api' } }],
      route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
        { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
      ],
    }),
    vs({ fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } } }),
    dr({
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms' } },
        outlierDetection: { consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m' },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    }),
    {
      kind: 'Gateway',
      metadata: meta,
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ hosts: ['*'], port: { number: 80, name: 'http', protocol: 'HTTP' } }],
      },
    },
    {
      kind: 'ServiceEntry',
      metadata: meta,
      spec: {
        hosts: ['api.example.com'],
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
      },
    },
    { kind: 'Sidecar', metadata: meta, spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } },
    { kind: 'PeerAuthentication', metadata: meta, spec: { mtls: { mode: 'STRICT' } } },
    {
      kind: 'AuthorizationPolicy',
      metadata: meta,
      spec: {
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }],
            to: [{ operation: { methods: ['GET'], ports: ['8080'] } }],
          },
        ],
      },
    },
    {
      kind: 'RequestAuthentication',
      metadata: meta,
      spec: {
        jwtRules: [
          { issuer: 'https://example.com', outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }] },
        ],
      },
    },
  ])('%#', (object) => {
    expect(validateIstioSpec(object)).toEqual([]);
  });
});

describe('other kinds', () => {
  it('Sidecar: empty configuration, egress host form', () => {
    expect(paths({ kind: 'Sidecar', metadata: meta, spec: {} })).toEqual(['spec']);
    expect(
      paths({ kind: 'Sidecar', metadata: meta, spec: { egress: [{ hosts: ['foo.example.com'] }] } }),
    ).toEqual(['spec.egress[0].hosts[0]']);
  });

  it('AuthorizationPolicy: DENY without rules, empty source, bad port', () => {
    expect(paths({ kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'DENY' } })).toEqual([
      'spec.rules',
    ]);
    expect(
      paths({
        kind: 'AuthorizationPolicy',
        metadata: meta,
        spec: { rules: [{ from: [{ source: {} }], to: [{ operation: { ports: ['http'] } }] }] },
      }),
    ).toEqual(['spec.rules[0].from[0].source', 'spec.rules[0].to[0].operation.ports[0]']);
  });

  it('RequestAuthentication: issuer required, output header name', () => {
    expect(
      paths({
        kind: 'RequestAuthentication',
        metadata: meta,
        spec: { jwtRules: [{ outputClaimToHeaders: [{ header: 'x y', claim: 'sub' }] }] },
      }),
    ).toEqual(['spec.jwtRules[0].issuer', 'spec.jwtRules[0].outputClaimToHeaders[0].header']);
  });

  it('DestinationRule: empty traffic policy, outlier percent, durations', () => {
    expect(paths(dr({ trafficPolicy: {} }))).toEqual(['spec.trafficPolicy']);
    expect(
      paths(dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 101, interval: 'soon' } } })),
    ).toEqual([
      'spec.trafficPolicy.outlierDetection.interval',
      'spec.trafficPolicy.outlierDetection.maxEjectionPercent',
    ]);
  });

  it('ignores kinds it does not know', () => {
    expect(validateIstioSpec({ kind: 'EnvoyFilter', spec: { whatever: true } })).toEqual([]);
  });
});
