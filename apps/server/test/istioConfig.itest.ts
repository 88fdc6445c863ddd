import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import {
  errorEnvelopeSchema,
  istioConfigListSchema,
  istioConflictDetailsSchema,
  istioDeleteResultSchema,
  istioDryRunSchema,
  istioInvalidDetailsSchema,
  istioObjectEnvelopeSchema,
  istioSetResultSchema,
  type IstioObjectJson,
} from '@sextant/contracts';
import { formToVirtualService, virtualServiceToForm } from '@sextant/mesh';
import { startMeshSim, versionSubsetsRule, weightedRoute, type MeshSim } from '@sextant/mesh-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppConfig } from '../src/app.ts';
import { InformerKubeClient } from '../src/clients/kube.client.ts';
import { FakeMetricsClient, silentLogger } from '../src/testing/fakes.ts';

/**
 * The Istio config API in-process (createApp with the real Kubernetes client) against mesh-sim's
 * Bookinfo, which answers like a real API server: resourceVersion preconditions (409), schema
 * validation (422 with causes), dryRun=All. Prometheus plays no part here: a fake stands in.
 */
describe('Istio config API against mesh-sim', () => {
  let sim: MeshSim;
  let kube: InformerKubeClient;
  let url: string;
  let viewOnlyUrl: string;
  const servers: Server[] = [];

  async function listen(config: Partial<AppConfig>): Promise<string> {
    const app = createApp({
      kube,
      metrics: new FakeMetricsClient(),
      logger: silentLogger,
      config: { viewOnly: false, staticDir: undefined, ...config },
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    sim = await startMeshSim({ scenario: 'bookinfo' });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sim.kubeconfigYaml);
    kube = new InformerKubeClient(kubeConfig, silentLogger);
    kube.start();
    url = await listen({});
    viewOnlyUrl = await listen({ viewOnly: true });
    // The watch caches list in the background: wait until the API can answer.
    const deadline = Date.now() + POLL.timeout;
    while ((await fetch(`${url}/api/namespaces/bookinfo/istio`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the Istio config list never became available');
      await new Promise((resolve) => setTimeout(resolve, POLL.interval));
    }
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await kube?.stop();
    await sim?.stop();
  });

  const POLL = { timeout: 15_000, interval: 100 };
  const BASE = '/api/namespaces/bookinfo/istio';

  async function call(method: string, path: string, body?: unknown, base = url) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  /** The Kubernetes API itself (what kubectl sees): the object, or undefined on 404. */
  async function inKubernetes(plural: string, name: string): Promise<IstioObjectJson | undefined> {
    const res = await fetch(
      `${sim.kubeApi}/apis/networking.istio.io/v1/namespaces/bookinfo/${plural}/${name}`,
    );
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET ${plural}/${name} -> ${res.status}`);
    return (await res.json()) as IstioObjectJson;
  }

  const errorOf = (body: unknown) => errorEnvelopeSchema.parse(body).error;

  const reviewsRule = versionSubsetsRule('reviews', ['v1', 'v2', 'v3'], 'bookinfo');
  const reviewsRoute = weightedRoute('reviews', { v1: 80, v3: 20 });

  it('lists the Bookinfo config with its validations', async () => {
    const { status, body } = await call('GET', BASE);
    expect(status).toBe(200);
    const list = istioConfigListSchema.parse(body);
    expect(list.items.map((i) => `${i.kind}/${i.name}`)).toEqual([
      'VirtualService/bookinfo',
      'Gateway/bookinfo-gateway',
      'ServiceEntry/googleapis',
    ]);
    for (const item of list.items) {
      expect(item.resourceVersion).toBe(item.object.metadata.resourceVersion);
      expect(item.validations.filter((v) => v.severity === 'error')).toEqual([]);
    }
    const gateways = istioConfigListSchema.parse((await call('GET', `${BASE}?kind=gateways`)).body);
    expect(gateways.items.map((i) => i.name)).toEqual(['bookinfo-gateway']);
  });

  it('creates a DestinationRule and an 80/20 VirtualService, dry run first (nothing stored), then for real', async () => {
    const dryRule = await call('POST', `${BASE}/destinationrules?dryRun=true`, reviewsRule);
    expect(dryRule.status).toBe(200);
    expect(istioDryRunSchema.parse(dryRule.body).object.spec).toEqual(reviewsRule.spec);
    expect(await inKubernetes('destinationrules', 'reviews')).toBeUndefined();

    const rule = await call('POST', `${BASE}/destinationrules`, reviewsRule);
    expect(rule.status).toBe(201);
    const storedRule = istioObjectEnvelopeSchema.parse(rule.body).object;
    expect(await inKubernetes('destinationrules', 'reviews')).toEqual(storedRule);

    // Right after the rule: judged against it even before the watch delivers it.
    const dryRoute = await call('POST', `${BASE}/virtualservices?dryRun=true`, reviewsRoute);
    expect(dryRoute.status).toBe(200);
    expect(istioDryRunSchema.parse(dryRoute.body).validations).toEqual([]);
    expect(await inKubernetes('virtualservices', 'reviews')).toBeUndefined();

    const route = await call('POST', `${BASE}/virtualservices`, reviewsRoute);
    expect(route.status).toBe(201);
    const created = istioObjectEnvelopeSchema.parse(route.body);
    expect(created.validations).toEqual([]);
    expect(await inKubernetes('virtualservices', 'reviews')).toEqual(created.object);

    const again = await call('GET', `${BASE}/virtualservices/reviews`);
    expect(again.status).toBe(200);
    expect(istioObjectEnvelopeSchema.parse(again.body).object).toEqual(created.object);
    await expect
      .poll(async () => {
        const list = istioConfigListSchema.parse((await call('GET', BASE)).body);
        return list.items.map((i) => `${i.kind}/${i.name}`);
      }, POLL)
      .toEqual(expect.arrayContaining(['VirtualService/reviews', 'DestinationRule/reviews']));

    const taken = await call('POST', `${BASE}/virtualservices`, reviewsRoute);
    expect(taken.status).toBe(409);
    expect(istioConflictDetailsSchema.parse(errorOf(taken.body).details).reason).toBe('AlreadyExists');
  });

  it('keeps the fields the form does not model through a form edit and a PUT', async () => {
    const unmodelled = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'ratings', labels: { team: 'books' } },
      spec: {
        hosts: ['ratings'],
        http: [
          {
            corsPolicy: { allowOrigins: [{ exact: 'https://books.example.com' }], maxAge: '24h' },
            headers: {
              request: { set: { 'x-sextant': 'yes' } },
              response: { remove: ['x-envoy-upstream-service-time'] },
            },
            route: [
              {
                destination: { host: 'ratings' },
                weight: 90,
                headers: { response: { add: { 'x-leg': 'a' } } },
              },
              { destination: { host: 'reviews' }, weight: 10 },
            ],
          },
        ],
      },
    };
    expect((await call('POST', `${BASE}/virtualservices`, unmodelled)).status).toBe(201);

    const live = istioObjectEnvelopeSchema.parse(
      (await call('GET', `${BASE}/virtualservices/ratings`)).body,
    ).object;
    const form = virtualServiceToForm(live);
    form.http[0]!.destinations[0]!.weight = 70;
    form.http[0]!.destinations[1]!.weight = 30;
    const edited = formToVirtualService(form, live);

    const dry = await call('PUT', `${BASE}/virtualservices/ratings?dryRun=true`, edited);
    expect(dry.status).toBe(200);
    const changes = istioDryRunSchema
      .parse(dry.body)
      .diff!.filter((l) => l.op !== 'context')
      .map((l) => `${l.op} ${l.text.trim()}`);
    expect(changes).toEqual(['remove weight: 90', 'add weight: 70', 'remove weight: 10', 'add weight: 30']);

    const saved = await call('PUT', `${BASE}/virtualservices/ratings`, edited);
    expect(saved.status).toBe(200);
    const stored = await inKubernetes('virtualservices', 'ratings');
    expect(stored?.metadata.labels).toEqual({ team: 'books' });
    expect(stored?.spec).toEqual({
      ...unmodelled.spec,
      http: [
        {
          ...unmodelled.spec.http[0],
          route: [
            { ...unmodelled.spec.http[0]!.route[0], weight: 70 },
            { ...unmodelled.spec.http[0]!.route[1], weight: 30 },
          ],
        },
      ],
    });
  });

  it('answers a PUT with a stale resourceVersion 409 with the current object, and re-applying onto it works', async () => {
    const mine = istioObjectEnvelopeSchema.parse(
      (await call('GET', `${BASE}/virtualservices/reviews`)).body,
    ).object;
    // Someone else changes the timeout with kubectl meanwhile.
    const theirs = structuredClone(mine);
    (theirs.spec!.http as Array<Record<string, unknown>>)[0]!.timeout = '5s';
    const res = await fetch(
      `${sim.kubeApi}/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(theirs),
      },
    );
    expect(res.status).toBe(200);
    const current = (await res.json()) as IstioObjectJson;

    const form = virtualServiceToForm(mine);
    form.http[0]!.destinations[0]!.weight = 50;
    form.http[0]!.destinations[1]!.weight = 50;
    const conflict = await call('PUT', `${BASE}/virtualservices/reviews`, formToVirtualService(form, mine));
    expect(conflict.status).toBe(409);
    const error = errorOf(conflict.body);
    expect(error.code).toBe('CONFLICT');
    const details = istioConflictDetailsSchema.parse(error.details);
    expect(details.current).toEqual(current);
    expect(await inKubernetes('virtualservices', 'reviews')).toEqual(current);

    // Re-apply the same form change onto the current version.
    const reapplied = virtualServiceToForm(details.current!);
    reapplied.http[0]!.destinations[0]!.weight = 50;
    reapplied.http[0]!.destinations[1]!.weight = 50;
    const retry = await call(
      'PUT',
      `${BASE}/virtualservices/reviews`,
      formToVirtualService(reapplied, details.current!),
    );
    expect(retry.status).toBe(200);
    const http = (await inKubernetes('virtualservices', 'reviews'))!.spec!.http as Array<
      Record<string, unknown>
    >;
    expect(http[0]).toMatchObject({
      timeout: '5s',
      route: [{ weight: 50 }, { weight: 50 }],
    });
  });

  it('refuses invalid specs with 422 naming the field: ours first, Kubernetes when forced or when only it knows', async () => {
    const live = istioObjectEnvelopeSchema.parse(
      (await call('GET', `${BASE}/virtualservices/reviews`)).body,
    ).object;
    const withWeight = (weight: unknown) => {
      const copy = structuredClone(live);
      (copy.spec!.http as Array<{ route: Array<Record<string, unknown>> }>)[0]!.route[0]!.weight = weight;
      return copy;
    };
    const path = 'spec.http[0].route[0].weight';

    const ours = await call('PUT', `${BASE}/virtualservices/reviews`, withWeight('abc'));
    expect(ours.status).toBe(422);
    expect(errorOf(ours.body).fieldErrors?.map((e) => e.path)).toContain(path);
    expect(istioInvalidDetailsSchema.parse(errorOf(ours.body).details).source).toBe('validation');

    const forced = await call('PUT', `${BASE}/virtualservices/reviews?force=true`, withWeight('abc'));
    expect(forced.status).toBe(422);
    expect(errorOf(forced.body).fieldErrors).toEqual([{ path, message: expect.stringContaining('integer') }]);
    expect(istioInvalidDetailsSchema.parse(errorOf(forced.body).details).source).toBe('kubernetes');

    const dry = await call('PUT', `${BASE}/virtualservices/reviews?dryRun=true`, withWeight(150));
    expect(dry.status).toBe(422);
    expect(errorOf(dry.body).fieldErrors).toEqual([{ path, message: expect.stringContaining('0..100') }]);

    expect(await inKubernetes('virtualservices', 'reviews')).toEqual(live);
  });

  it('refuses a subset no DestinationRule defines with 422 from our validation; force=true creates it', async () => {
    const toV9 = {
      ...reviewsRoute,
      metadata: { name: 'reviews-v9' },
      spec: {
        hosts: ['reviews-v9.example.com'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }],
      },
    };
    const refused = await call('POST', `${BASE}/virtualservices`, toV9);
    expect(refused.status).toBe(422);
    expect(errorOf(refused.body).fieldErrors).toEqual([
      { path: 'spec.http[0].route[0].destination.subset', message: expect.stringContaining('v9') },
    ]);
    expect(await inKubernetes('virtualservices', 'reviews-v9')).toBeUndefined();

    const dry = await call('POST', `${BASE}/virtualservices?dryRun=true`, toV9);
    expect(dry.status).toBe(200);
    expect(istioDryRunSchema.parse(dry.body).validations.map((v) => v.code)).toEqual(['VS_SUBSET_NOT_FOUND']);

    const forced = await call('POST', `${BASE}/virtualservices?force=true`, toV9);
    expect(forced.status).toBe(201);
    expect(istioObjectEnvelopeSchema.parse(forced.body).validations.map((v) => v.code)).toEqual([
      'VS_SUBSET_NOT_FOUND',
    ]);
    expect(await inKubernetes('virtualservices', 'reviews-v9')).toBeDefined();
  });

  it('deletes only with a current resourceVersion: stale is 409, then 200 and gone', async () => {
    const live = (await inKubernetes('virtualservices', 'reviews-v9'))!;
    const stale = await call('DELETE', `${BASE}/virtualservices/reviews-v9?resourceVersion=1`);
    expect(stale.status).toBe(409);
    expect(istioConflictDetailsSchema.parse(errorOf(stale.body).details).current).toEqual(live);

    const dry = await call('DELETE', `${BASE}/virtualservices/reviews-v9?dryRun=true`);
    expect(dry.status).toBe(200);
    expect(istioDryRunSchema.parse(dry.body).diff!.every((l) => l.op === 'remove')).toBe(true);
    expect(await inKubernetes('virtualservices', 'reviews-v9')).toEqual(live);

    const rv = live.metadata.resourceVersion!;
    const deleted = await call('DELETE', `${BASE}/virtualservices/reviews-v9?resourceVersion=${rv}`);
    expect(deleted.status).toBe(200);
    expect(istioDeleteResultSchema.parse(deleted.body).object.metadata.name).toBe('reviews-v9');
    expect(await inKubernetes('virtualservices', 'reviews-v9')).toBeUndefined();
    expect((await call('GET', `${BASE}/virtualservices/reviews-v9`)).status).toBe(404);
    await expect
      .poll(
        async () => istioConfigListSchema.parse((await call('GET', BASE)).body).items.map((i) => i.name),
        POLL,
      )
      .not.toContain('reviews-v9');
  });

  it('reports what deleting the DestinationRule would break, without deleting it on a dry run', async () => {
    await expect
      .poll(
        async () =>
          istioConfigListSchema.parse((await call('GET', `${BASE}?kind=destinationrules`)).body).items.length,
        POLL,
      )
      .toBe(1);
    const dry = await call('DELETE', `${BASE}/destinationrules/reviews?dryRun=true`);
    expect(dry.status).toBe(200);
    expect(istioDryRunSchema.parse(dry.body).validations.map((v) => `${v.objectRef.name} ${v.code}`)).toEqual(
      expect.arrayContaining(['reviews VS_SUBSET_NOT_FOUND']),
    );
    expect(await inKubernetes('destinationrules', 'reviews')).toBeDefined();
  });

  it('creates a DestinationRule and a VirtualService routing to its subsets as one set, or neither', async () => {
    const rule = { ...versionSubsetsRule('details', ['v1']), metadata: { name: 'details-set' } };
    const route = { ...weightedRoute('details', { v1: 100 }), metadata: { name: 'details-set' } };
    // Kubernetes refuses the second one (weight "abc"): nothing of the set is stored.
    const broken = {
      ...weightedRoute('details', { v1: 'abc' as unknown as number }),
      metadata: { name: 'details-set' },
    };
    const refused = await call('POST', BASE, { objects: [rule, broken] });
    expect(refused.status).toBe(422);
    expect(errorOf(refused.body).fieldErrors?.map((f) => f.path)).toEqual([
      expect.stringMatching(/^objects\[1\]\.spec\.http\[0\]\.route\[0\]\.weight/),
    ]);
    expect(await inKubernetes('destinationrules', 'details-set')).toBeUndefined();

    const dry = await call('POST', `${BASE}?dryRun=true`, { objects: [rule, route] });
    expect(dry.status).toBe(200);
    expect(istioSetResultSchema.parse(dry.body).items.map((i) => i.validations)).toEqual([[], []]);
    expect(await inKubernetes('virtualservices', 'details-set')).toBeUndefined();

    const created = await call('POST', BASE, { objects: [rule, route] });
    expect(created.status).toBe(201);
    const items = istioSetResultSchema.parse(created.body).items;
    expect(await inKubernetes('destinationrules', 'details-set')).toEqual(items[0]!.object);
    expect(await inKubernetes('virtualservices', 'details-set')).toEqual(items[1]!.object);
    for (const plural of ['virtualservices', 'destinationrules']) {
      expect((await call('DELETE', `${BASE}/${plural}/details-set`)).status).toBe(200);
    }
  });

  it('refuses every write with 403 in view-only mode and still answers reads', async () => {
    const live = (await inKubernetes('virtualservices', 'reviews'))!;
    const writes: Array<[string, string, unknown]> = [
      ['POST', `${BASE}/virtualservices`, { ...reviewsRoute, metadata: { name: 'new' } }],
      ['POST', `${BASE}/virtualservices?dryRun=true`, { ...reviewsRoute, metadata: { name: 'new' } }],
      ['PUT', `${BASE}/virtualservices/reviews`, live],
      ['PUT', `${BASE}/virtualservices/reviews?dryRun=true`, live],
      ['DELETE', `${BASE}/virtualservices/reviews`, undefined],
      ['DELETE', `${BASE}/virtualservices/reviews?dryRun=true`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await call(method, path, body, viewOnlyUrl);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      expect(errorOf(res.body).code).toBe('VIEW_ONLY');
    }
    expect(await inKubernetes('virtualservices', 'reviews')).toEqual(live);
    expect((await call('GET', BASE, undefined, viewOnlyUrl)).status).toBe(200);
    expect((await call('GET', `${BASE}/virtualservices/reviews`, undefined, viewOnlyUrl)).status).toBe(200);
  });
});
