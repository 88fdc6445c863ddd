import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.ts';

describe('merge patch (RFC 7386)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('does not mutate its input', () => {
    const target = { spec: { replicas: 1 } };
    mergePatch(target, { spec: { replicas: 0 } });
    expect(target.spec.replicas).toBe(1);
  });
});

describe('strategic merge patch', () => {
  const pod = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });
  const sextant = {
    name: 'sextant',
    image: 'i:1',
    env: [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ],
    ports: [{ name: 'http', containerPort: 20001 }],
    envFrom: [{ configMapRef: { name: 'old' } }],
  };

  it('merges containers by name, as kubectl apply sends them, keeping the fields it did not send', () => {
    const patched = strategicMergePatch(pod([sextant]), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sextant' }],
            containers: [{ name: 'sextant', envFrom: [{ configMapRef: { name: 'new' } }] }],
          },
        },
      },
    });
    expect(patched).toEqual(pod([{ ...sextant, envFrom: [{ configMapRef: { name: 'new' } }] }]));
  });

  it('adds, deletes and orders keyed items; replaces lists without a merge key', () => {
    const patched = strategicMergePatch(pod([sextant, { name: 'other', image: 'o' }]), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sextant' }, { name: 'other' }],
            containers: [
              {
                name: 'sextant',
                '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }],
                env: [
                  { name: 'C', value: '3' },
                  { name: 'B', $patch: 'delete' },
                ],
                args: ['--x'],
              },
            ],
          },
        },
      },
    });
    expect(patched).toEqual(
      pod([
        {
          ...sextant,
          env: [
            { name: 'C', value: '3' },
            { name: 'A', value: '1' },
          ],
          args: ['--x'],
        },
        { name: 'other', image: 'o' },
      ]),
    );
  });

  it('keys Service ports by port and replaces a map under $patch: replace', () => {
    const service = {
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector: { a: '1', b: '2' } },
    };
    expect(
      strategicMergePatch(service, {
        spec: { ports: [{ port: 80, name: 'web' }], selector: { $patch: 'replace', c: '3' } },
      }),
    ).toEqual({ spec: { ports: [{ name: 'web', port: 80, targetPort: 8080 }], selector: { c: '3' } } });
  });

  it('drops directive keys so they are never stored', () => {
    const patched = strategicMergePatch(
      { spec: { template: { spec: { containers: [{ name: 'a' }] } } } },
      {
        spec: {
          template: {
            spec: { $setElementOrder_containers: [{ name: 'a' }], containers: [{ name: 'a', image: 'x' }] },
          },
        },
        $retainKeys: ['spec'],
      },
    );
    expect(patched).toEqual({ spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { http: [{ route: [{ weight: 80 }, { weight: 20 }] }], hosts: ['a'] } };
  it.each([
    [
      [{ op: 'replace', path: '/spec/http/0/route/0/weight', value: 50 }],
      { ...doc, spec: { ...doc.spec, http: [{ route: [{ weight: 50 }, { weight: 20 }] }] } },
    ],
    [
      [{ op: 'add', path: '/spec/hosts/-', value: 'b' }],
      { ...doc, spec: { ...doc.spec, hosts: ['a', 'b'] } },
    ],
    [
      [{ op: 'add', path: '/spec/hosts/0', value: 'z' }],
      { ...doc, spec: { ...doc.spec, hosts: ['z', 'a'] } },
    ],
    [[{ op: 'remove', path: '/spec/http' }], { spec: { hosts: ['a'] } }],
    [[{ op: 'test', path: '/spec/hosts/0', value: 'a' }], doc],
    [
      [{ op: 'copy', from: '/spec/hosts', path: '/spec/gateways' }],
      { spec: { ...doc.spec, gateways: ['a'] } },
    ],
    [
      [{ op: 'move', from: '/spec/hosts', path: '/spec/gateways' }],
      { spec: { http: doc.spec.http, gateways: ['a'] } },
    ],
    [[{ op: 'add', path: '/spec/a~1b', value: 1 }], { spec: { ...doc.spec, 'a/b': 1 } }],
  ])('%j', (ops, expected) => {
    expect(jsonPatch(doc, ops)).toEqual(expected);
  });

  it.each([
    [[{ op: 'remove', path: '/spec/missing' }], 422],
    [[{ op: 'replace', path: '/spec/hosts/5', value: 1 }], 422],
    [[{ op: 'test', path: '/spec/hosts/0', value: 'b' }], 422],
    [[{ op: 'add', path: '/nope/deeper', value: 1 }], 422],
    [[{ op: 'frobnicate', path: '/spec' }], 400],
    [{ op: 'add' }, 400],
  ])('%j fails with %i and changes nothing', (ops, code) => {
    const before = JSON.stringify(doc);
    expect(() => jsonPatch(doc, ops)).toThrow(expect.objectContaining({ code }));
    expect(JSON.stringify(doc)).toBe(before);
  });
});
