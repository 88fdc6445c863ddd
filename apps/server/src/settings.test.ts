import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseSettings, type Settings } from './settings.ts';

const PROM = { PROMETHEUS_URL: 'http://127.0.0.1:9090' };
const DEFAULTS: Settings = {
  prometheusUrl: 'http://127.0.0.1:9090',
  kubeconfig: undefined,
  context: undefined,
  host: '127.0.0.1',
  port: 20001,
  viewOnly: false,
  staticDir: undefined,
  healthTolerances: undefined,
  clusterName: undefined,
  allowedHosts: [{ host: '127.0.0.1' }, { host: 'localhost' }],
  prometheus: {
    bearerTokenFile: undefined,
    basicAuth: undefined,
    headers: [],
    caFile: undefined,
    insecureSkipVerify: false,
  },
  auth: { strategy: 'anonymous' },
  history: {
    enabled: true,
    store: { type: 'sqlite', file: path.resolve('.sextant-data', 'history.db') },
    retentionMs: 14 * 86_400_000,
    maxBytes: 512 * 1024 * 1024,
  },
  recordedMetrics: 'auto',
  graphQueryParts: 2,
  replayConcurrency: 2,
};
const HTTPS_PROM = { PROMETHEUS_URL: 'https://prom.example:9090' };
const NO_CONNECTION = DEFAULTS.prometheus;

describe('parseSettings', () => {
  const valid: Array<[string, Record<string, string>, string[], Partial<Settings>]> = [
    ['defaults with only PROMETHEUS_URL', PROM, [], {}],
    [
      'trailing slash dropped, path prefix kept',
      { PROMETHEUS_URL: 'https://p.example/prom/' },
      [],
      { prometheusUrl: 'https://p.example/prom' },
    ],
    [
      'every env variable',
      {
        ...PROM,
        KUBECONFIG: '/tmp/kc.yaml',
        SEXTANT_CONTEXT: 'kind-a',
        SEXTANT_HOST: '0.0.0.0',
        SEXTANT_PORT: '8080',
        SEXTANT_VIEW_ONLY: 'true',
        SEXTANT_STATIC_DIR: '/srv/web',
        SEXTANT_CLUSTER_NAME: 'east',
        SEXTANT_AUTH: 'header',
      },
      [],
      {
        auth: { strategy: 'header', header: 'Authorization' },
        kubeconfig: '/tmp/kc.yaml',
        context: 'kind-a',
        host: '0.0.0.0',
        port: 8080,
        viewOnly: true,
        staticDir: '/srv/web',
        clusterName: 'east',
        allowedHosts: [{ host: '0.0.0.0' }, { host: 'localhost' }, { host: '127.0.0.1' }],
      },
    ],
    [
      'flags override env',
      { ...PROM, SEXTANT_PORT: '8080', SEXTANT_HOST: '0.0.0.0' },
      [
        '--port',
        '9000',
        '--host=::1',
        '--prometheus-url',
        'http://prom:9090',
        '--view-only',
        '--context',
        'c',
        '--kubeconfig',
        '/k',
        '--static-dir',
        '/s',
      ],
      {
        port: 9000,
        host: '::1',
        prometheusUrl: 'http://prom:9090',
        viewOnly: true,
        context: 'c',
        kubeconfig: '/k',
        staticDir: '/s',
        allowedHosts: [{ host: '[::1]' }, { host: 'localhost' }, { host: '127.0.0.1' }],
      },
    ],
    [
      'allowed hosts: names, ports, IPv6, by env',
      { ...PROM, SEXTANT_ALLOWED_HOSTS: 'Sextant.Example.com, 10.0.0.5:20001,[::1]:8080,fe80::1' },
      [],
      {
        allowedHosts: [
          { host: 'sextant.example.com' },
          { host: '10.0.0.5', port: 20001 },
          { host: '[::1]', port: 8080 },
          { host: '[fe80::1]' },
        ],
      },
    ],
    [
      'allowed hosts by flag over env; * allows any',
      { ...PROM, SEXTANT_ALLOWED_HOSTS: 'a.example' },
      ['--allowed-hosts', 'b.example,*'],
      { allowedHosts: '*' },
    ],
    [
      'default allowed hosts follow a named bind address',
      { ...PROM, SEXTANT_HOST: 'console.internal', SEXTANT_AUTH: 'anonymous' },
      [],
      {
        host: 'console.internal',
        allowedHosts: [{ host: 'console.internal' }, { host: 'localhost' }, { host: '127.0.0.1' }],
      },
    ],
    [
      'cluster name by flag over env',
      { ...PROM, SEXTANT_CLUSTER_NAME: 'east' },
      ['--cluster-name', 'cluster-tutorial'],
      { clusterName: 'cluster-tutorial' },
    ],
    ['port 0 lets the OS pick', { ...PROM, SEXTANT_PORT: '0' }, [], { port: 0 }],
    ['view-only words: yes', { ...PROM, SEXTANT_VIEW_ONLY: 'YES' }, [], { viewOnly: true }],
    ['view-only words: 0', { ...PROM, SEXTANT_VIEW_ONLY: '0' }, [], { viewOnly: false }],
    ['empty values count as unset', { ...PROM, SEXTANT_PORT: '', KUBECONFIG: ' ' }, [], {}],
    [
      'health thresholds from SEXTANT_HEALTH_RATE',
      { ...PROM, SEXTANT_HEALTH_RATE: '5XX/5/10/http/inbound' },
      [],
      {
        healthTolerances: [
          {
            codes: '5XX',
            matchers: [{ kind: 'pattern', pattern: '5XX' }],
            degraded: 5,
            failure: 10,
            protocol: 'http',
            direction: 'inbound',
          },
        ],
      },
    ],
    [
      'Prometheus: bearer token file, tenant header, CA by env',
      {
        ...HTTPS_PROM,
        PROMETHEUS_BEARER_TOKEN_FILE: '/var/run/secrets/tokens/prometheus',
        PROMETHEUS_HEADERS: 'X-Scope-OrgID=tenant-a, Foo = bar baz ,',
        PROMETHEUS_CA_FILE: '/etc/prometheus-ca/ca.crt',
      },
      [],
      {
        prometheusUrl: 'https://prom.example:9090',
        prometheus: {
          ...NO_CONNECTION,
          bearerTokenFile: '/var/run/secrets/tokens/prometheus',
          headers: [
            ['X-Scope-OrgID', 'tenant-a'],
            ['Foo', 'bar baz'],
          ],
          caFile: '/etc/prometheus-ca/ca.crt',
        },
      },
    ],
    [
      'Prometheus: basic auth with a password file and skip-verify by flags',
      HTTPS_PROM,
      [
        '--prometheus-username',
        'sextant',
        '--prometheus-password-file',
        '/secrets/password',
        '--prometheus-insecure-skip-verify',
      ],
      {
        prometheusUrl: 'https://prom.example:9090',
        prometheus: {
          ...NO_CONNECTION,
          basicAuth: { username: 'sextant', passwordFile: '/secrets/password' },
          insecureSkipVerify: true,
        },
      },
    ],
    [
      'Prometheus: basic auth with PROMETHEUS_PASSWORD kept as given (spaces included)',
      { ...PROM, PROMETHEUS_USERNAME: 'sextant', PROMETHEUS_PASSWORD: ' s3cr=t, ' },
      [],
      { prometheus: { ...NO_CONNECTION, basicAuth: { username: 'sextant', password: ' s3cr=t, ' } } },
    ],
    [
      'Prometheus: an Authorization header alone, a value holding "="',
      { ...PROM, PROMETHEUS_HEADERS: 'Authorization=Bearer abc==' },
      [],
      { prometheus: { ...NO_CONNECTION, headers: [['Authorization', 'Bearer abc==']] } },
    ],
    [
      'Prometheus: flags override env',
      { ...PROM, PROMETHEUS_BEARER_TOKEN_FILE: '/a', PROMETHEUS_HEADERS: 'X-A=1' },
      ['--prometheus-bearer-token-file', '/b', '--prometheus-headers', 'X-B=2'],
      { prometheus: { ...NO_CONNECTION, bearerTokenFile: '/b', headers: [['X-B', '2']] } },
    ],
    ['history off', { ...PROM, SEXTANT_HISTORY: 'off' }, [], { history: { enabled: false } }],
    ['recorded metrics off', { ...PROM, SEXTANT_RECORDED_METRICS: 'off' }, [], { recordedMetrics: 'off' }],
    ['graph query parts', { ...PROM, SEXTANT_GRAPH_QUERY_PARTS: '4' }, [], { graphQueryParts: 4 }],
    ['graph query parts by flag', PROM, ['--graph-query-parts', '1'], { graphQueryParts: 1 }],
    ['replay concurrency', { ...PROM, SEXTANT_REPLAY_CONCURRENCY: '4' }, [], { replayConcurrency: 4 }],
    [
      'replay concurrency by flag over env',
      { ...PROM, SEXTANT_REPLAY_CONCURRENCY: '4' },
      ['--replay-concurrency', '1'],
      { replayConcurrency: 1 },
    ],
    [
      'history in a data dir, kept 36 hours, at most 64 MB',
      { ...PROM, SEXTANT_DATA_DIR: '/var/lib/sextant', SEXTANT_HISTORY_RETENTION: '36h' },
      ['--history-max-mb', '64'],
      {
        history: {
          enabled: true,
          store: { type: 'sqlite', file: '/var/lib/sextant/history.db' },
          retentionMs: 36 * 3_600_000,
          maxBytes: 64 * 1024 * 1024,
        },
      },
    ],
    [
      'history in PostgreSQL',
      { ...PROM, SEXTANT_DATABASE_URL: 'postgres://sextant:pw@db:5432/sextant' },
      [],
      {
        history: {
          enabled: true,
          store: { type: 'postgres', url: 'postgres://sextant:pw@db:5432/sextant' },
          retentionMs: 14 * 86_400_000,
          maxBytes: 512 * 1024 * 1024,
        },
      },
    ],
    [
      'Prometheus: skip-verify false is allowed over http',
      { ...PROM, PROMETHEUS_INSECURE_SKIP_VERIFY: 'false', PROMETHEUS_PASSWORD: '' },
      [],
      {},
    ],
  ];
  it.each(valid)('%s', (_name, env, argv, expected) => {
    expect(parseSettings(env, argv)).toEqual({ ok: true, settings: { ...DEFAULTS, ...expected } });
  });

  const invalid: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['missing PROMETHEUS_URL', {}, [], /^PROMETHEUS_URL \(--prometheus-url\) is required/],
    [
      'PROMETHEUS_URL not a URL',
      { PROMETHEUS_URL: 'localhost:9090x' },
      [],
      /^PROMETHEUS_URL .* must be an http\(s\) URL/,
    ],
    ['PROMETHEUS_URL garbage', { PROMETHEUS_URL: 'not a url' }, [], /^PROMETHEUS_URL .* is not a URL/],
    [
      'port not a number',
      { ...PROM, SEXTANT_PORT: 'http' },
      [],
      /^SEXTANT_PORT \(--port\) must be a port number/,
    ],
    ['port out of range', { ...PROM }, ['--port', '70000'], /^SEXTANT_PORT .* got "70000"/],
    ['negative port', { ...PROM, SEXTANT_PORT: '-1' }, [], /^SEXTANT_PORT/],
    [
      'view-only not a boolean',
      { ...PROM, SEXTANT_VIEW_ONLY: 'maybe' },
      [],
      /^SEXTANT_VIEW_ONLY \(--view-only\) must be true or false/,
    ],
    ['unknown flag', PROM, ['--prot', '1'], /^command line: .*--prot/],
    [
      'cluster name with a space',
      { ...PROM, SEXTANT_CLUSTER_NAME: 'east west' },
      [],
      /^SEXTANT_CLUSTER_NAME \(--cluster-name\) must not contain spaces/,
    ],
    [
      'health thresholds malformed',
      { ...PROM, SEXTANT_HEALTH_RATE: '5XX/5' },
      [],
      /^SEXTANT_HEALTH_RATE \(--health-rate\) is not valid: entry 1: expected <codes>/,
    ],
    [
      'health thresholds in the wrong order, by flag',
      PROM,
      ['--health-rate', '5XX/50/10;4XX/x/20'],
      /^SEXTANT_HEALTH_RATE .*entry 1: degraded 50% is above failure 10%; entry 2: degraded "x"/,
    ],
    ['positional argument', PROM, ['serve'], /^command line: /],
    [
      'allowed hosts: a URL instead of a host',
      { ...PROM, SEXTANT_ALLOWED_HOSTS: 'localhost,http://sextant.example.com' },
      [],
      /^SEXTANT_ALLOWED_HOSTS \(--allowed-hosts\) entry "http:\/\/sextant.example.com" is not a host or host:port/,
    ],
    [
      'allowed hosts: port out of range, by flag',
      PROM,
      ['--allowed-hosts', 'a.example:99999'],
      /^SEXTANT_ALLOWED_HOSTS \(--allowed-hosts\) entry "a.example:99999"/,
    ],
    [
      'allowed hosts: only commas',
      { ...PROM, SEXTANT_ALLOWED_HOSTS: ',,' },
      [],
      /^SEXTANT_ALLOWED_HOSTS \(--allowed-hosts\) must list at least one host/,
    ],
    [
      'allowed hosts: a space inside a name',
      { ...PROM, SEXTANT_ALLOWED_HOSTS: 'my host' },
      [],
      /^SEXTANT_ALLOWED_HOSTS .*entry "my host"/,
    ],
    [
      'PROMETHEUS_URL with credentials',
      { PROMETHEUS_URL: 'http://admin:hunter2@prom:9090' },
      [],
      /^PROMETHEUS_URL \(--prometheus-url\) must not contain credentials: use PROMETHEUS_USERNAME/,
    ],
    [
      'bearer token and basic auth together',
      { ...PROM, PROMETHEUS_BEARER_TOKEN_FILE: '/t', PROMETHEUS_USERNAME: 'u', PROMETHEUS_PASSWORD: 'p' },
      [],
      /^PROMETHEUS_BEARER_TOKEN_FILE \(--prometheus-bearer-token-file\) and PROMETHEUS_USERNAME .* are both set/,
    ],
    [
      'username without a password',
      { ...PROM, PROMETHEUS_USERNAME: 'u' },
      [],
      /^PROMETHEUS_USERNAME \(--prometheus-username\) is set without a password: set PROMETHEUS_PASSWORD_FILE/,
    ],
    [
      'password file without a username',
      PROM,
      ['--prometheus-password-file', '/p'],
      /^PROMETHEUS_PASSWORD_FILE \(--prometheus-password-file\) is set without PROMETHEUS_USERNAME/,
    ],
    [
      'password without a username',
      { ...PROM, PROMETHEUS_PASSWORD: 'p' },
      [],
      /^PROMETHEUS_PASSWORD is set without PROMETHEUS_USERNAME/,
    ],
    [
      'password and password file',
      { ...PROM, PROMETHEUS_USERNAME: 'u', PROMETHEUS_PASSWORD: 'p', PROMETHEUS_PASSWORD_FILE: '/p' },
      [],
      /^PROMETHEUS_PASSWORD_FILE .* and PROMETHEUS_PASSWORD are both set/,
    ],
    [
      'username with a colon',
      { ...PROM, PROMETHEUS_USERNAME: 'a:b', PROMETHEUS_PASSWORD: 'p' },
      [],
      /^PROMETHEUS_USERNAME .* must not contain ":"/,
    ],
    ['no password flag (argv is visible in ps)', PROM, ['--prometheus-password', 'p'], /^command line: /],
    [
      'Authorization header beside a bearer token',
      { ...PROM, PROMETHEUS_BEARER_TOKEN_FILE: '/t', PROMETHEUS_HEADERS: 'authorization=Bearer x' },
      [],
      /^PROMETHEUS_HEADERS \(--prometheus-headers\) sets Authorization, which PROMETHEUS_BEARER_TOKEN_FILE sets too/,
    ],
    [
      'Authorization header beside basic auth',
      { ...PROM, PROMETHEUS_USERNAME: 'u', PROMETHEUS_PASSWORD: 'p', PROMETHEUS_HEADERS: 'Authorization=x' },
      [],
      /^PROMETHEUS_HEADERS .* sets Authorization, which PROMETHEUS_USERNAME sets too/,
    ],
    [
      'header without a value, the rest not echoed',
      { ...PROM, PROMETHEUS_HEADERS: 'X-Scope-OrgID' },
      [],
      /^PROMETHEUS_HEADERS \(--prometheus-headers\) entry "X-Scope-OrgID" has no "=value"/,
    ],
    [
      'header with an empty value',
      { ...PROM, PROMETHEUS_HEADERS: 'X-Scope-OrgID=' },
      [],
      /^PROMETHEUS_HEADERS .* entry "X-Scope-OrgID" needs a value/,
    ],
    [
      'header name with a space',
      { ...PROM, PROMETHEUS_HEADERS: 'X Scope=a' },
      [],
      /^PROMETHEUS_HEADERS .* entry "X Scope" is not a header name/,
    ],
    [
      'header the client sets itself',
      { ...PROM, PROMETHEUS_HEADERS: 'Host=prom' },
      [],
      /^PROMETHEUS_HEADERS .* must not set Host/,
    ],
    [
      'header twice',
      { ...PROM, PROMETHEUS_HEADERS: 'X-A=1,x-a=2' },
      [],
      /^PROMETHEUS_HEADERS .* sets x-a twice/,
    ],
    ['headers: only commas', { ...PROM, PROMETHEUS_HEADERS: ',' }, [], /^PROMETHEUS_HEADERS .* at least one/],
    [
      'CA file for an http URL',
      { ...PROM, PROMETHEUS_CA_FILE: '/ca.crt' },
      [],
      /^PROMETHEUS_CA_FILE \(--prometheus-ca-file\) is set, but PROMETHEUS_URL is not https/,
    ],
    [
      'skip-verify for an http URL',
      PROM,
      ['--prometheus-insecure-skip-verify'],
      /^PROMETHEUS_INSECURE_SKIP_VERIFY .* is set, but PROMETHEUS_URL is not https/,
    ],
    [
      'CA file and skip-verify',
      { ...HTTPS_PROM, PROMETHEUS_CA_FILE: '/ca.crt', PROMETHEUS_INSECURE_SKIP_VERIFY: 'true' },
      [],
      /^PROMETHEUS_CA_FILE .* and PROMETHEUS_INSECURE_SKIP_VERIFY .* are both set/,
    ],
    [
      'history neither on nor off',
      { ...PROM, SEXTANT_HISTORY: 'maybe' },
      [],
      /^SEXTANT_HISTORY \(--history\) must be true or false/,
    ],
    [
      'retention without a unit',
      { ...PROM, SEXTANT_HISTORY_RETENTION: '14' },
      [],
      /^SEXTANT_HISTORY_RETENTION .*36h, 14d or 2w/,
    ],
    [
      'history size not a number',
      { ...PROM, SEXTANT_HISTORY_MAX_MB: 'lots' },
      [],
      /^SEXTANT_HISTORY_MAX_MB .*at least 1/,
    ],
    [
      'database URL not postgres',
      { ...PROM, SEXTANT_DATABASE_URL: 'mysql://hunter2@db/x' },
      [],
      /^SEXTANT_DATABASE_URL: must be a postgres:/,
    ],
    [
      'recorded metrics neither auto nor off',
      { ...PROM, SEXTANT_RECORDED_METRICS: 'yes' },
      [],
      /^SEXTANT_RECORDED_METRICS .*auto or off/,
    ],
    ...['0', '17', '2.5', 'two'].map((value): [string, Record<string, string>, string[], RegExp] => [
      `graph query parts ${value}`,
      { ...PROM, SEXTANT_GRAPH_QUERY_PARTS: value },
      [],
      /^SEXTANT_GRAPH_QUERY_PARTS \(--graph-query-parts\): must be a whole number from 1 to 16/,
    ]),
    ...['0', '17', '-1', '2x'].map((value): [string, Record<string, string>, string[], RegExp] => [
      `replay concurrency ${JSON.stringify(value)}`,
      { ...PROM, SEXTANT_REPLAY_CONCURRENCY: value },
      [],
      /^SEXTANT_REPLAY_CONCURRENCY \(--replay-concurrency\): must be a whole number from 1 to 16/,
    ]),
    [
      'skip-verify not a boolean',
      { ...HTTPS_PROM, PROMETHEUS_INSECURE_SKIP_VERIFY: 'sometimes' },
      [],
      /^PROMETHEUS_INSECURE_SKIP_VERIFY \(--prometheus-insecure-skip-verify\) must be true or false/,
    ],
  ];
  it.each(invalid)('%s', (_name, env, argv, message) => {
    const result = parseSettings(env, argv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain('\n');
      // Secrets never reach the error line (it is printed and logged).
      expect(result.error).not.toMatch(/hunter2|Bearer x/);
    }
  });
});

describe('parseSettings: authentication (SEXTANT_AUTH)', () => {
  const SECRET = 'x'.repeat(40);
  const files: Record<string, string> = {
    '/s/session': `${SECRET}\n`,
    '/s/client': 'client-secret\n',
    '/s/empty': '',
  };
  const read = (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
  const OIDC = {
    SEXTANT_AUTH: 'openid',
    SEXTANT_OIDC_ISSUER_URL: 'https://login.example.com/realms/a/',
    SEXTANT_OIDC_CLIENT_ID: 'sextant',
    SEXTANT_OIDC_REDIRECT_URL: 'https://sextant.example.com/auth/callback',
  };
  const session = { secret: undefined, secretFile: undefined, ttlMs: 8 * 3_600_000 };

  it.each<[string, Record<string, string>, string[], unknown]>([
    ['anonymous by default on loopback', {}, [], { strategy: 'anonymous' }],
    [
      'anonymous on purpose elsewhere',
      { SEXTANT_HOST: '0.0.0.0', SEXTANT_AUTH: 'anonymous' },
      [],
      { strategy: 'anonymous' },
    ],
    ['token with a random key', { SEXTANT_AUTH: 'token' }, [], { strategy: 'token', session }],
    [
      'token with a secret file and a TTL',
      { SEXTANT_AUTH: 'TOKEN', SEXTANT_SESSION_TTL: '30m' },
      ['--session-secret-file', '/s/session'],
      { strategy: 'token', session: { secret: SECRET, secretFile: '/s/session', ttlMs: 1_800_000 } },
    ],
    [
      'token with the secret in env',
      { SEXTANT_AUTH: 'token', SEXTANT_SESSION_SECRET: SECRET },
      [],
      { strategy: 'token', session: { ...session, secret: SECRET } },
    ],
    [
      'header, Authorization by default',
      { SEXTANT_AUTH: 'header' },
      [],
      { strategy: 'header', header: 'Authorization' },
    ],
    [
      'header, named',
      {},
      ['--auth', 'header', '--auth-header', 'X-Forwarded-Access-Token'],
      { strategy: 'header', header: 'X-Forwarded-Access-Token' },
    ],
    [
      'openid, issuer kept as written, default scopes',
      OIDC,
      [],
      {
        strategy: 'openid',
        session,
        oidc: {
          issuerUrl: 'https://login.example.com/realms/a/',
          clientId: 'sextant',
          clientSecret: undefined,
          redirectUrl: 'https://sextant.example.com/auth/callback',
          scopes: ['openid', 'email', 'profile'],
        },
      },
    ],
    [
      'openid on loopback http, client secret file, scopes',
      {
        ...OIDC,
        SEXTANT_OIDC_ISSUER_URL: 'http://127.0.0.1:5556',
        SEXTANT_OIDC_SCOPES: 'openid,email groups',
      },
      ['--oidc-client-secret-file', '/s/client'],
      {
        strategy: 'openid',
        session,
        oidc: {
          issuerUrl: 'http://127.0.0.1:5556',
          clientId: 'sextant',
          clientSecret: 'client-secret',
          redirectUrl: 'https://sextant.example.com/auth/callback',
          scopes: ['openid', 'email', 'groups'],
        },
      },
    ],
  ])('%s', (_name, env, argv, auth) => {
    const result = parseSettings({ ...PROM, ...env }, argv, read);
    expect(result).toEqual({ ok: true, settings: expect.objectContaining({ auth }) });
  });

  it.each<[string, Record<string, string>, string[], string]>([
    [
      'no strategy off loopback',
      { SEXTANT_HOST: '0.0.0.0' },
      [],
      'SEXTANT_AUTH (--auth) must be set when SEXTANT_HOST (--host) is 0.0.0.0',
    ],
    [
      'an unknown strategy',
      { SEXTANT_AUTH: 'kerberos' },
      [],
      'SEXTANT_AUTH (--auth) must be one of anonymous, token, openid, header, got "kerberos"',
    ],
    [
      'a short secret',
      { SEXTANT_AUTH: 'token', SEXTANT_SESSION_SECRET: 'short' },
      [],
      'SEXTANT_SESSION_SECRET must be at least 32 characters',
    ],
    [
      'both secrets',
      { SEXTANT_AUTH: 'token', SEXTANT_SESSION_SECRET: SECRET },
      ['--session-secret-file', '/s/session'],
      'are both set',
    ],
    [
      'a missing secret file',
      { SEXTANT_AUTH: 'token' },
      ['--session-secret-file', '/s/none'],
      'SEXTANT_SESSION_SECRET_FILE (--session-secret-file): cannot read /s/none',
    ],
    [
      'an empty secret file',
      { SEXTANT_AUTH: 'token' },
      ['--session-secret-file', '/s/empty'],
      '/s/empty is empty',
    ],
    [
      'a TTL in seconds',
      { SEXTANT_AUTH: 'token', SEXTANT_SESSION_TTL: '90s' },
      [],
      'SEXTANT_SESSION_TTL (--session-ttl) must be minutes or hours',
    ],
    [
      'a bad header name',
      { SEXTANT_AUTH: 'header', SEXTANT_AUTH_HEADER: 'X Token' },
      [],
      'SEXTANT_AUTH_HEADER (--auth-header) is not a header name',
    ],
    [
      'openid without an issuer',
      { ...OIDC, SEXTANT_OIDC_ISSUER_URL: '' },
      [],
      'SEXTANT_OIDC_ISSUER_URL (--oidc-issuer-url) is required with SEXTANT_AUTH=openid',
    ],
    [
      'openid over plain http',
      { ...OIDC, SEXTANT_OIDC_ISSUER_URL: 'http://login.example.com' },
      [],
      'must be https (http only on loopback',
    ],
    [
      'openid without a client',
      { ...OIDC, SEXTANT_OIDC_CLIENT_ID: '' },
      [],
      'SEXTANT_OIDC_CLIENT_ID (--oidc-client-id) is required',
    ],
    [
      'a redirect URL under /api',
      { ...OIDC, SEXTANT_OIDC_REDIRECT_URL: 'https://s.example/api/cb' },
      [],
      'needs a path of its own outside /api',
    ],
    [
      'a redirect URL that is not one',
      { ...OIDC, SEXTANT_OIDC_REDIRECT_URL: 'callback' },
      [],
      'SEXTANT_OIDC_REDIRECT_URL (--oidc-redirect-url) is not a URL',
    ],
    ['scopes without openid', { ...OIDC, SEXTANT_OIDC_SCOPES: 'email' }, [], 'must include openid'],
  ])('refuses %s', (_name, env, argv, message) => {
    const result = parseSettings({ ...PROM, ...env }, argv, read);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
