import type { IstioObjectJson } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/apiError.ts';
import { classifyWriteFailure } from './writeFailure.ts';

const current: IstioObjectJson = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '57' },
  spec: { hosts: ['reviews'] },
};

const error = (status: number, code: string, details?: unknown) =>
  new ApiError({ status, code, message: `${code} message`, details });

describe('classifyWriteFailure', () => {
  it.each<[string, unknown, string | undefined]>([
    [
      '409 with the stored version: a conflict',
      error(409, 'CONFLICT', { upstream: 'kubernetes', reason: 'Conflict', current }),
      'conflict',
    ],
    [
      '409 without it (already exists): a failure',
      error(409, 'CONFLICT', { upstream: 'kubernetes', reason: 'AlreadyExists' }),
      'failed',
    ],
    ['403 RBAC: refused', error(403, 'FORBIDDEN'), 'refused'],
    ['403 view-only: refused', error(403, 'VIEW_ONLY'), 'refused'],
    ['422 invalid spec: a failure', error(422, 'INVALID_SPEC'), 'failed'],
    ['503 upstream: a failure', error(503, 'UPSTREAM_UNAVAILABLE'), 'failed'],
    ['a bug is not classified', new TypeError('x is undefined'), undefined],
  ])('%s', (_, e, kind) => expect(classifyWriteFailure(e)?.kind).toBe(kind));

  it('a 403 carries the reason and whether the whole server is view-only', () => {
    expect(classifyWriteFailure(error(403, 'VIEW_ONLY'))).toMatchObject({
      access: { allowed: false, reason: 'VIEW_ONLY message', viewOnly: true },
    });
    expect(
      classifyWriteFailure(error(409, 'CONFLICT', { upstream: 'kubernetes', reason: 'Conflict', current })),
    ).toMatchObject({
      current,
    });
  });
});
