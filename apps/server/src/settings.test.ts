import { describe, expect, it } from 'vitest';
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
};

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
      },
      [],
      {
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
      { ...PROM, SEXTANT_HOST: 'console.internal' },
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
  ];
  it.each(invalid)('%s', (_name, env, argv, message) => {
    const result = parseSettings(env, argv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain('\n');
    }
  });
});
