import {
  changeDetailSchema,
  changeListSchema,
  configAtSchema,
  errorEnvelopeSchema,
} from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ResourceRule } from '../auth/rbacRules.ts';
import type { NewChange } from '../history/changeStore.ts';
import { openSqlite } from '../history/drivers.ts';
import type { ChangeHistory } from '../history/history.ts';
import { SqlChangeStore } from '../history/sqlStore.ts';
import { newChange } from '../testing/historyFixtures.ts';
import { seedBookinfo } from '../testing/istioFixtures.ts';
import { makeTestApp } from '../testing/testApp.ts';

const NOW = Date.UTC(2025, 0, 1, 12);
const READ: ResourceRule = { verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps'], resources: ['*'] };
const ISTIO_READ: ResourceRule = {
  verbs: ['get', 'list', 'watch'],
  apiGroups: ['networking.istio.io', 'security.istio.io'],
  resources: ['*'],
};

const change = (over: Partial<NewChange>): NewChange =>
  newChange({
    time: NOW - 60_000,
    after: { metadata: { name: 'reviews', namespace: 'bookinfo' }, spec: { hosts: ['reviews'] } },
    ...over,
  });

async function setup(options: { auth?: boolean; failing?: boolean } = {}) {
  const store = await SqlChangeStore.open(await openSqlite(':memory:'));
  await store.add(
    change({
      operation: 'baseline',
      resourceVersion: '0',
      time: NOW - 3_600_000,
      after: { metadata: { name: 'old' } },
      name: 'old',
    }),
  );
  await store.add(change({ author: 'alice', attributed: true }));
  await store.add(
    change({
      operation: 'update',
      resourceVersion: '2',
      time: NOW - 30_000,
      before: { spec: { hosts: ['reviews'] } },
      after: { spec: { hosts: ['reviews'], http: [{ fault: { abort: { httpStatus: 503 } } }] } },
      paths: ['spec.http'],
    }),
  );
  await store.add(change({ namespace: 'default', name: 'hidden', resourceVersion: '3' }));
  if (options.failing) store.list = async () => Promise.reject(new Error('connection refused'));
  const history: ChangeHistory = {
    store,
    noteWrite: () => undefined,
    flushed: async () => undefined,
    stop: () => store.close(),
  };
  const t = makeTestApp(
    options.auth
      ? {
          auth: {
            strategy: 'token',
            sessionSecret: 'a-test-secret-that-is-long-enough-0123456789',
            sessionTtlMs: 3_600_000,
          },
        }
      : {},
    { history },
  );
  t.clock.now = NOW;
  seedBookinfo(t.kube);
  t.kube.users.set('bob-token', {
    user: { name: 'bob', groups: [] },
    rules: { bookinfo: [READ, ISTIO_READ] },
  });
  // Carol reads bookinfo's Services and Deployments, not its Istio config.
  t.kube.users.set('carol-token', { user: { name: 'carol', groups: [] }, rules: { bookinfo: [READ] } });
  return { ...t, store };
}

async function signIn(app: Parameters<typeof request>[0], token: string): Promise<string> {
  const res = await request(app).post('/api/auth/login').send({ token }).expect(200);
  return ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('GET /api/changes', () => {
  it('200: newest first, without baselines, filtered by namespace, kind and time, paged', async () => {
    const { app } = await setup();
    const all = changeListSchema.parse((await request(app).get('/api/changes').expect(200)).body);
    expect(all.enabled).toBe(true);
    expect(all.changes.map((c) => [c.namespace, c.name, c.operation, c.author ?? 'seen'])).toEqual([
      ['default', 'hidden', 'create', 'seen'],
      ['bookinfo', 'reviews', 'update', 'seen'],
      ['bookinfo', 'reviews', 'create', 'alice'],
    ]);
    const page = changeListSchema.parse(
      (await request(app).get('/api/changes?namespaces=bookinfo&limit=1').expect(200)).body,
    );
    expect(page.changes.map((c) => c.resourceVersion)).toEqual(['2']);
    const next = changeListSchema.parse(
      (
        await request(app)
          .get(`/api/changes?namespaces=bookinfo&limit=1&before=${page.nextBefore}`)
          .expect(200)
      ).body,
    );
    expect(next.changes.map((c) => c.resourceVersion)).toEqual(['1']);
    const recent = changeListSchema.parse(
      (
        await request(app)
          .get(`/api/changes?from=${(NOW - 45_000) / 1000}&kinds=virtualServices`)
          .expect(200)
      ).body,
    );
    expect(recent.changes.map((c) => c.resourceVersion)).toEqual(['2']);
    expect((await request(app).get('/api/changes?kinds=services').expect(200)).body.changes).toEqual([]);
  });

  it('shows a signed-in user only the namespaces Kubernetes lets them read', async () => {
    const { app } = await setup({ auth: true });
    const bob = await signIn(app, 'bob-token');
    const res = changeListSchema.parse(
      (await request(app).get('/api/changes').set('Cookie', bob).expect(200)).body,
    );
    expect(res.changes.map((c) => c.namespace)).toEqual(['bookinfo', 'bookinfo']);
    const hidden = await request(app).get('/api/changes?namespaces=bookinfo,default').set('Cookie', bob);
    expect(hidden.status).toBe(403);
    expect(errorEnvelopeSchema.parse(hidden.body).error.message).toContain('"default"');
    expect(hidden.body.error.message).not.toContain('"bookinfo"');
    expect((await request(app).get('/api/changes')).status).toBe(401);
  });

  it('pages past the kinds a user may not read without skipping or repeating a change', async () => {
    const { app, store } = await setup({ auth: true });
    await store.add(
      change({ kind: 'services', objectKind: 'Service', name: 'reviews', resourceVersion: '5', after: {} }),
    );
    await store.add(change({ operation: 'update', resourceVersion: '6' }));
    const carol = await signIn(app, 'carol-token');
    const seen: string[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = changeListSchema.parse(
        (
          await request(app)
            .get(`/api/changes?limit=1${before === undefined ? '' : `&before=${before}`}`)
            .set('Cookie', carol)
            .expect(200)
        ).body,
      );
      seen.push(...page.changes.map((c) => `${c.objectKind} ${c.resourceVersion}`));
      before = page.nextBefore;
      if (before === undefined) break;
    }
    expect(before).toBeUndefined();
    expect(seen).toEqual(['Service 5']);
  });

  it('400 naming each bad parameter', async () => {
    const { app } = await setup();
    const res = await request(app).get('/api/changes?namespaces=Bad_NS&kinds=pods&limit=0&from=soon');
    expect(res.status).toBe(400);
    expect(
      errorEnvelopeSchema
        .parse(res.body)
        .error.fieldErrors?.map((f) => f.path)
        .sort(),
    ).toEqual(['from', 'kinds', 'limit', 'namespaces']);
  });

  it('200 enabled: false when the history is off; 503 when the store fails', async () => {
    const off = makeTestApp();
    expect((await request(off.app).get('/api/changes').expect(200)).body).toEqual({
      changes: [],
      enabled: false,
    });
    expect((await request(off.app).get('/api/changes/1')).status).toBe(404);
    const failing = await setup({ failing: true });
    const res = await request(failing.app).get('/api/changes');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/change history could not be read.*connection refused/);
  });
});

describe('GET /api/changes/{id}', () => {
  it('200 with before, after and the diff; 404 for an unknown id or a baseline; 400 for a bad id', async () => {
    const { app } = await setup();
    const list = changeListSchema.parse(
      (await request(app).get('/api/changes?namespaces=bookinfo').expect(200)).body,
    );
    const update = list.changes[0]!;
    const detail = changeDetailSchema.parse(
      (await request(app).get(`/api/changes/${update.id}`).expect(200)).body,
    );
    expect(detail.before).toEqual({ spec: { hosts: ['reviews'] } });
    expect(detail.diff.filter((l) => l.op === 'add').map((l) => l.text.trim())).toEqual(
      expect.arrayContaining(['http:', expect.stringContaining('fault')]),
    );
    expect((await request(app).get('/api/changes/1').expect(404)).body.error.message).toMatch(/no change 1/);
    expect((await request(app).get('/api/changes/999').expect(404)).body.error.code).toBe('NOT_FOUND');
    expect((await request(app).get('/api/changes/x')).status).toBe(400);
  });

  it('403 for a change in a namespace the user may not read', async () => {
    const { app } = await setup({ auth: true });
    const bob = await signIn(app, 'bob-token');
    const hidden = await request(app).get('/api/changes/4').set('Cookie', bob);
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.message).toContain('"default"');
  });
});

describe('GET /api/namespaces/{ns}/config-at', () => {
  it('200 with the Istio objects live at that time; 400 without a time', async () => {
    const { app } = await setup();
    const at = (seconds: number) => request(app).get(`/api/namespaces/bookinfo/config-at?time=${seconds}`);
    const before = configAtSchema.parse((await at((NOW - 7_200_000) / 1000).expect(200)).body);
    expect(before).toMatchObject({ namespace: 'bookinfo', objects: [], since: NOW - 3_600_000 });
    const then = configAtSchema.parse((await at((NOW - 45_000) / 1000).expect(200)).body);
    expect(then.objects.map((o) => o.object['metadata'])).toEqual(
      expect.arrayContaining([{ name: 'old' }, { name: 'reviews', namespace: 'bookinfo' }]),
    );
    const now = configAtSchema.parse((await at(NOW / 1000).expect(200)).body);
    expect(now.objects.find((o) => (o.object['spec'] as { http?: unknown } | undefined)?.http)).toBeDefined();
    expect((await request(app).get('/api/namespaces/bookinfo/config-at')).status).toBe(400);
  });
});
