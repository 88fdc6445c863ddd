import { istioObjectSchema } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import type { IstioConfigObject } from '../validation/context.ts';
import {
  bookinfoObjects,
  futureVirtualService,
  gatewayVirtualService,
  reviewsVirtualService,
  sparseVirtualServices,
} from './__fixtures__/objects.ts';
import { randomVirtualService, rng } from './__fixtures__/random.ts';
import { cloneJson } from './json.ts';
import {
  emptyHttpRouteForm,
  formToVirtualService,
  freshVirtualServiceKey,
  virtualServiceToForm,
  type HttpRouteForm,
  type VirtualServiceForm,
} from './virtualServiceForm.ts';
import { generateTrafficShift } from './wizards.ts';

const spec = (o: IstioConfigObject) => o.spec as any;

/** Applies `edit` to the object's form and returns the object the edited form describes. */
function edit(obj: IstioConfigObject, change: (form: VirtualServiceForm) => void): any {
  const form = virtualServiceToForm(obj);
  change(form);
  return formToVirtualService(form, obj);
}

const virtualServices: Array<[string, IstioConfigObject]> = [
  [
    'kubectl-applied reviews (cors, header manipulation, mirror, fault, retries, status)',
    reviewsVirtualService,
  ],
  ['gateway VS (v1beta1, redirect, delegate, tls and tcp routes)', gatewayVirtualService],
  ['future Istio fields at every level', futureVirtualService],
  ...sparseVirtualServices.map((o): [string, IstioConfigObject] => [`sparse: ${o.metadata?.name}`, o]),
  ...bookinfoObjects()
    .filter((o) => o.kind === 'VirtualService')
    .map((o): [string, IstioConfigObject] => [`bookinfo fixture: ${o.metadata?.name}`, o]),
];

describe('virtualServiceToForm / formToVirtualService round trip', () => {
  it.each(virtualServices)('%s comes back identical, key order included', (_what, obj) => {
    const before = cloneJson(obj);
    const back = formToVirtualService(virtualServiceToForm(obj), obj);
    expect(back).toEqual(obj);
    expect(JSON.stringify(back)).toBe(JSON.stringify(obj));
    expect(back).not.toBe(obj);
    expect(obj).toEqual(before);
  });

  it("takes the contracts' object and the generated model types alike", () => {
    const parsed = istioObjectSchema.parse(reviewsVirtualService);
    expect(formToVirtualService(virtualServiceToForm(parsed), parsed)).toEqual(parsed);
    const model = generateTrafficShift({
      service: 'reviews',
      namespace: 'bookinfo',
      subsets: [],
    }).virtualService;
    expect(formToVirtualService(virtualServiceToForm(model), model)).toEqual(model);
  });

  it('holds for 500 random objects', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const obj = randomVirtualService(seed);
      const back = formToVirtualService(virtualServiceToForm(obj), obj);
      expect(JSON.stringify(back), `seed ${seed}`).toBe(JSON.stringify(obj));
    }
  });

  it('reads what the form models', () => {
    const form = virtualServiceToForm(reviewsVirtualService);
    expect(form.hosts).toEqual(['reviews', 'reviews.bookinfo.svc.cluster.local']);
    expect(form.gateways).toEqual([]);
    expect(form.http[0]).toEqual({
      key: 'http[0]',
      name: 'jason',
      matches: [
        {
          key: 'http[0].match[0]',
          uri: { kind: 'prefix', value: '/reviews' },
          method: undefined,
          headers: [
            { name: 'end-user', kind: 'exact', value: 'jason' },
            { name: 'x-canary', kind: 'regex', value: '^(1|true)$' },
          ],
        },
      ],
      destinations: [
        { key: 'http[0].route[0]', host: 'reviews', subset: 'v2', port: 9080, weight: undefined },
      ],
      fault: {},
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure' },
      mirror: undefined,
      mirrorPercentage: undefined,
    });
    expect(form.http[1]).toMatchObject({
      fault: { delay: { percentage: 10, fixedDelay: '5s' }, abort: { percentage: 1.5, httpStatus: 503 } },
      mirror: { host: 'reviews', subset: 'v3', port: 9080 },
      mirrorPercentage: 12.5,
    });
    expect(virtualServiceToForm(gatewayVirtualService).tcp[0]).toEqual({
      key: 'tcp[0]',
      matches: [
        { key: 'tcp[0].match[0]', port: 27017 },
        { key: 'tcp[0].match[1]', port: 27018 },
      ],
      destinations: [
        { key: 'tcp[0].route[0]', host: 'mongodb', subset: undefined, port: 27017, weight: 90 },
        { key: 'tcp[0].route[1]', host: 'mongodb-backup', subset: undefined, port: undefined, weight: 10 },
      ],
    });
  });
});

describe('editing a VirtualService through the form', () => {
  it('changing one weight changes only that weight', () => {
    const out = edit(reviewsVirtualService, (f) => {
      f.http[1]!.destinations[0]!.weight = 60;
      f.http[1]!.destinations[1]!.weight = 40;
    });
    const expected = cloneJson(reviewsVirtualService) as any;
    expected.spec.http[1].route[0].weight = 60;
    expected.spec.http[1].route[1].weight = 40;
    expect(out).toEqual(expected);
  });

  it('adding a route keeps every other route whole, and writes the new one in canonical order', () => {
    const out = edit(reviewsVirtualService, (f) => {
      const route: HttpRouteForm = {
        ...emptyHttpRouteForm(freshVirtualServiceKey(f)),
        name: ' canary ',
        matches: [{ key: 'new-m', headers: [{ name: 'x-canary', kind: 'exact', value: 'always' }] }],
        destinations: [{ key: 'new-d', host: 'reviews', subset: 'v3' }],
        timeout: '3s',
        fault: { abort: { percentage: 5, httpStatus: 500 } },
      };
      f.http.unshift(route);
    });
    expect(out.spec.http).toHaveLength(3);
    expect(out.spec.http[0]).toEqual({
      name: 'canary',
      match: [{ headers: { 'x-canary': { exact: 'always' } } }],
      route: [{ destination: { host: 'reviews', subset: 'v3' } }],
      timeout: '3s',
      fault: { abort: { percentage: { value: 5 }, httpStatus: 500 } },
    });
    expect(Object.keys(out.spec.http[0])).toEqual(['name', 'match', 'route', 'timeout', 'fault']);
    expect(out.spec.http.slice(1)).toEqual(spec(reviewsVirtualService).http);
    expect(out.metadata).toEqual(reviewsVirtualService.metadata);
    expect(out.status).toEqual((reviewsVirtualService as any).status);
  });

  it('removing and reordering routes carries unmodelled fields with their route', () => {
    const reordered = edit(reviewsVirtualService, (f) => f.http.reverse());
    expect(reordered.spec.http).toEqual([...spec(reviewsVirtualService).http].reverse());

    const removed = edit(gatewayVirtualService, (f) => f.http.splice(0, 1));
    expect(removed.spec.http).toEqual(spec(gatewayVirtualService).http.slice(1));
    expect(removed.spec.http[0].delegate).toEqual({ name: 'products', namespace: 'bookinfo' });
    expect(removed.spec.tls).toEqual(spec(gatewayVirtualService).tls);
  });

  it('a destination moved to another route keeps its header manipulation', () => {
    const out = edit(reviewsVirtualService, (f) => {
      const moved = f.http[1]!.destinations.pop()!;
      f.http[0]!.destinations.push({ ...moved, weight: 10 });
      f.http[0]!.destinations[0]!.weight = 90;
      f.http[1]!.destinations[0]!.weight = 100;
    });
    expect(out.spec.http[0].route[1]).toEqual({
      destination: { host: 'reviews', subset: 'v3' },
      weight: 10,
      headers: { response: { add: { 'x-v': '3' } } },
    });
    expect(out.spec.http[0].route[0].headers).toEqual({ request: { set: { 'x-route': 'jason' } } });
    expect(out.spec.http[1].route).toEqual([{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }]);
  });

  it('editing one header match keeps the others, odd shapes included', () => {
    const out = edit(futureVirtualService, (f) => {
      f.http[0]!.matches[0]!.headers.push({ name: 'x-new', kind: 'prefix', value: 'a' });
    });
    expect(out.spec.http[0].match[0]).toEqual({
      uri: { prefix: '/' },
      futureMatchField: true,
      headers: { 'x-odd': {}, 'x-two': { exact: 'a', prefix: 'b' }, 'x-new': { prefix: 'a' } },
    });
    const changed = edit(reviewsVirtualService, (f) => {
      f.http[0]!.matches[0]!.headers[0]!.value = 'bob';
      f.http[0]!.matches[0]!.uri = undefined;
      f.http[0]!.matches[0]!.method = { kind: 'exact', value: 'GET' };
    });
    const match = changed.spec.http[0].match[0];
    expect(match.headers).toEqual({ 'end-user': { exact: 'bob' }, 'x-canary': { regex: '^(1|true)$' } });
    expect(match.uri).toBeUndefined();
    expect(match.method).toEqual({ exact: 'GET' });
    expect(match.queryParams).toEqual({ debug: { exact: '1' } });
    expect(match.withoutHeaders).toEqual({ 'x-skip': {} });
  });

  it.each<[string, 'uri' | 'method', 'exact' | 'prefix' | 'regex', string]>([
    ['a URI kind without a value', 'uri', 'prefix', ''],
    ['a URI value of blanks', 'uri', 'exact', '   '],
    ['a method without a value', 'method', 'exact', ''],
    ['a method regex without a value', 'method', 'regex', ''],
  ])('%s is dropped, never written as an empty matcher', (_what, field, kind, value) => {
    const out = edit(reviewsVirtualService, (f) => (f.http[0]!.matches[0]![field] = { kind, value }));
    const match = out.spec.http[0].match[0];
    expect(match).not.toHaveProperty(field);
    // Everything else of the match block stays.
    const before = spec(reviewsVirtualService).http[0].match[0];
    expect(omit(match, ['uri', 'method'])).toEqual(omit(before, ['uri', 'method']));
    // A new match block whose only condition is empty has no condition at all.
    const added = edit(reviewsVirtualService, (f) =>
      f.http[1]!.matches.push({ key: 'new-m', [field]: { kind, value }, headers: [] }),
    );
    expect(added.spec.http[1].match).toEqual([{}]);
  });

  it('a header without a value matches its presence ({}), never an empty string', () => {
    const out = edit(reviewsVirtualService, (f) => {
      f.http[0]!.matches[0]!.headers.push({ name: 'x-debug', kind: 'prefix', value: '' });
      f.http[0]!.matches[0]!.headers[0]!.value = '';
    });
    expect(out.spec.http[0].match[0].headers).toEqual({
      'end-user': {},
      'x-canary': { regex: '^(1|true)$' },
      'x-debug': {},
    });
  });

  it('empty matchers already in the object stay as they are until edited', () => {
    const obj = sparseVirtualServices.find((o) => o.metadata?.name === 'empty-matchers')!;
    const untouched = edit(obj, (f) => (f.http[0]!.destinations[0]!.subset = 'v1'));
    expect(untouched.spec.http[0].match).toEqual(spec(obj).http[0].match);
    const fixed = edit(obj, (f) => {
      f.http[0]!.matches[0]!.uri = { kind: 'prefix', value: '/api' };
      f.http[0]!.matches[0]!.method = undefined;
    });
    expect(fixed.spec.http[0].match).toEqual([
      {
        uri: { prefix: '/api' },
        headers: { 'x-empty': { exact: '' }, 'x-present': {} },
        ignoreUriCase: true,
      },
    ]);
  });

  it('fault: removing the delay keeps the abort; removing both removes fault but not its unknown fields', () => {
    const noDelay = edit(reviewsVirtualService, (f) => (f.http[1]!.fault.delay = undefined));
    expect(noDelay.spec.http[1].fault).toEqual({ abort: { percentage: { value: 1.5 }, httpStatus: 503 } });
    const none = edit(reviewsVirtualService, (f) => (f.http[1]!.fault = {}));
    expect(none.spec.http[1]).not.toHaveProperty('fault');
    const future = edit(futureVirtualService, (f) => (f.http[0]!.fault = {}));
    expect(future.spec.http[0].fault).toEqual({ futureFault: {} });
    const changed = edit(
      futureVirtualService,
      (f) => (f.http[0]!.fault.delay = { fixedDelay: '2s', percentage: 50 }),
    );
    expect(changed.spec.http[0].fault.delay).toEqual({
      exponentialDelay: '1s',
      percent: 5,
      fixedDelay: '2s',
      percentage: { value: 50 },
    });
  });

  it('retries, timeout, mirror and mirror percentage', () => {
    const out = edit(reviewsVirtualService, (f) => {
      f.http[0]!.retries = { ...f.http[0]!.retries, attempts: 5, retryOn: '' };
      f.http[0]!.timeout = '';
      f.http[1]!.mirror = undefined;
      f.http[1]!.mirrorPercentage = 50;
      f.http[0]!.mirror = { host: 'reviews', subset: 'v1' };
    });
    expect(out.spec.http[0].retries).toEqual({
      attempts: 5,
      perTryTimeout: '2s',
      retryRemoteLocalities: true,
    });
    expect(out.spec.http[0]).not.toHaveProperty('timeout');
    expect(out.spec.http[0].mirror).toEqual({ host: 'reviews', subset: 'v1' });
    expect(out.spec.http[1]).not.toHaveProperty('mirror');
    expect(out.spec.http[1].mirrorPercentage).toEqual({ value: 50 });
    const future = edit(futureVirtualService, (f) => (f.http[0]!.mirrorPercentage = 4));
    expect(future.spec.http[0].mirrorPercentage).toEqual({ value: 4, futurePct: true });
  });

  it('hosts and gateways: edits replace the list (trimmed, blank rows dropped), clearing it removes the field', () => {
    const out = edit(gatewayVirtualService, (f) => {
      f.gateways = [];
      f.hosts.push(' www.bookinfo.example.com', '  ');
    });
    expect(out.spec).not.toHaveProperty('gateways');
    expect(out.spec.hosts).toEqual(['bookinfo.example.com', 'www.bookinfo.example.com']);
  });

  it('destination port, subset and host edits keep unknown destination fields', () => {
    const out = edit(futureVirtualService, (f) => {
      const d = f.http[0]!.destinations[0]!;
      d.port = 8080;
      d.subset = 'v2';
      d.weight = undefined;
    });
    expect(out.spec.http[0].route[0]).toEqual({
      destination: {
        host: 'future',
        futureDestField: 7,
        port: { number: 8080, futurePort: 'p' },
        subset: 'v2',
      },
    });
  });

  it('TCP: match port and weights', () => {
    const out = edit(gatewayVirtualService, (f) => {
      f.tcp[0]!.matches[1]!.port = undefined;
      f.tcp[0]!.destinations[0]!.weight = 50;
      f.tcp[0]!.destinations[1]!.weight = 50;
    });
    expect(out.spec.tcp[0]).toEqual({
      match: [{ port: 27017, sourceLabels: { app: 'ratings' } }, {}],
      route: [
        { destination: { host: 'mongodb', port: { number: 27017 } }, weight: 50 },
        { destination: { host: 'mongodb-backup' }, weight: 50 },
      ],
    });
  });

  it('creates a spec on an object that had none', () => {
    const [nospec] = sparseVirtualServices;
    const out = edit(nospec!, (f) => {
      f.hosts = ['a'];
      f.http.push({ ...emptyHttpRouteForm('new-1'), destinations: [{ key: 'new-2', host: 'a' }] });
    });
    expect(out.spec).toEqual({ hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }] }] });
  });

  it('freshVirtualServiceKey avoids every key in use', () => {
    const form = virtualServiceToForm(reviewsVirtualService);
    expect(freshVirtualServiceKey(form)).toBe('new-1');
    form.http.push(emptyHttpRouteForm('new-1'));
    expect(freshVirtualServiceKey(form)).toBe('new-2');
  });
});

// ---- property: random edits keep what the form does not model ---------------------------------

const MODELLED_ROUTE = ['name', 'match', 'route', 'timeout', 'mirrorPercentage'];
const omit = (o: any, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !keys.includes(k)));

/** What of an HTTP route the form does not model (and must therefore survive any form edit). */
function unmodelledRoute(route: any) {
  return {
    rest: omit(route, [...MODELLED_ROUTE, 'retries', 'fault', 'mirror']),
    retries: omit(route.retries, ['attempts', 'perTryTimeout', 'retryOn']),
    fault: omit(route.fault, ['delay', 'abort']),
    delay: omit(route.fault?.delay, ['percentage', 'fixedDelay']),
    abort: omit(route.fault?.abort, ['percentage', 'httpStatus']),
    mirror: omit(route.mirror, ['host', 'subset', 'port']),
  };
}
const unmodelledDestination = (d: any) => ({
  rest: omit(d, ['destination', 'weight']),
  destination: omit(d.destination, ['host', 'subset', 'port']),
  port: omit(d.destination?.port, ['number']),
});
const stripKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(stripKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== 'key')
            .map(([k, x]) => [k, stripKeys(x)]),
        )
      : v;

function randomEdit(form: VirtualServiceForm, seed: number): void {
  const r = rng(seed);
  const routes = form.http;
  const dests = routes.flatMap((rt) => rt.destinations);
  const kinds = [
    'weight',
    'subset',
    'timeout',
    'reverse',
    'delete',
    'add',
    'move',
    'header',
    'match',
  ] as const;
  for (let n = r.int(1, 3); n > 0; n--) {
    const kind = r.pick(kinds);
    if (kind === 'weight' && dests.length) r.pick(dests).weight = r.int(0, 100);
    if (kind === 'subset' && dests.length) r.pick(dests).subset = r.pick(['v1', 'v9']);
    if (kind === 'timeout' && routes.length) r.pick(routes).timeout = `${r.int(1, 9)}s`;
    if (kind === 'reverse') routes.reverse();
    if (kind === 'delete' && routes.length) routes.splice(r.int(0, routes.length - 1), 1);
    if (kind === 'add') {
      routes.splice(r.int(0, routes.length), 0, {
        ...emptyHttpRouteForm(freshVirtualServiceKey(form)),
        destinations: [{ key: `${freshVirtualServiceKey(form)}-d`, host: 'reviews', weight: 100 }],
      });
    }
    if (kind === 'move' && routes.length > 1) {
      const from = r.pick(routes);
      const d = from.destinations.shift();
      if (d) r.pick(routes).destinations.push(d);
    }
    if (kind === 'header') {
      const m = routes.flatMap((rt) => rt.matches).find((x) => x.headers.length);
      if (m) m.headers[0]!.value = `edited-${seed}`;
    }
    if (kind === 'match' && routes.length) {
      r.pick(routes).matches.push({
        key: `${freshVirtualServiceKey(form)}-m`,
        uri: { kind: 'prefix', value: '/x' },
        headers: [],
      });
    }
  }
}

describe('emptied URI and method conditions (property)', () => {
  it('are dropped from their match block, which keeps everything else', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const obj = randomVirtualService(seed);
      const form = virtualServiceToForm(obj);
      const r = rng(seed * 31);
      const emptied = new Set<string>();
      for (const m of form.http.flatMap((rt) => rt.matches)) {
        const field = r.pick(['uri', 'method'] as const);
        if (!r.maybe(0.6)) continue;
        const before = JSON.stringify(m[field]);
        m[field] = { kind: r.pick(['exact', 'prefix', 'regex'] as const), value: r.pick(['', ' ']) };
        // An odd shape (`uri: {}`) reads as an empty exact match: "emptying" it again changes nothing.
        if (JSON.stringify(m[field]) !== before) emptied.add(`${m.key}:${field}`);
      }
      const out = formToVirtualService(form, obj) as any;
      const ctx = `seed ${seed}`;
      form.http.forEach((route, i) =>
        route.matches.forEach((m, j) => {
          const written = out.spec.http[i].match[j];
          const was = spec(obj).http[i].match[j];
          for (const field of ['uri', 'method'] as const) {
            if (emptied.has(`${m.key}:${field}`)) expect(written, ctx).not.toHaveProperty(field);
            else expect(written[field], ctx).toEqual(was[field]);
          }
          expect(omit(written, ['uri', 'method']), ctx).toEqual(omit(was, ['uri', 'method']));
        }),
      );
    }
  });
});

describe('random form edits (property)', () => {
  it('keep every unmodelled field with its route and destination, and read back as the edited form', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const obj = randomVirtualService(seed);
      const original = spec(obj);
      const form = virtualServiceToForm(obj);
      randomEdit(form, seed * 7919);
      const out = formToVirtualService(form, obj) as any;
      const ctx = `seed ${seed}`;

      expect(stripKeys(virtualServiceToForm(out)), ctx).toEqual(stripKeys(form));
      expect(omit(out.spec, ['http', 'hosts', 'gateways']), ctx).toEqual(
        omit(original, ['http', 'hosts', 'gateways']),
      );
      expect(out.metadata, ctx).toEqual(obj.metadata);

      form.http.forEach((route, i) => {
        const from = /^http\[(\d+)\]$/.exec(route.key);
        if (from) {
          expect(unmodelledRoute(out.spec.http[i]), ctx).toEqual(
            unmodelledRoute(original.http[Number(from[1])]),
          );
        }
        route.destinations.forEach((d, k) => {
          const m = /^http\[(\d+)\]\.route\[(\d+)\]$/.exec(d.key);
          if (!m) return;
          const was = original.http[Number(m[1])].route[Number(m[2])];
          expect(unmodelledDestination(out.spec.http[i].route[k]), ctx).toEqual(unmodelledDestination(was));
        });
      });
    }
  });
});
