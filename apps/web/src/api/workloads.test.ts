import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from './client.ts';
import { appDetailsQuery, appListQuery, workloadDetailsQuery, workloadListQuery } from './workloads.ts';

function recordingClient(body: unknown) {
  const urls: string[] = [];
  const client = createApiClient(async (input) => {
    urls.push(String(input));
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { client, urls };
}

describe('workloads api', () => {
  it('lists workloads of an encoded namespace over the health window and validates the answer', async () => {
    const body = { namespace: 'book info', duration: 120, workloads: [] };
    const { client, urls } = recordingClient(body);
    expect(await new QueryClient().fetchQuery(workloadListQuery('book info', client))).toEqual(body);
    expect(urls).toEqual(['/api/namespaces/book%20info/workloads?duration=2m']);
  });

  it.each([
    [
      'a workload',
      (c: ApiClient) => new QueryClient().fetchQuery(workloadDetailsQuery('bookinfo', 'reviews-v1', c)),
      '/api/namespaces/bookinfo/workloads/reviews-v1?duration=2m',
    ],
    [
      'an app',
      (c: ApiClient) => new QueryClient().fetchQuery(appDetailsQuery('bookinfo', 'a/b', c)),
      '/api/namespaces/bookinfo/apps/a%2Fb?duration=2m',
    ],
    [
      'the apps',
      (c: ApiClient) => new QueryClient().fetchQuery(appListQuery('bookinfo', c)),
      '/api/namespaces/bookinfo/apps?duration=2m',
    ],
  ])('a body off the contract for %s is an error', async (_, query, url) => {
    const { client, urls } = recordingClient({ nope: true });
    await expect(query(client)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
    expect(urls).toEqual([url]);
  });
});
