import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';
import { serviceDetailsQuery, serviceWorkloadsQuery, servicesQuery } from './services.ts';

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

describe('services api', () => {
  it('asks for the workloads of a service, path segments encoded, and validates the answer', async () => {
    const body = {
      service: 'reviews',
      namespace: 'book info',
      selector: { app: 'reviews' },
      workloads: [{ name: 'reviews-v1', kind: 'Deployment', labels: { version: 'v1' }, replicas: 1 }],
    };
    const { client, urls } = recordingClient(body);
    const data = await new QueryClient().fetchQuery(serviceWorkloadsQuery('book info', 'reviews', client));
    expect(urls).toEqual(['/api/namespaces/book%20info/services/reviews/workloads']);
    expect(data).toEqual(body);
  });

  it('lists the services of a namespace; a body off the contract is an error', async () => {
    const { client, urls } = recordingClient([{ name: 'reviews' }]);
    await expect(new QueryClient().fetchQuery(servicesQuery('bookinfo', client))).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
    expect(urls).toEqual(['/api/namespaces/bookinfo/services']);
  });

  it('asks for one service by encoded name and validates the details', async () => {
    const body = {
      service: { name: 'reviews', namespace: 'bookinfo', selector: {}, ports: [], labels: {} },
      workloads: [],
      versions: [],
      istioConfig: [
        {
          kind: 'VirtualService',
          name: 'reviews',
          namespace: 'bookinfo',
          relation: 'host',
          hosts: ['reviews'],
          subsets: [],
          validations: [],
        },
      ],
    };
    const { client, urls } = recordingClient(body);
    const data = await new QueryClient().fetchQuery(serviceDetailsQuery('bookinfo', 'rev iews', client));
    expect(urls).toEqual(['/api/namespaces/bookinfo/services/rev%20iews']);
    expect(data).toEqual(body);
  });

  it('keeps the list and details keys apart, under one prefix', () => {
    expect(servicesQuery('a').queryKey).toEqual(['services', 'list', 'a']);
    expect(serviceDetailsQuery('a', 'b').queryKey).toEqual(['services', 'details', 'a', 'b']);
    expect(servicesQuery('a', undefined, 10_000).refetchInterval).toBe(10_000);
  });
});
