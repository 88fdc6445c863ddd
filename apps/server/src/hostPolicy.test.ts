import { describe, expect, it } from 'vitest';
import {
  crossOriginProblem,
  defaultAllowedHosts,
  exposureWarning,
  isHostAllowed,
  parseAllowedHosts,
  parseHostPort,
  type AllowedHosts,
} from './hostPolicy.ts';

describe('parseHostPort', () => {
  it.each([
    ['localhost', { host: 'localhost' }],
    ['LocalHost:20001', { host: 'localhost', port: 20001 }],
    ['10.0.0.5:8080', { host: '10.0.0.5', port: 8080 }],
    ['[::1]', { host: '[::1]' }],
    ['[::1]:20001', { host: '[::1]', port: 20001 }],
    ['::1', { host: '[::1]' }],
    ['sextant.example.com', { host: 'sextant.example.com' }],
  ])('%s', (value, expected) => {
    expect(parseHostPort(value)).toEqual(expected);
  });

  it.each([
    '',
    'http://x',
    'a b',
    'x:0',
    'x:65536',
    'x:',
    '-x',
    'x..y',
    '[::1',
    'x:1:2:z',
    'ex ample:80',
    'x/y',
  ])('refuses %j', (value) => {
    expect(parseHostPort(value)).toBeUndefined();
  });
});

describe('parseAllowedHosts', () => {
  it('reads a list, dropping empty entries', () => {
    expect(parseAllowedHosts(' a.example , ,b.example:8443')).toEqual({
      ok: true,
      hosts: [{ host: 'a.example' }, { host: 'b.example', port: 8443 }],
    });
  });
  it('* allows any host', () => {
    expect(parseAllowedHosts('a.example,*')).toEqual({ ok: true, hosts: '*' });
  });
  it('names the first bad entry', () => {
    expect(parseAllowedHosts('a.example,https://b.example')).toEqual({
      ok: false,
      error: expect.stringMatching(/^entry "https:\/\/b.example" is not a host or host:port/),
    });
  });
});

describe('defaultAllowedHosts', () => {
  it.each([
    ['127.0.0.1', ['127.0.0.1', 'localhost']],
    ['0.0.0.0', ['0.0.0.0', 'localhost', '127.0.0.1']],
    ['::1', ['[::1]', 'localhost', '127.0.0.1']],
    ['::', ['[::]', 'localhost', '127.0.0.1', '[::1]']],
    ['localhost', ['localhost', '127.0.0.1']],
  ])('bound to %s', (bind, hosts) => {
    expect(defaultAllowedHosts(bind)).toEqual(hosts.map((host) => ({ host })));
  });
});

describe('isHostAllowed', () => {
  const allowed: AllowedHosts = [{ host: 'localhost' }, { host: 'sextant.example', port: 8443 }];
  it.each([
    ['localhost:20001', true],
    ['LOCALHOST', true],
    ['sextant.example:8443', true],
    ['sextant.example', false],
    ['sextant.example:443', false],
    ['attacker.example', false],
    ['localhost.attacker.example', false],
    ['localhost:20001@attacker.example', false],
    ['', false],
    [undefined, false],
  ] as const)('%s -> %s', (host, expected) => {
    expect(isHostAllowed(host, allowed)).toBe(expected);
  });
  it('* allows even a missing Host', () => {
    expect(isHostAllowed(undefined, '*')).toBe(true);
  });
});

describe('crossOriginProblem', () => {
  const write = { method: 'POST', host: '127.0.0.1:20001', origin: undefined, secFetchSite: undefined };
  it.each([
    ['a read from anywhere', { ...write, method: 'GET', origin: 'http://evil.example' }, false],
    ['OPTIONS from anywhere', { ...write, method: 'OPTIONS', origin: 'http://evil.example' }, false],
    ['a script: no Origin, no Sec-Fetch-Site', write, false],
    ['the same origin', { ...write, origin: 'http://127.0.0.1:20001' }, false],
    [
      'the same origin behind TLS, default port',
      { ...write, host: 'x.example', origin: 'https://x.example' },
      false,
    ],
    [
      'an explicit default port in Host',
      { ...write, host: 'x.example:443', origin: 'https://x.example' },
      false,
    ],
    ['Sec-Fetch-Site same-origin', { ...write, secFetchSite: 'same-origin' }, false],
    ['Sec-Fetch-Site none (typed by the user)', { ...write, secFetchSite: 'none' }, false],
    ['another origin', { ...write, origin: 'http://evil.example' }, true],
    ['another port', { ...write, origin: 'http://127.0.0.1:8080' }, true],
    ['Origin null', { ...write, origin: 'null' }, true],
    ['a non-http Origin', { ...write, origin: 'file://127.0.0.1:20001' }, true],
    ['no Host', { ...write, host: undefined, origin: 'http://127.0.0.1:20001' }, true],
    ['Sec-Fetch-Site cross-site', { ...write, secFetchSite: 'cross-site' }, true],
    ['Sec-Fetch-Site same-site', { ...write, method: 'DELETE', secFetchSite: 'same-site' }, true],
  ])('%s', (_name, check, refused) => {
    expect(crossOriginProblem(check) !== undefined).toBe(refused);
  });
});

describe('exposureWarning', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('none on loopback %s', (host) => {
    expect(exposureWarning(host, false)).toBeUndefined();
  });
  it.each(['0.0.0.0', '::', '10.0.0.5', 'console.internal'])('warns on %s', (host) => {
    const warning = exposureWarning(host, false);
    expect(warning).toContain(`SEXTANT_HOST is ${host}`);
    expect(warning).toContain('anyone who can reach this port can read and change Istio config');
    expect(warning).toContain('SEXTANT_VIEW_ONLY=true');
  });
  it('view-only: warns about reading, not changing', () => {
    const warning = exposureWarning('0.0.0.0', true);
    expect(warning).toContain('can see every namespace');
    expect(warning).not.toContain('change Istio config');
  });
});
