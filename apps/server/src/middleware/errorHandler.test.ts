import { errorEnvelopeSchema } from '@sextant/contracts';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  badRequest,
  conflict,
  forbidden,
  invalidSpec,
  notFound,
  upstreamBadResponse,
  upstreamTimeout,
  upstreamUnavailable,
  viewOnly,
} from '../errors.ts';
import { silentLogger } from '../testing/fakes.ts';
import { errorHandler } from './errorHandler.ts';

/** An app whose only route throws `error`, to see exactly what the middleware makes of it. */
function throwing(error: unknown) {
  const app = express();
  app.get('/boom', () => {
    throw error;
  });
  app.use(errorHandler(silentLogger));
  return app;
}

describe('errorHandler', () => {
  it.each([
    {
      error: badRequest('duration must look like 60s', { param: 'duration' }),
      status: 400,
      code: 'BAD_REQUEST',
    },
    { error: forbidden('RBAC says no'), status: 403, code: 'FORBIDDEN' },
    { error: viewOnly(), status: 403, code: 'VIEW_ONLY' },
    { error: notFound('no such VirtualService'), status: 404, code: 'NOT_FOUND' },
    { error: conflict('stale resourceVersion', { current: '42' }), status: 409, code: 'CONFLICT' },
    {
      error: invalidSpec('invalid VirtualService', [{ path: 'spec.http[0].route', message: 'required' }]),
      status: 422,
      code: 'INVALID_SPEC',
    },
    { error: upstreamBadResponse('prometheus', 'HTTP 500'), status: 502, code: 'UPSTREAM_BAD_RESPONSE' },
    { error: upstreamUnavailable('kubernetes', 'ECONNREFUSED'), status: 503, code: 'UPSTREAM_UNAVAILABLE' },
    { error: upstreamTimeout('prometheus', 'slow'), status: 504, code: 'UPSTREAM_TIMEOUT' },
  ])('$status $code', async ({ error, status, code }) => {
    const res = await request(throwing(error)).get('/boom');
    expect(res.status).toBe(status);
    const envelope = errorEnvelopeSchema.parse(res.body);
    expect(envelope.error.code).toBe(code);
    expect(envelope.error.message).toBe(error.message);
    expect(envelope.error.details).toEqual(error.details);
    expect(envelope.error.fieldErrors).toEqual(error.fieldErrors);
  });

  it.each([
    ['an Error', new Error('secret internals at /srv/app.ts:12')],
    ['a string', 'oops'],
    ['an upstream 5xx-like object', Object.assign(new Error('x'), { status: 500, expose: false })],
  ])('500 INTERNAL without message or stack for %s', async (_name, error) => {
    const res = await request(throwing(error)).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(res.text).not.toContain('.ts');
  });

  it('413 naming the limit for a body over the JSON parser limit', async () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
      type: 'entity.too.large',
      limit: 1048576,
      length: 10485760,
    });
    const res = await request(throwing(tooLarge)).get('/boom');
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body is larger than the limit of 1048576 bytes (1 MiB)',
      details: { limitBytes: 1048576 },
    });
  });

  it('400 for another client http-error (e.g. an unsupported charset)', async () => {
    const charset = Object.assign(new Error('unsupported charset "UTF-7"'), {
      status: 415,
      expose: true,
      type: 'charset.unsupported',
    });
    const res = await request(throwing(charset)).get('/boom');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Bad request: unsupported charset "UTF-7"',
    });
  });

  it('400 for a path parameter Express cannot percent-decode', async () => {
    const app = express();
    app.get('/items/:name', (req, res) => {
      res.json({ name: req.params.name });
    });
    app.use(errorHandler(silentLogger));
    const res = await request(app).get('/items/%ZZ');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Malformed URL: a path segment is not valid percent-encoding',
    });
  });
});
