import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshSim, type MeshSim } from '../src/index.ts';

let sim: MeshSim;

beforeAll(async () => {
  sim = await startMeshSim({ scenario: 'bookinfo', watchHistory: 50 });
});
afterAll(async () => {
  await sim.stop();
});

async function api(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  accept = 'application/json',
) {
  const res = await fetch(`${sim.kubeApi}${path}`, {
    method,
    headers: { 'Content-Type': contentType, Accept: accept },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const VS_PATH = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices';
const shift = (name: string, v1: unknown, v3: unknown) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: v1 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: v3 },
        ],
      },
    ],
  },
});

/** Reads newline-delimited watch events until `count` arrived or the deadline passed. */
async function readEvents(path: string, count: number, act?: () => Promise<unknown>, timeoutMs = 5000) {
  const controller = new AbortController();
  const res = await fetch(`${sim.kubeApi}${path}`, { signal: controller.signal });
  const reader = res.body!.getReader();
  const events: Array<{ type: string; object: Record<string, any> }> = [];
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), timeoutMs);
  const acted = act?.();
  try {
    while (events.length < count) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(deadline);
    controller.abort();
    await acted;
  }
  return { status: res.status, events };
}

describe('discovery', () => {
  it('serves version, core and group discovery', async () => {
    expect((await api('GET', '/version')).body).toMatchObject({ major: '1', minor: '32' });
    expect((await api('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await api('GET', '/apis')).body!;
    const networking = groups.groups.find((g: { name: string }) => g.name === 'networking.istio.io');
    expect(networking.versions.map((v: { version: string }) => v.version)).toEqual([
      'v1',
      'v1beta1',
      'v1alpha3',
    ]);
    const security = groups.groups.find((g: { name: string }) => g.name === 'security.istio.io');
    expect(security.preferredVersion.version).toBe('v1');
    const list = (await api('GET', '/apis/apps/v1')).body!;
    expect(list.resources.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['deployments', 'deployments/scale']),
    );
  });

  it('serves OpenAPI v3 documents that advertise server-side field validation', async () => {
    const index = (await api('GET', '/openapi/v3')).body!;
    const ref = index.paths['apis/networking.istio.io/v1'].serverRelativeURL as string;
    const doc = (await api('GET', ref)).body!;
    const patch =
      doc.paths['/apis/networking.istio.io/v1/namespaces/{namespace}/virtualservices/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'networking.istio.io',
      version: 'v1',
      kind: 'VirtualService',
    });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
  });

  it('answers unknown paths with a NotFound Status', async () => {
    const res = await api('GET', '/apis/example.com/v1/widgets');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  });
});

describe('resources', () => {
  it('lists with label and field selectors, limit and continue', async () => {
    const pods = (await api('GET', '/api/v1/namespaces/bookinfo/pods?labelSelector=app%3Dreviews')).body!;
    expect(pods.kind).toBe('PodList');
    expect(pods.items.map((p: any) => p.metadata.labels.version).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(pods.items[0].spec.containers.map((c: { name: string }) => c.name)).toContain('istio-proxy');
    const byName = (await api('GET', '/api/v1/namespaces?fieldSelector=metadata.name%3Dbookinfo')).body!;
    expect(byName.items.map((n: any) => n.metadata.name)).toEqual(['bookinfo']);
    const page1 = (await api('GET', '/apis/apps/v1/deployments?limit=4')).body!;
    expect(page1.items).toHaveLength(4);
    expect(page1.metadata.remainingItemCount).toBeGreaterThan(0);
    const page2 = (
      await api('GET', `/apis/apps/v1/deployments?limit=100&continue=${page1.metadata.continue}`)
    ).body!;
    const all = (await api('GET', '/apis/apps/v1/deployments')).body!;
    expect([...page1.items, ...page2.items].map((d: any) => d.metadata.name)).toEqual(
      all.items.map((d: any) => d.metadata.name),
    );
    expect((await api('GET', '/apis/apps/v1/deployments?continue=garbage')).status).toBe(400);
    expect((await api('GET', '/api/v1/pods?labelSelector=a%20b%20c')).status).toBe(400);
  });

  it('serves server-side tables for kubectl get', async () => {
    const table = (
      await api(
        'GET',
        '/api/v1/namespaces/bookinfo/pods',
        undefined,
        'application/json',
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      )
    ).body!;
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
    ]);
    expect(table.rows[0].cells[1]).toBe('2/2');
  });

  it('creates, reads in every served version, updates with concurrency control, patches and deletes', async () => {
    const created = await api('POST', VS_PATH, shift('crud', 80, 20));
    expect(created.status).toBe(201);
    const { uid, resourceVersion } = created.body!.metadata;
    expect(created.body!.metadata).toMatchObject({ namespace: 'bookinfo', generation: 1 });

    for (const version of ['v1beta1', 'v1alpha3']) {
      const got = (
        await api('GET', `/apis/networking.istio.io/${version}/namespaces/bookinfo/virtualservices/crud`)
      ).body!;
      expect(got.apiVersion).toBe(`networking.istio.io/${version}`);
      expect(got.metadata.uid).toBe(uid);
    }

    expect((await api('POST', VS_PATH, shift('crud', 80, 20))).body).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
    });

    const updated = await api('PUT', `${VS_PATH}/crud`, {
      ...shift('crud', 50, 50),
      metadata: { name: 'crud', resourceVersion },
    });
    expect(updated.status).toBe(200);
    expect(updated.body!.metadata.generation).toBe(2);
    const stale = await api('PUT', `${VS_PATH}/crud`, {
      ...shift('crud', 10, 90),
      metadata: { name: 'crud', resourceVersion },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      details: { name: 'crud', group: 'networking.istio.io' },
    });
    expect((await api('GET', `${VS_PATH}/crud`)).body!.spec.http[0].route[0].weight).toBe(50);

    const merged = await api(
      'PATCH',
      `${VS_PATH}/crud`,
      { metadata: { labels: { team: 'a' } } },
      'application/merge-patch+json',
    );
    expect(merged.body!.metadata.labels).toEqual({ team: 'a' });
    const jsonPatched = await api(
      'PATCH',
      `${VS_PATH}/crud`,
      [
        { op: 'replace', path: '/spec/http/0/route/0/weight', value: 40 },
        { op: 'replace', path: '/spec/http/0/route/1/weight', value: 60 },
      ],
      'application/json-patch+json',
    );
    expect(jsonPatched.body!.spec.http[0].route.map((r: { weight: number }) => r.weight)).toEqual([40, 60]);
    const smp = await api('PATCH', `${VS_PATH}/crud`, { spec: {} }, 'application/strategic-merge-patch+json');
    expect(smp.status).toBe(415);
    const badPatch = await api(
      'PATCH',
      `${VS_PATH}/crud`,
      { spec: { http: [{ route: { destination: { host: 'x' } } }] } },
      'application/merge-patch+json',
    );
    expect(badPatch.status).toBe(422);
    expect((await api('GET', `${VS_PATH}/crud`)).body!.spec.http[0].route).toHaveLength(2);

    expect((await api('DELETE', `${VS_PATH}/crud`)).status).toBe(200);
    expect((await api('GET', `${VS_PATH}/crud`)).body).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'virtualservices.networking.istio.io "crud" not found',
    });
    expect((await api('DELETE', `${VS_PATH}/crud`)).status).toBe(404);
  });

  it('refuses an invalid Istio spec with 422 and field causes, storing nothing', async () => {
    const res = await api('POST', VS_PATH, shift('invalid', 'abc', 20));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
      details: { kind: 'VirtualService', name: 'invalid' },
    });
    expect(res.body!.details.causes).toEqual([
      expect.objectContaining({ field: 'spec.http[0].route[0].weight' }),
    ]);
    expect(res.body!.message).toContain('spec.http[0].route[0].weight');
    expect((await api('GET', `${VS_PATH}/invalid`)).status).toBe(404);
  });

  it('dry-runs writes without storing them', async () => {
    const res = await api('POST', `${VS_PATH}?dryRun=All`, shift('dry', 80, 20));
    expect(res.status).toBe(201);
    expect((await api('GET', `${VS_PATH}/dry`)).status).toBe(404);
  });

  it('rejects bodies that do not fit the URL', async () => {
    expect(
      (await api('POST', VS_PATH, { ...shift('x', 1, 99), metadata: { name: 'x', namespace: 'other' } }))
        .status,
    ).toBe(400);
    expect((await api('POST', VS_PATH, { ...shift('x', 1, 99), kind: 'DestinationRule' })).status).toBe(400);
    expect((await api('POST', VS_PATH, '{not json')).status).toBe(400);
    expect(
      (
        await api(
          'POST',
          '/apis/networking.istio.io/v1/namespaces/nowhere/virtualservices',
          shift('x', 1, 99),
        )
      ).status,
    ).toBe(404);
    expect((await api('POST', VS_PATH, shift('Bad_Name', 1, 99))).status).toBe(422);
    expect((await api('POST', VS_PATH, 'x', 'application/vnd.kubernetes.protobuf')).status).toBe(415);
  });

  it('scales deployments through the scale subresource; pods follow', async () => {
    const path = '/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1/scale';
    const scale = (await api('GET', path)).body!;
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { selector: 'app=ratings,version=v1' },
    });
    expect(
      (await api('PATCH', path, { spec: { replicas: 3 } }, 'application/merge-patch+json')).body!.spec
        .replicas,
    ).toBe(3);
    await waitFor(
      async () =>
        (await api('GET', '/api/v1/namespaces/bookinfo/pods?labelSelector=app%3Dratings')).body!.items
          .length === 3,
    );
    const deployment = (await api('GET', '/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1')).body!;
    await waitFor(
      async () =>
        (await api('GET', '/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1')).body!.status
          .readyReplicas === 3,
    );
    expect(
      (await api('PUT', path, { metadata: { resourceVersion: '1' }, spec: { replicas: 0 } })).status,
    ).toBe(409);
    expect(
      (
        await api('PUT', path, {
          metadata: { resourceVersion: deployment.metadata.resourceVersion },
          spec: { replicas: -1 },
        })
      ).status,
    ).toBe(422);
    expect((await api('PUT', path, { spec: { replicas: 0 } })).status).toBe(200);
    await waitFor(
      async () =>
        (await api('GET', '/api/v1/namespaces/bookinfo/pods?labelSelector=app%3Dratings')).body!.items
          .length === 0,
    );
    const endpoints = (await api('GET', '/api/v1/namespaces/bookinfo/endpoints/ratings')).body!;
    expect(endpoints.subsets).toEqual([]);
    await api('PATCH', path, { spec: { replicas: 1 } }, 'application/merge-patch+json');
    await waitFor(
      async () =>
        (await api('GET', '/api/v1/namespaces/bookinfo/endpoints/ratings')).body!.subsets.length === 1,
    );
  });

  it('cascades a namespace deletion to everything in it', async () => {
    await api('POST', '/api/v1/namespaces', {
      metadata: { name: 'doomed', labels: { 'istio-injection': 'enabled' } },
    });
    await api('POST', '/apis/apps/v1/namespaces/doomed/deployments', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    });
    await waitFor(async () => (await api('GET', '/api/v1/namespaces/doomed/pods')).body!.items.length === 1);
    expect((await api('DELETE', '/api/v1/namespaces/doomed')).status).toBe(200);
    await waitFor(async () => (await api('GET', '/api/v1/namespaces/doomed/pods')).body!.items.length === 0);
    expect((await api('GET', '/apis/apps/v1/namespaces/doomed/deployments')).body!.items).toEqual([]);
  });
});

describe('watch', () => {
  it('streams events after a resourceVersion, filtered by namespace', async () => {
    const list = (await api('GET', VS_PATH)).body!;
    const { events } = await readEvents(
      `${VS_PATH}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      3,
      async () => {
        const created = (await api('POST', VS_PATH, shift('watched', 80, 20))).body!;
        await api('PUT', `${VS_PATH}/watched`, {
          ...shift('watched', 70, 30),
          metadata: { name: 'watched', resourceVersion: created.metadata.resourceVersion },
        });
        await api('DELETE', `${VS_PATH}/watched`);
      },
    );
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED watched',
      'MODIFIED watched',
      'DELETED watched',
    ]);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
  });

  it('with a label selector, reports an object entering the selection as ADDED and leaving it as DELETED', async () => {
    const list = (await api('GET', VS_PATH)).body!;
    const label = (team: string) => ({ metadata: { labels: { team } } });
    const { events } = await readEvents(
      `${VS_PATH}?watch=true&labelSelector=team%3Dbooks&resourceVersion=${list.metadata.resourceVersion}`,
      3,
      async () => {
        await api('POST', VS_PATH, shift('selected', 80, 20));
        for (const team of ['books', 'books', 'films'])
          await api('PATCH', `${VS_PATH}/selected`, label(team), 'application/merge-patch+json');
        await api('PATCH', `${VS_PATH}/selected`, label('books'), 'application/merge-patch+json');
        await api('DELETE', `${VS_PATH}/selected`);
      },
    );
    // Created unlabelled: nothing; labelled: ADDED; the same label again: no change, no event;
    // relabelled away: DELETED; back: ADDED.
    expect(events.map((e) => `${e.type} ${e.object.metadata.labels?.team}`)).toEqual([
      'ADDED books',
      'DELETED films',
      'ADDED books',
    ]);
  });

  it('starts with the current state when no resourceVersion is given', async () => {
    const { events } = await readEvents('/api/v1/namespaces/bookinfo/services?watch=true', 5);
    expect(events.every((e) => e.type === 'ADDED')).toBe(true);
    expect(events.map((e) => e.object.metadata.name)).toEqual([
      'details',
      'mongodb',
      'productpage',
      'ratings',
      'reviews',
    ]);
  });

  it('answers a too old resourceVersion with a 410 Expired event', async () => {
    // History is 50 events per type; 60 writes push the first ones out.
    const first = (await api('POST', VS_PATH, shift('churn', 50, 50))).body!;
    for (let i = 0; i < 60; i++)
      await api(
        'PATCH',
        `${VS_PATH}/churn`,
        { metadata: { labels: { i: String(i) } } },
        'application/merge-patch+json',
      );
    const { status, events } = await readEvents(
      `${VS_PATH}?watch=true&resourceVersion=${first.metadata.resourceVersion}`,
      1,
    );
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
