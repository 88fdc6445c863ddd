import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';
import { istioLiveCheckQuery, type LiveCheckMode } from './istioLiveCheck.ts';

const object = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication' as const,
  metadata: { name: 'default', namespace: 'bookinfo' },
  spec: {},
};

function answering(status: number, body: unknown) {
  const calls: string[] = [];
  const client = createApiClient(async (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return { client, calls };
}

const check = (mode: LiveCheckMode, status: number, body: unknown) => {
  const { client, calls } = answering(status, body);
  const result = new QueryClient().fetchQuery(
    istioLiveCheckQuery('bookinfo', 'peerauthentications', mode, 'text', object, client),
  );
  return { result, calls };
};

const envelope = (code: string, message: string, fieldErrors?: unknown) => ({
  error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) },
});

describe('istioLiveCheckQuery', () => {
  it('creates: a POST dry run, its validations the answer', async () => {
    const { result, calls } = check('create', 200, { object, validations: [] });
    await expect(result).resolves.toEqual({ validations: [], fieldErrors: [] });
    expect(calls).toEqual(['POST /api/namespaces/bookinfo/istio/peerauthentications?dryRun=true']);
  });

  it('a schema error (422 with fieldErrors) is an answer, not a failure', async () => {
    const fieldErrors = [{ path: 'spec.mtls.mode', message: 'Unsupported value' }];
    const { result } = check('create', 422, envelope('INVALID_SPEC', 'invalid', fieldErrors));
    await expect(result).resolves.toEqual({ validations: [], fieldErrors });
  });

  it('a name already taken (409 on create) is marked on metadata.name', async () => {
    const { result } = check(
      'create',
      409,
      envelope('CONFLICT', 'peerauthentications "default" already exists'),
    );
    await expect(result).resolves.toEqual({
      validations: [],
      fieldErrors: [{ path: 'metadata.name', message: 'peerauthentications "default" already exists' }],
    });
  });

  it.each<[LiveCheckMode, number]>([
    ['replace', 409],
    ['create', 503],
  ])('%s answered %i fails the check', async (mode, status) => {
    const { result } = check(mode, status, envelope('X', 'no'));
    await expect(result).rejects.toMatchObject({ status });
  });
});
