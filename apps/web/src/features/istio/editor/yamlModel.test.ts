import { describe, expect, it } from 'vitest';
import { lineOfPath, parseYaml, pathLocator, splitPath, toYaml } from './yamlModel.ts';

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

  it('puts an error noticed on a blank line on the text above it', () => {
    const r = parseYaml('kind: VirtualService\nspec:\n  bad: [unclosed\n\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.line)).toEqual([3]);
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
    ['metadata.labels[app.kubernetes.io/name]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['spec.http[0].route', ['spec', 'http', 0, 'route']],
    ['', []],
    ['spec', ['spec']],
  ])('splits %j', (path, segments) => expect(splitPath(path)).toEqual(segments));

  it.each([
    ['spec.http[0].route[1].destination.subset', 16],
    ['spec.http[0].route[0].weight', 13],
    ['spec.http[0].route[1].weight', 14],
    ['spec.hosts', 6],
  ])('finds the line of %s', (path, line) => expect(lineOfPath(VS, path)).toBe(line));

  // A finding may name a field the text does not have: it lands on the nearest present ancestor.
  it.each([
    ['spec.http[0].route[1].timeout', 14, 'missing key -> its list item'],
    ['spec.http[0].route[5].weight', 9, 'missing list item -> the list key'],
    ['spec.http[0].timeout', 9, 'missing key in the first route -> the route item'],
    ['spec.tcp[0].route', 5, 'missing top-level key -> spec'],
    ['metadata.labels[app.kubernetes.io/name]', 3, 'missing bracketed key -> metadata'],
    ['nothere', 1, 'unknown root field -> the document'],
    ['', 1, 'the whole object -> the document'],
  ])('places %s on line %i (%s)', (path, line) => expect(lineOfPath(VS, path)).toBe(line));

  it('finds a bracketed key holding dots', () => {
    const text = 'metadata:\n  labels:\n    app: x\n    app.kubernetes.io/name: reviews\n';
    expect(lineOfPath(text, 'metadata.labels[app.kubernetes.io/name]')).toBe(4);
  });

  it('locates nothing in a text that does not parse', () =>
    expect(pathLocator('a: [unclosed\n')('a')).toBeUndefined());

  it('round-trips through toYaml', () => {
    const obj = { a: 1, b: [{ c: 'x' }] };
    const r = parseYaml(toYaml(obj));
    expect(r.ok && r.value).toEqual(obj);
  });
});
