import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorEnvelopeSchema } from '@sextant/contracts';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewsSpec, seedBookinfo, virtualService } from '../testing/istioFixtures.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sextant-hostguard-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Sextant</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CREATE_URL = '/api/namespaces/bookinfo/istio/virtualservices';
const newVs = () => virtualService('new-route', reviewsSpec([['v1', 100]]));

function bookinfo(config: Parameters<typeof makeTestApp>[0] = {}): TestApp {
  const t = makeTestApp({ staticDir: dir, ...config });
  seedBookinfo(t.kube);
  return t;
}

const writes = (t: TestApp) => t.kube.calls.filter((c) => c.op !== 'get');

describe('Host allow-list (DNS rebinding)', () => {
  it.each(['/api/namespaces', '/api/status', '/', '/graph', '/api/nope'])(
    '403 envelope for %s with Host attacker.example',
    async (url) => {
      const res = await request(bookinfo().app).get(url).set('Host', 'attacker.example');
      expect(res.status).toBe(403);
      const { error } = errorEnvelopeSchema.parse(res.body);
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe(
        'Host "attacker.example" is not allowed: this server answers 127.0.0.1, localhost (SEXTANT_ALLOWED_HOSTS)',
      );
      expect(error.details).toEqual({ reason: 'HostNotAllowed' });
    },
  );

  it('the DNS-rebinding probe: a cross-origin POST to another Host is refused and writes nothing', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(CREATE_URL)
      .set('Host', 'attacker.example')
      .set('Origin', 'http://evil.example')
      .send(newVs());
    expect(res.status).toBe(403);
    expect(writes(t)).toEqual([]);
  });

  it.each(['/healthz', '/readyz', '/metrics'])(
    'probes and the metrics scrape answer any Host (kubelet and Prometheus send the pod IP): %s',
    async (url) => {
      const res = await request(bookinfo().app).get(url).set('Host', '10.244.1.17:20001');
      expect(res.status).toBe(200);
    },
  );

  it.each(['localhost:20001', '127.0.0.1', 'LOCALHOST:5173'])('the defaults answer %s', async (host) => {
    const res = await request(bookinfo().app).get('/api/namespaces').set('Host', host);
    expect(res.status).toBe(200);
  });

  it('a configured list replaces the defaults; a port entry matches that port only', async () => {
    const { app } = bookinfo({ allowedHosts: [{ host: 'sextant.example.com', port: 8443 }] });
    expect((await request(app).get('/api/status').set('Host', 'sextant.example.com:8443')).status).toBe(200);
    expect((await request(app).get('/api/status').set('Host', 'sextant.example.com')).status).toBe(403);
    expect((await request(app).get('/api/status').set('Host', 'localhost')).status).toBe(403);
  });

  it('* answers any Host', async () => {
    const { app } = bookinfo({ allowedHosts: '*' });
    expect((await request(app).get('/api/status').set('Host', 'anything.example')).status).toBe(200);
  });
});

describe('writes only from the same origin (CSRF)', () => {
  it.each([
    [
      'another origin',
      { Origin: 'http://evil.example' },
      /^Cross-origin write refused: Origin "http:\/\/evil.example"/,
    ],
    ['Origin null', { Origin: 'null' }, /^Cross-origin write refused: Origin "null"/],
    ['Sec-Fetch-Site cross-site', { 'Sec-Fetch-Site': 'cross-site' }, /cross-site request/],
  ])('403 for %s, nothing written', async (_name, headers, message) => {
    const t = bookinfo();
    const res = await request(t.app).post(CREATE_URL).set(headers).send(newVs());
    expect(res.status).toBe(403);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(message);
    expect(error.details).toEqual({ reason: 'CrossOrigin' });
    expect(writes(t)).toEqual([]);
  });

  it('403 for a cross-origin DELETE and PUT too', async () => {
    const t = bookinfo();
    const url = '/api/namespaces/bookinfo/istio/virtualservices/reviews';
    const del = await request(t.app).delete(url).set('Origin', 'http://evil.example');
    const put = await request(t.app).put(url).set('Origin', 'http://evil.example').send({});
    expect([del.status, put.status]).toEqual([403, 403]);
    expect(writes(t)).toEqual([]);
  });

  it.each([
    ['the page itself (Origin = Host)', (host: string) => ({ Origin: `http://${host}` })],
    ['a script (no Origin, no Sec-Fetch-Site)', () => ({})],
    ['Sec-Fetch-Site same-origin without Origin', () => ({ 'Sec-Fetch-Site': 'same-origin' })],
  ])('201 for %s', async (_name, headers) => {
    const t = bookinfo();
    const host = 'localhost:20001';
    const res = await request(t.app).post(CREATE_URL).set('Host', host).set(headers(host)).send(newVs());
    expect(res.status).toBe(201);
  });

  it('reads from another origin are answered (the Host check covers them; CORS keeps them unreadable)', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces').set('Origin', 'http://evil.example');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security headers', () => {
  it.each([
    ['an API answer', '/api/namespaces', 200],
    ['an API error', '/api/nope', 404],
    ['the web app', '/graph', 200],
    ['a probe', '/healthz', 200],
    ['a refused Host', '/api/namespaces', 403, 'attacker.example'],
  ])('on %s', async (_name, url, status, host = '127.0.0.1') => {
    const res = await request(bookinfo().app).get(url).set('Host', host);
    expect(res.status).toBe(status);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
