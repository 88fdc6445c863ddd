import { errorEnvelopeSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { reviewsSpec, seedBookinfo, virtualService } from './testing/istioFixtures.ts';
import { makeTestApp } from './testing/testApp.ts';

/** Statuses the whole app owes every route, whatever the route: the probes of issue 12. */
describe('createApp: malformed requests', () => {
  it.each([
    '/api/namespaces/bookinfo/istio/%ZZ/x',
    '/api/namespaces/%E0%A4%A/istio',
    '/api/namespaces/bookinfo/workloads/%/graph',
  ])('400 envelope, not a 500, for the undecodable path %s', async (url) => {
    const t = makeTestApp();
    seedBookinfo(t.kube);
    const res = await request(t.app).get(url);
    expect(res.status).toBe(400);
    expect(errorEnvelopeSchema.parse(res.body).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Malformed URL: a path segment is not valid percent-encoding',
    });
  });

  it('413 naming the limit for a 10 MB body; nothing is written', async () => {
    const t = makeTestApp();
    seedBookinfo(t.kube);
    const body = virtualService('big', reviewsSpec([['v1', 100]]), {
      annotations: { filler: 'x'.repeat(10 * 1024 * 1024) },
    });
    const res = await request(t.app).post('/api/namespaces/bookinfo/istio/virtualservices').send(body);
    expect(res.status).toBe(413);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('Request body is larger than the limit of 1048576 bytes (1 MiB)');
    expect(t.kube.calls).toEqual([]);
  });
});
