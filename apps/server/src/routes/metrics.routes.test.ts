import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../testing/testApp.ts';

describe('GET /metrics', () => {
  it('200 in Prometheus text format, counting requests by route template', async () => {
    const { app } = makeTestApp();
    await request(app).get('/api/namespaces');
    await request(app).get('/api/namespaces');
    await request(app).get('/api/nope');

    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(
      'sextant_http_requests_total{method="GET",route="/api/namespaces",status="200"} 2',
    );
    expect(res.text).toContain(
      'sextant_http_requests_total{method="GET",route="<unmatched>",status="404"} 1',
    );
    expect(res.text).toMatch(
      /sextant_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/namespaces",status="200"\}/,
    );
  });
});
