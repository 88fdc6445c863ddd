import { describe, expect, it } from 'vitest';
import { lineOfPath, parseYaml, splitPath, toYaml } from './yamlModel.ts';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 70
        - destination:
            host: reviews
            subset: v9
`;

describe('yamlModel', () => {
  it('parses a document', () => {
    const r = parseYaml(VS);
    expect(r.ok && (r.value as { kind: string }).kind).toBe('VirtualService');
  });

  it('reports syntax errors with their line', () => {
    const r = parseYaml('kind: VirtualService\nspec:\n  hosts: [a\n  http: x: y\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects a scalar document', () => expect(parseYaml('42').ok).toBe(false));

  it('splits paths', () =>
    expect(splitPath('spec.http[0].route[1].destination.subset')).toEqual([
      'spec',
      'http',
      0,
      'route',
      1,
      'destination',
      'subset',
    ]));

  it.each([
    ['spec.http[0].route[1].destination.subset', 16],
    ['spec.http[0].route[0].weight', 13],
    ['spec.http[0].route[1].weight', 14],
    ['spec.hosts', 6],
  ])('finds the line of %s', (path, line) => expect(lineOfPath(VS, path)).toBe(line));

  it('round-trips through toYaml', () => {
    const obj = { a: 1, b: [{ c: 'x' }] };
    const r = parseYaml(toYaml(obj));
    expect(r.ok && r.value).toEqual(obj);
  });
});
