import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../testing/testApp.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sextant-static-'));
mkdirSync(path.join(dir, 'assets'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Sextant</title>');
writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('static web app', () => {
  const { app } = makeTestApp({ staticDir: dir });

  it.each(['/', '/graph', '/namespaces/bookinfo'])('serves index.html for the page %s', async (url) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<title>Sextant</title>');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await request(app).get('/assets/app-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each(['/assets/missing.js', '/favicon.ico'])('404 envelope for a missing file %s', async (url) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('keeps /api out of the SPA fallback', async () => {
    const res = await request(app).get('/api/graphs');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('404 envelope for pages when no web app is configured', async () => {
    const res = await request(makeTestApp().app).get('/');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
