import type { IstioObjectJson } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { applyBlockers, hasIstioProblems, istioProblems, localProblems, rebaseOnto } from './editorModel.ts';

/** The editor's own checks, without istiod's rules (tested below on their own). */
const editorOnly = (obj: unknown) => localProblems(obj).filter((p) => p.source !== 'istio');

const vs = (weights: (number | undefined)[], extra: Record<string, unknown> = {}): IstioObjectJson => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '1' },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        ...extra,
        route: weights.map((weight, i) => ({
          destination: { host: 'reviews', subset: `v${i + 1}` },
          ...(weight === undefined ? {} : { weight }),
        })),
      },
    ],
  },
});

describe('localProblems', () => {
  it.each<[string, (number | undefined)[], string[]]>([
    ['a single destination without weight', [undefined], []],
    ['weights summing to 100', [80, 20], []],
    ['70/20', [70, 20], ['HTTP route 1: weights sum to 90, not 100']],
    ['two destinations without weights', [undefined, undefined], ['HTTP route 1: weights sum to 0, not 100']],
  ])('%s', (_, weights, messages) => expect(editorOnly(vs(weights)).map((p) => p.message)).toEqual(messages));

  it('only checks VirtualServices', () => expect(editorOnly({ kind: 'Gateway' })).toEqual([]));

  it('checks TCP route weights too', () => {
    const obj = vs([100]);
    obj.spec = {
      ...obj.spec,
      tcp: [
        {
          route: [
            { destination: { host: 'db', subset: 'v1' }, weight: 50 },
            { destination: { host: 'db', subset: 'v2' }, weight: 40 },
          ],
        },
      ],
    };
    expect(localProblems(obj)).toEqual([
      { path: 'spec.tcp[0].route', message: 'TCP route 1: weights sum to 90, not 100' },
    ]);
  });

  it('refuses header conditions without a name, at the match', () => {
    const obj = vs([100], {
      match: [{ headers: { '': { exact: 'jason' } } }, { headers: { 'end-user': { exact: 'x' } } }],
    });
    expect(editorOnly(obj)).toEqual([
      {
        path: 'spec.http[0].match[0].headers',
        message: 'HTTP route 1, match 1: every header condition needs a name',
      },
    ]);
  });
});

describe('applyBlockers', () => {
  const base = {
    viewOnly: false,
    syntaxErrors: [],
    localProblems: [],
    reviewed: true,
    validations: [],
    unchanged: false,
  };
  it('lets a reviewed, clean change through', () => expect(applyBlockers(base)).toEqual([]));
  it.each<[string, Partial<Parameters<typeof applyBlockers>[0]>, RegExp]>([
    ['view-only', { viewOnly: true }, /view-only/],
    ['syntax errors', { syntaxErrors: [{ line: 3, message: 'x' }] }, /1 YAML syntax error/],
    [
      'local problems',
      { localProblems: [{ path: 'spec', message: 'weights sum to 90' }] },
      /weights sum to 90/,
    ],
    ['no change', { unchanged: true }, /Nothing changed/],
    ['not reviewed', { reviewed: false }, /Review the changes/],
    [
      'error findings',
      {
        validations: [
          {
            code: 'VS_SUBSET_NOT_FOUND',
            severity: 'error',
            message: 'm',
            path: 'spec',
            objectRef: { kind: 'VirtualService', namespace: 'n', name: 'a' },
          },
        ],
      },
      /dry run found 1 error/,
    ],
  ])('%s', (_, patch, reason) => expect(applyBlockers({ ...base, ...patch }).join('\n')).toMatch(reason));
});

describe('rebaseOnto', () => {
  it('writes my weights onto the new version and keeps what they added', () => {
    const loaded = vs([50, 50], { corsPolicy: { allowMethods: ['GET'] } });
    const mine = vs([80, 20], { corsPolicy: { allowMethods: ['GET'] } });
    const current = {
      ...vs([50, 50], { corsPolicy: { allowMethods: ['GET', 'POST'] } }),
      metadata: { ...loaded.metadata, resourceVersion: '2', labels: { by: 'them' } },
    };
    const { merged, conflicts } = rebaseOnto(loaded, mine, current);
    expect(conflicts).toEqual([]);
    expect(merged.metadata).toEqual(current.metadata);
    const http = (merged.spec as { http: { corsPolicy: unknown; route: { weight: number }[] }[] }).http;
    expect(http[0]!.route.map((r) => r.weight)).toEqual([80, 20]);
    expect(http[0]!.corsPolicy).toEqual({ allowMethods: ['GET', 'POST'] });
  });

  it('keeps their change of a field I did not touch, which the form shows too', () => {
    const loaded = vs([50, 50], { timeout: '1s' });
    const mine = vs([80, 20], { timeout: '1s' });
    const current = {
      ...vs([50, 50], { timeout: '5s' }),
      metadata: { ...loaded.metadata, resourceVersion: '2' },
    };
    const { merged, conflicts } = rebaseOnto(loaded, mine, current);
    expect(conflicts).toEqual([]);
    expect((merged.spec as { http: { timeout: string }[] }).http[0]!.timeout).toBe('5s');
  });

  it('reports the fields both changed, keeping mine, never the resourceVersion', () => {
    const loaded = vs([50, 50]);
    const current = { ...vs([60, 40]), metadata: { ...loaded.metadata, resourceVersion: '2' } };
    const { merged, conflicts } = rebaseOnto(loaded, vs([80, 20]), current);
    expect(conflicts.map((c) => [c.path, c.mine, c.theirs])).toEqual([
      ['spec.http[0].route[0].weight', 80, 60],
      ['spec.http[0].route[1].weight', 20, 40],
    ]);
    expect(merged.metadata.resourceVersion).toBe('2');
  });

  it('takes the new resourceVersion for kinds without a form', () => {
    const gw = {
      apiVersion: 'v1',
      kind: 'Gateway' as const,
      metadata: { name: 'g', resourceVersion: '1' },
      spec: {},
    };
    const mine = { ...gw, spec: { servers: [] } };
    const { merged } = rebaseOnto(gw, mine, { ...gw, metadata: { name: 'g', resourceVersion: '5' } });
    expect(merged.metadata.resourceVersion).toBe('5');
    expect(merged.spec).toEqual({ servers: [] });
  });
});

describe('localProblems: empty URI and method conditions', () => {
  it.each<[string, Record<string, unknown>[], { path: string; message: string }[]]>([
    ['a URI with a value', [{ uri: { prefix: '/api' } }], []],
    [
      'an empty exact URI',
      [{ uri: { exact: '' } }],
      [{ path: 'spec.http[0].match[0].uri', message: 'HTTP route 1, match 1: the URI needs a value' }],
    ],
    [
      'a URI of blanks, in the second match',
      [{ uri: { prefix: '/a' } }, { uri: { prefix: '  ' } }],
      [{ path: 'spec.http[0].match[1].uri', message: 'HTTP route 1, match 2: the URI needs a value' }],
    ],
    [
      'an empty method',
      [{ method: { exact: '' } }],
      [{ path: 'spec.http[0].match[0].method', message: 'HTTP route 1, match 1: the method needs a value' }],
    ],
    [
      'a URI with no operator',
      [{ uri: {} }],
      [{ path: 'spec.http[0].match[0].uri', message: 'HTTP route 1, match 1: the URI needs a value' }],
    ],
    [
      'both empty, and a nameless header',
      [{ uri: { regex: '' }, method: { exact: '' }, headers: { '': { exact: 'x' } } }],
      [
        {
          path: 'spec.http[0].match[0].headers',
          message: 'HTTP route 1, match 1: every header condition needs a name',
        },
        { path: 'spec.http[0].match[0].uri', message: 'HTTP route 1, match 1: the URI needs a value' },
        { path: 'spec.http[0].match[0].method', message: 'HTTP route 1, match 1: the method needs a value' },
      ],
    ],
    ['a header without a value (presence) is fine', [{ headers: { 'x-debug': {} } }], []],
  ])('%s', (_what, match, expected) => {
    expect(editorOnly(vs([100], { match }))).toEqual(expected);
  });
});

describe("istioProblems: istiod's rules while typing", () => {
  it('names the field and marks the problem as istio', () => {
    const obj = vs([100], { timeout: 'forever', retries: { attempts: -3 } });
    expect(istioProblems(obj)).toEqual([
      {
        path: 'spec.http[0].retries.attempts',
        message: 'attempts: attempts cannot be negative',
        source: 'istio',
      },
      {
        path: 'spec.http[0].timeout',
        message: expect.stringMatching(/^timeout: invalid duration "forever"/),
        source: 'istio',
      },
    ]);
    expect(hasIstioProblems(localProblems(obj))).toBe(true);
  });

  it('is part of localProblems, so it blocks Apply', () => {
    const local = localProblems(vs([100], { match: [{ uri: { regex: '((((' } }] }));
    expect(local.map((p) => p.path)).toEqual(['spec.http[0].match[0].uri.regex']);
    const blockers = applyBlockers({
      viewOnly: false,
      syntaxErrors: [],
      localProblems: local,
      reviewed: true,
      validations: [],
      unchanged: false,
    });
    expect(blockers).toEqual([expect.stringMatching(/^regex: error parsing regexp: missing closing \)/)]);
  });

  it('checks every kind, e.g. duplicate DestinationRule subsets', () => {
    const dr = {
      kind: 'DestinationRule',
      metadata: { name: 'r', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v1' }] },
    };
    expect(istioProblems(dr)).toEqual([
      { path: 'spec.subsets[1].name', message: 'name: duplicate subset names: v1', source: 'istio' },
    ]);
  });

  it('says nothing about a valid object or something that is not an object', () => {
    expect(istioProblems(vs([100], { timeout: '10s' }))).toEqual([]);
    expect(istioProblems('text')).toEqual([]);
  });
});
