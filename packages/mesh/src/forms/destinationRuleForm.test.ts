import { describe, expect, it } from 'vitest';
import type { IstioConfigObject } from '../validation/context.ts';
import { bookinfoObjects, oddDestinationRules, reviewsDestinationRule } from './__fixtures__/objects.ts';
import { rng } from './__fixtures__/random.ts';
import { randomDestinationRule } from './__fixtures__/randomDestinationRule.ts';
import {
  destinationRuleToForm,
  emptySubsetForm,
  formToDestinationRule,
  freshSubsetKey,
  type DestinationRuleForm,
  type TrafficPolicyForm,
} from './destinationRuleForm.ts';
import { cloneJson } from './json.ts';

function edit(obj: IstioConfigObject, change: (form: DestinationRuleForm) => void): any {
  const form = destinationRuleToForm(obj);
  change(form);
  return formToDestinationRule(form, obj);
}

const spec = (o: IstioConfigObject) => o.spec as any;

const rules: Array<[string, IstioConfigObject]> = [
  [
    'kubectl-applied reviews (consistent hash, tcp keepalive, tls certificates, tunnel, status)',
    reviewsDestinationRule,
  ],
  ...oddDestinationRules.map((o): [string, IstioConfigObject] => [`odd: ${o.metadata?.name}`, o]),
  ...bookinfoObjects()
    .filter((o) => o.kind === 'DestinationRule')
    .map((o): [string, IstioConfigObject] => [`bookinfo fixture: ${o.metadata?.name}`, o]),
];

describe('destinationRuleToForm / formToDestinationRule round trip', () => {
  it.each(rules)('%s comes back identical, key order included', (_what, obj) => {
    const before = cloneJson(obj);
    const back = formToDestinationRule(destinationRuleToForm(obj), obj);
    expect(JSON.stringify(back)).toBe(JSON.stringify(obj));
    expect(back).toEqual(obj);
    expect(obj).toEqual(before);
  });

  it('holds for 500 random objects', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const obj = randomDestinationRule(seed);
      const back = formToDestinationRule(destinationRuleToForm(obj), obj);
      expect(JSON.stringify(back), `seed ${seed}`).toBe(JSON.stringify(obj));
    }
  });

  it('reads what the form models', () => {
    const form = destinationRuleToForm(reviewsDestinationRule);
    expect(form.host).toBe('reviews.bookinfo.svc.cluster.local');
    expect(form.trafficPolicy).toEqual({
      loadBalancer: undefined,
      connectionPool: {
        tcpMaxConnections: 100,
        http1MaxPendingRequests: 10,
        http2MaxRequests: 1000,
        maxRequestsPerConnection: 10,
      },
      outlierDetection: {
        consecutive5xxErrors: 7,
        interval: '5m',
        baseEjectionTime: '15m',
        maxEjectionPercent: 50,
      },
      tlsMode: 'SIMPLE',
    });
    expect(form.subsets.map((s) => [s.key, s.name, s.labels, s.trafficPolicy.loadBalancer])).toEqual([
      ['subsets[0]', 'v1', [{ name: 'version', value: 'v1' }], undefined],
      [
        'subsets[1]',
        'v2',
        [
          { name: 'version', value: 'v2' },
          { name: 'track', value: 'canary' },
        ],
        'ROUND_ROBIN',
      ],
      ['subsets[2]', 'v3', [{ name: 'version', value: 'v3' }], undefined],
    ]);
  });

  it('shows unknown enum values as unset', () => {
    const form = destinationRuleToForm(oddDestinationRules[2]!);
    expect([form.trafficPolicy.loadBalancer, form.trafficPolicy.tlsMode]).toEqual([undefined, undefined]);
    expect(form.subsets[0]?.labels).toEqual([{ name: 'version', value: 'v1' }]);
  });
});

describe('editing a DestinationRule through the form', () => {
  it('removing a subset keeps the others whole', () => {
    const out = edit(reviewsDestinationRule, (f) => f.subsets.splice(1, 1));
    expect(out.spec.subsets).toEqual([
      spec(reviewsDestinationRule).subsets[0],
      spec(reviewsDestinationRule).subsets[2],
    ]);
    const expected = cloneJson(reviewsDestinationRule) as any;
    expected.spec.subsets.splice(1, 1);
    expect(out).toEqual(expected);
  });

  it('adding and renaming subsets, editing labels', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      f.subsets[0]!.name = 'stable';
      f.subsets[1]!.labels = [{ name: 'version', value: 'v2' }];
      f.subsets.push({
        ...emptySubsetForm(freshSubsetKey(f), 'v4'),
        labels: [
          { name: 'version', value: 'v4' },
          { name: ' ', value: 'dropped' },
        ],
      });
    });
    expect(out.spec.subsets[0]).toEqual({ name: 'stable', labels: { version: 'v1' } });
    expect(out.spec.subsets[1].labels).toEqual({ version: 'v2' });
    expect(out.spec.subsets[1].trafficPolicy).toEqual(spec(reviewsDestinationRule).subsets[1].trafficPolicy);
    expect(out.spec.subsets[3]).toEqual({ name: 'v4', labels: { version: 'v4' } });
  });

  it('connection pool and outlier detection edits keep the settings the form does not show', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      f.trafficPolicy.connectionPool.http2MaxRequests = 50;
      f.trafficPolicy.connectionPool.tcpMaxConnections = undefined;
      f.trafficPolicy.outlierDetection = {};
    });
    const policy = out.spec.trafficPolicy;
    expect(policy.connectionPool).toEqual({
      tcp: { connectTimeout: '30ms', tcpKeepalive: { time: '7200s', interval: '75s' } },
      http: {
        http1MaxPendingRequests: 10,
        http2MaxRequests: 50,
        maxRequestsPerConnection: 10,
        idleTimeout: '1h',
      },
    });
    expect(policy.outlierDetection).toEqual({ splitExternalLocalOriginErrors: true });
    expect(policy.portLevelSettings).toEqual(spec(reviewsDestinationRule).trafficPolicy.portLevelSettings);
  });

  it('a simple load balancer replaces consistent hashing (a oneof), keeping locality settings', () => {
    const out = edit(reviewsDestinationRule, (f) => (f.trafficPolicy.loadBalancer = 'LEAST_REQUEST'));
    expect(out.spec.trafficPolicy.loadBalancer).toEqual({
      localityLbSetting: { enabled: true },
      simple: 'LEAST_REQUEST',
    });
  });

  it('the TLS mode changes alone; certificates stay', () => {
    const out = edit(reviewsDestinationRule, (f) => (f.trafficPolicy.tlsMode = 'MUTUAL'));
    expect(out.spec.trafficPolicy.tls).toEqual({
      mode: 'MUTUAL',
      credentialName: 'reviews-cert',
      sni: 'reviews.example.com',
    });
  });

  it('clearing every field of a subset policy removes it; setting one creates it', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      f.subsets[2]!.trafficPolicy.connectionPool.tcpMaxConnections = undefined;
      f.subsets[0]!.trafficPolicy.outlierDetection.consecutive5xxErrors = 3;
    });
    expect(out.spec.subsets[2]).toEqual({ name: 'v3', labels: { version: 'v3' }, futureSubset: 1 });
    expect(out.spec.subsets[0].trafficPolicy).toEqual({ outlierDetection: { consecutive5xxErrors: 3 } });
  });

  it('edits on an odd rule keep what the form cannot show', () => {
    const out = edit(oddDestinationRules[2]!, (f) => {
      f.host = 'y';
      f.subsets[0]!.labels.push({ name: 'track', value: 'a' });
      f.trafficPolicy.connectionPool.tcpMaxConnections = 5;
    });
    expect(out.spec).toEqual({
      host: 'y',
      subsets: [{ name: 'n', labels: { version: 'v1', weird: 3, track: 'a' } }, {}],
      trafficPolicy: {
        loadBalancer: { simple: 'FUTURE_ALGO' },
        tls: { mode: 'FUTURE_MODE' },
        connectionPool: { tcp: { maxConnections: 5 } },
      },
      futureSpec: ['x'],
    });
  });

  it('builds a spec on an object without one', () => {
    const out = edit(oddDestinationRules[0]!, (f) => {
      f.host = 'ratings';
      f.trafficPolicy.tlsMode = 'ISTIO_MUTUAL';
    });
    expect(out.spec).toEqual({ host: 'ratings', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
  });
});

// ---- property: one form edit changes exactly one field ----------------------------------------

type Json = any;

/** Sets (or, for undefined, removes) `path` under `obj`, creating objects on the way and removing the ones a removal empties. */
function setIn(obj: Json, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    if (value === undefined) delete obj[head];
    else obj[head] = value;
    return;
  }
  if (value === undefined) {
    if (obj[head] === null || typeof obj[head] !== 'object' || Array.isArray(obj[head])) return;
    setIn(obj[head], rest, undefined);
    if (Object.keys(obj[head]).length === 0) delete obj[head];
    return;
  }
  if (obj[head] === null || typeof obj[head] !== 'object' || Array.isArray(obj[head])) obj[head] = {};
  setIn(obj[head], rest, value);
}

const POLICY_PATHS: Array<{ path: string[]; values: unknown[]; read: (p: TrafficPolicyForm) => unknown }> = [
  { path: ['loadBalancer', 'simple'], values: ['RANDOM', 'LEAST_CONN'], read: (p) => p.loadBalancer },
  {
    path: ['connectionPool', 'tcp', 'maxConnections'],
    values: [5, 6],
    read: (p) => p.connectionPool.tcpMaxConnections,
  },
  {
    path: ['connectionPool', 'http', 'http1MaxPendingRequests'],
    values: [5, 6],
    read: (p) => p.connectionPool.http1MaxPendingRequests,
  },
  {
    path: ['connectionPool', 'http', 'http2MaxRequests'],
    values: [5, 6],
    read: (p) => p.connectionPool.http2MaxRequests,
  },
  {
    path: ['connectionPool', 'http', 'maxRequestsPerConnection'],
    values: [5, 6],
    read: (p) => p.connectionPool.maxRequestsPerConnection,
  },
  {
    path: ['outlierDetection', 'consecutive5xxErrors'],
    values: [5, 6],
    read: (p) => p.outlierDetection.consecutive5xxErrors,
  },
  { path: ['outlierDetection', 'interval'], values: ['7s', '8s'], read: (p) => p.outlierDetection.interval },
  {
    path: ['outlierDetection', 'baseEjectionTime'],
    values: ['7m', '8m'],
    read: (p) => p.outlierDetection.baseEjectionTime,
  },
  {
    path: ['outlierDetection', 'maxEjectionPercent'],
    values: [5, 6],
    read: (p) => p.outlierDetection.maxEjectionPercent,
  },
  { path: ['tls', 'mode'], values: ['MUTUAL', 'ISTIO_MUTUAL'], read: (p) => p.tlsMode },
];

/** Writes `value` into the form field `path` names (the inverse of POLICY_PATHS[].read). */
function writePolicy(p: TrafficPolicyForm, path: readonly string[], value: any): void {
  const key = path.join('.');
  if (key === 'loadBalancer.simple') p.loadBalancer = value;
  else if (key === 'tls.mode') p.tlsMode = value;
  else if (key === 'connectionPool.tcp.maxConnections') p.connectionPool.tcpMaxConnections = value;
  else if (path[0] === 'connectionPool') (p.connectionPool as any)[path[2]!] = value;
  else (p.outlierDetection as any)[path[1]!] = value;
}

interface Edit {
  what: string;
  form: (f: DestinationRuleForm) => void;
  /** The same change made on the JSON by hand. */
  json: (o: Json) => void;
}

const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One random single-field edit of `obj`'s form, with what it must do to the object. */
function randomSingleEdit(obj: IstioConfigObject, seed: number): Edit | undefined {
  const r = rng(seed);
  const form = destinationRuleToForm(obj);
  const raw = spec(obj) ?? {};
  const objectSubsets = form.subsets
    .map((s, i) => ({ s, i }))
    .filter(({ i }) => isPlainObject(raw.subsets?.[i]));
  const kind = r.pick([
    'host',
    'name',
    'labelValue',
    'labelKey',
    'addLabel',
    'dropLabel',
    'policy',
    'subsetPolicy',
    'removeSubset',
    'addSubset',
  ]);
  const sub = objectSubsets.length ? r.pick(objectSubsets) : undefined;
  const stringLabels = (i: number) =>
    Object.entries(raw.subsets[i].labels ?? {})
      .filter(([, v]) => typeof v === 'string')
      .map(([k]) => k);
  const policyEdit = (
    owner: (o: Json) => Json,
    read: (f: DestinationRuleForm) => TrafficPolicyForm,
  ): Edit => {
    const field = r.pick(POLICY_PATHS);
    const current = field.read(read(form));
    const value = current !== undefined && r.maybe(0.4) ? undefined : field.values.find((v) => v !== current);
    return {
      what: `${field.path.join('.')} = ${String(value)}`,
      form: (f) => writePolicy(read(f), field.path, value),
      json: (o) => {
        const target = owner(o);
        if (!isPlainObject(target.trafficPolicy)) target.trafficPolicy = {};
        setIn(target.trafficPolicy, field.path, value);
        if (field.path[0] === 'loadBalancer' && value !== undefined)
          delete target.trafficPolicy.loadBalancer.consistentHash;
        if (Object.keys(target.trafficPolicy).length === 0) delete target.trafficPolicy;
      },
    };
  };
  switch (kind) {
    case 'host':
      return {
        what: 'host',
        form: (f) => (f.host = 'edited.example.com'),
        json: (o) => ((o.spec ??= {}).host = 'edited.example.com'),
      };
    case 'policy':
      return policyEdit(
        (o) => (o.spec ??= {}),
        (f) => f.trafficPolicy,
      );
    case 'addSubset':
      return {
        what: 'add subset',
        form: (f) =>
          f.subsets.push({
            ...emptySubsetForm(freshSubsetKey(f), 'added'),
            labels: [{ name: 'version', value: 'added' }],
          }),
        json: (o) => {
          o.spec ??= {};
          if (!Array.isArray(o.spec.subsets)) o.spec.subsets = [];
          o.spec.subsets.push({ name: 'added', labels: { version: 'added' } });
        },
      };
  }
  if (!sub) return undefined;
  const i = sub.i;
  switch (kind) {
    case 'name':
      return {
        what: `subsets[${i}].name`,
        form: (f) => (f.subsets[i]!.name = 'renamed'),
        json: (o) => (o.spec.subsets[i].name = 'renamed'),
      };
    case 'subsetPolicy':
      return policyEdit(
        (o) => o.spec.subsets[i],
        (f) => f.subsets[i]!.trafficPolicy,
      );
    case 'removeSubset':
      return {
        what: `remove subsets[${i}]`,
        form: (f) => f.subsets.splice(i, 1),
        json: (o) => {
          o.spec.subsets.splice(i, 1);
          if (o.spec.subsets.length === 0) delete o.spec.subsets;
        },
      };
    case 'addLabel':
      return {
        what: `subsets[${i}] + label`,
        form: (f) => f.subsets[i]!.labels.push({ name: 'added', value: 'x' }),
        json: (o) => {
          const s = o.spec.subsets[i];
          if (!isPlainObject(s.labels)) s.labels = {};
          s.labels.added = 'x';
        },
      };
  }
  const keys = stringLabels(i);
  if (keys.length === 0) return undefined;
  const j = r.int(0, keys.length - 1);
  const key = keys[j]!;
  switch (kind) {
    case 'labelValue':
      return {
        what: `subsets[${i}].labels.${key} value`,
        form: (f) => (f.subsets[i]!.labels[j]!.value = 'edited'),
        json: (o) => (o.spec.subsets[i].labels[key] = 'edited'),
      };
    case 'labelKey':
      return {
        what: `subsets[${i}].labels.${key} renamed`,
        form: (f) => (f.subsets[i]!.labels[j]!.name = 'renamed-key'),
        json: (o) => {
          const s = o.spec.subsets[i];
          s.labels = Object.fromEntries(
            Object.entries(s.labels).map(([k, v]) => [k === key ? 'renamed-key' : k, v]),
          );
        },
      };
    case 'dropLabel':
      return {
        what: `subsets[${i}].labels.${key} removed`,
        form: (f) => f.subsets[i]!.labels.splice(j, 1),
        json: (o) => {
          const s = o.spec.subsets[i];
          delete s.labels[key];
          if (Object.keys(s.labels).length === 0) delete s.labels;
        },
      };
  }
  return undefined;
}

describe('one form edit (property)', () => {
  it('changes exactly that field and nothing else, key order included, for 1000 random rules', () => {
    let checked = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const obj = randomDestinationRule(seed);
      const edit = randomSingleEdit(obj, seed * 7919);
      if (!edit) continue;
      const form = destinationRuleToForm(obj);
      edit.form(form);
      const out = formToDestinationRule(form, obj);
      const expected = cloneJson(obj) as Json;
      edit.json(expected);
      const ctx = `seed ${seed}: ${edit.what}`;
      expect(JSON.stringify(out), ctx).toBe(JSON.stringify(expected));
      checked++;
    }
    expect(checked).toBeGreaterThan(700);
  });

  it('a per-subset policy round-trips through the form and leaves the other subsets alone', () => {
    const out = edit(reviewsDestinationRule, (f) => {
      const p = f.subsets[1]!.trafficPolicy;
      p.outlierDetection = {
        consecutive5xxErrors: 2,
        interval: '10s',
        baseEjectionTime: '1m',
        maxEjectionPercent: 100,
      };
      p.connectionPool.http1MaxPendingRequests = 1;
      p.tlsMode = 'ISTIO_MUTUAL';
    });
    expect(out.spec.subsets[1].trafficPolicy).toEqual({
      loadBalancer: { simple: 'ROUND_ROBIN' },
      tunnel: { protocol: 'CONNECT', targetHost: 'h', targetPort: 8080 },
      outlierDetection: {
        consecutive5xxErrors: 2,
        interval: '10s',
        baseEjectionTime: '1m',
        maxEjectionPercent: 100,
      },
      connectionPool: { http: { http1MaxPendingRequests: 1 } },
      tls: { mode: 'ISTIO_MUTUAL' },
    });
    expect(out.spec.subsets[0]).toEqual(spec(reviewsDestinationRule).subsets[0]);
    expect(out.spec.subsets[2]).toEqual(spec(reviewsDestinationRule).subsets[2]);
    expect(out.spec.trafficPolicy).toEqual(spec(reviewsDestinationRule).trafficPolicy);
    expect(destinationRuleToForm(out).subsets[1]!.trafficPolicy.outlierDetection.interval).toBe('10s');
  });

  it('an untouched subset that is not an object stays as it is when another one changes', () => {
    const obj = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'x' },
      spec: { host: 'x', subsets: ['junk', { name: 'v1', labels: { version: 'v1' } }] },
    } as IstioConfigObject;
    const out = edit(obj, (f) => (f.subsets[1]!.name = 'stable'));
    expect(out.spec.subsets).toEqual(['junk', { name: 'stable', labels: { version: 'v1' } }]);
  });
});
