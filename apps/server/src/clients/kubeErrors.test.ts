import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { AppError, notFound } from '../errors.ts';
import { kubeReasonOf, toKubeAppError } from './kubeErrors.ts';

const status = (code: number, reason: string, message: string, details?: unknown) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details });

/** client-node throws this for any non-2xx answer; `body` is the raw response text. */
const answered = (code: number, body: string | undefined) =>
  new ApiException(code, 'Unknown API Status Code!', body, { 'content-type': 'application/json' });

const WHAT = 'replace virtualservices bookinfo/reviews';

describe('toKubeAppError', () => {
  it.each([
    {
      name: '400 BadRequest stays 400',
      err: answered(400, status(400, 'BadRequest', 'the name of the object does not match')),
      expected: {
        status: 400,
        code: 'BAD_REQUEST',
        message: `Kubernetes refused ${WHAT}: the name of the object does not match`,
        details: { upstream: 'kubernetes', reason: 'BadRequest' },
      },
    },
    {
      name: '401 without a body is forbidden',
      err: answered(401, undefined),
      expected: {
        status: 403,
        code: 'FORBIDDEN',
        message: `Kubernetes refused ${WHAT}: Kubernetes answered HTTP 401 to ${WHAT}`,
      },
    },
    {
      name: '403 RBAC is forbidden, with the API server message',
      err: answered(403, status(403, 'Forbidden', 'User "dev" cannot update resource "virtualservices"')),
      expected: {
        status: 403,
        code: 'FORBIDDEN',
        message: `Kubernetes refused ${WHAT}: User "dev" cannot update resource "virtualservices"`,
        details: { upstream: 'kubernetes', reason: 'Forbidden' },
      },
    },
    {
      name: '404 NotFound',
      err: answered(404, status(404, 'NotFound', 'virtualservices.networking.istio.io "x" not found')),
      expected: {
        status: 404,
        code: 'NOT_FOUND',
        message: 'virtualservices.networking.istio.io "x" not found',
      },
    },
    {
      name: '404 with a non-Status body (CRD not installed)',
      err: answered(404, '404 page not found'),
      expected: { status: 404, code: 'NOT_FOUND', message: `Kubernetes answered HTTP 404 to ${WHAT}` },
    },
    {
      name: '409 Conflict keeps its reason',
      err: answered(409, status(409, 'Conflict', 'the object has been modified')),
      expected: {
        status: 409,
        code: 'CONFLICT',
        message: 'the object has been modified',
        details: { upstream: 'kubernetes', reason: 'Conflict' },
      },
    },
    {
      name: '409 AlreadyExists keeps its reason',
      err: answered(409, status(409, 'AlreadyExists', '"x" already exists')),
      expected: { status: 409, details: { upstream: 'kubernetes', reason: 'AlreadyExists' } },
    },
    {
      name: '422 Invalid: causes become fieldErrors',
      err: answered(
        422,
        status(422, 'Invalid', 'VirtualService "x" is invalid', {
          causes: [
            {
              reason: 'FieldValueTypeInvalid',
              message: 'must be of type integer',
              field: 'spec.http[0].route[0].weight',
            },
            { reason: 'FieldValueRequired', field: 'spec.hosts' },
          ],
        }),
      ),
      expected: {
        status: 422,
        code: 'INVALID_SPEC',
        message: 'VirtualService "x" is invalid',
        fieldErrors: [
          { path: 'spec.http[0].route[0].weight', message: 'must be of type integer' },
          { path: 'spec.hosts', message: 'FieldValueRequired' },
        ],
        details: { source: 'kubernetes', upstream: 'kubernetes', reason: 'Invalid' },
      },
    },
    {
      name: '429 too many requests is unavailable',
      err: answered(429, status(429, 'TooManyRequests', 'slow down')),
      expected: { status: 503, code: 'UPSTREAM_UNAVAILABLE' },
    },
    {
      name: '500 is a bad upstream answer, never our 500',
      err: answered(500, status(500, 'InternalError', 'etcd is down')),
      expected: {
        status: 502,
        code: 'UPSTREAM_BAD_RESPONSE',
        message: `Kubernetes answered HTTP 500 to ${WHAT}: etcd is down`,
      },
    },
    {
      name: '503 stays unavailable',
      err: answered(503, 'service unavailable'),
      expected: { status: 503, code: 'UPSTREAM_UNAVAILABLE' },
    },
    {
      name: '504 from the API server is a timeout',
      err: answered(
        504,
        status(504, 'Timeout', 'the server was unable to return a response in the time allotted'),
      ),
      expected: { status: 504, code: 'UPSTREAM_TIMEOUT' },
    },
    {
      name: 'connection refused is unavailable, with the reason only',
      err: Object.assign(
        new Error(
          'request to https://10.0.0.1:6443/apis/x?dryRun=All failed, reason: connect ECONNREFUSED 10.0.0.1:6443',
        ),
        { type: 'system', code: 'ECONNREFUSED' },
      ),
      expected: {
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'Kubernetes is not reachable: connect ECONNREFUSED 10.0.0.1:6443',
        details: { upstream: 'kubernetes' },
      },
    },
    {
      name: 'a write that timed out may have been made',
      err: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' }),
      expected: {
        status: 504,
        code: 'UPSTREAM_TIMEOUT',
        message: `Kubernetes did not answer ${WHAT} within 2000 ms; the change may or may not have been made: reload the object to see`,
        details: { upstream: 'kubernetes', outcome: 'unknown' },
      },
    },
    {
      name: 'a write whose connection broke after it was sent may have been made',
      err: Object.assign(
        new Error('request to https://10.0.0.1:6443/apis/x failed, reason: socket hang up'),
        { type: 'system', code: 'ECONNRESET' },
      ),
      expected: {
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        message: `The connection to Kubernetes broke during ${WHAT} (socket hang up (ECONNRESET)); the change may or may not have been made: reload the object to see`,
        details: { upstream: 'kubernetes', outcome: 'unknown' },
      },
    },
    {
      name: 'our abort of a read is a plain timeout',
      what: 'get virtualservices bookinfo/reviews',
      err: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' }),
      expected: {
        status: 504,
        code: 'UPSTREAM_TIMEOUT',
        message: 'Kubernetes did not answer get virtualservices bookinfo/reviews within 2000 ms',
      },
    },
  ])('$name', ({ err, expected, what = WHAT }) => {
    const mapped = toKubeAppError(err, what, 2000);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject(expected);
    expect(mapped.message).not.toMatch(/HTTP-Code|Headers/);
  });

  it('passes AppErrors through', () => {
    const err = notFound('x');
    expect(toKubeAppError(err, WHAT, 1)).toBe(err);
  });
});

describe('kubeReasonOf', () => {
  it('reads the Status reason of a mapped Kubernetes error only', () => {
    expect(kubeReasonOf(toKubeAppError(answered(409, status(409, 'Conflict', 'x')), WHAT, 1))).toBe(
      'Conflict',
    );
    expect(kubeReasonOf(notFound('x'))).toBeUndefined();
    expect(kubeReasonOf(new Error('x'))).toBeUndefined();
  });
});
