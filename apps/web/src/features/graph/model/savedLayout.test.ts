import { describe, expect, it } from 'vitest';
import { coverage, layoutFile, layoutView, parseLayoutFile, viewKey } from './savedLayout.ts';
import { DEFAULT_VIEW } from '../urlState.ts';

describe('viewKey', () => {
  it('is the same whatever the order of namespaces and boxes', () => {
    const a = layoutView({ ...DEFAULT_VIEW, namespaces: ['shop', 'bookinfo'], boxBy: ['app', 'namespace'] });
    const b = layoutView({ ...DEFAULT_VIEW, namespaces: ['bookinfo', 'shop'], boxBy: ['namespace', 'app'] });
    expect(viewKey(a)).toBe(viewKey(b));
    expect(viewKey(a)).toBe('ns=bookinfo,shop&type=versionedApp&box=namespace,app');
  });

  it.each([
    ['graph type', { graphType: 'workload' as const }],
    ['boxing', { boxBy: [] }],
    ['namespaces', { namespaces: ['bookinfo'] }],
    ['node graph', { node: { kind: 'workload' as const, namespace: 'bookinfo', name: 'details-v1' } }],
  ])('differs by %s', (_, change) => {
    const base = layoutView({ ...DEFAULT_VIEW, namespaces: ['bookinfo', 'shop'] });
    expect(viewKey(layoutView({ ...DEFAULT_VIEW, namespaces: ['bookinfo', 'shop'], ...change }))).not.toBe(
      viewKey(base),
    );
  });
});

describe('viewKey of scope-first drawings', () => {
  it('makes each set of expanded namespaces a view of its own, in any order', () => {
    const state = { ...DEFAULT_VIEW, namespaces: ['bookinfo', 'shop'] };
    const keys = [undefined, [], ['shop'], ['shop', 'bookinfo'], ['bookinfo', 'shop']].map((scope) =>
      viewKey(layoutView(state, scope)),
    );
    expect(keys).toEqual([
      'ns=bookinfo,shop&type=versionedApp&box=namespace,app',
      'ns=bookinfo,shop&type=versionedApp&box=namespace,app&scope=namespaces',
      'ns=bookinfo,shop&type=versionedApp&box=namespace,app&scope=shop',
      'ns=bookinfo,shop&type=versionedApp&box=namespace,app&scope=bookinfo,shop',
      'ns=bookinfo,shop&type=versionedApp&box=namespace,app&scope=bookinfo,shop',
    ]);
  });
});

describe('parseLayoutFile', () => {
  const view = layoutView({ ...DEFAULT_VIEW, namespaces: ['bookinfo'] });
  const good = layoutFile(view, 'dagre', { 'app:bookinfo:reviews': { x: 1, y: 2.5 } });

  it('reads back what layoutFile wrote', () => {
    expect(parseLayoutFile(JSON.stringify(good))).toEqual({ ok: true, file: good });
  });

  it.each([
    ['{', 'not a JSON file'],
    [JSON.stringify({ ...good, kind: 'other' }), 'kind:'],
    [JSON.stringify({ ...good, layout: 'circle' }), 'layout:'],
    [JSON.stringify({ ...good, positions: { a: { x: 'left', y: 0 } } }), 'positions.a.x:'],
    [JSON.stringify({ ...good, version: 2 }), 'version:'],
  ])('names what is wrong in %s', (text, error) => {
    const parsed = parseLayoutFile(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });
});

describe('coverage', () => {
  it.each([
    [[], {}, 0],
    [['a', 'b'], { a: { x: 0, y: 0 } }, 0.5],
    [['a'], { a: { x: 0, y: 0 }, z: { x: 1, y: 1 } }, 1],
  ])('of %j', (ids, positions, share) => expect(coverage(ids, positions)).toBe(share));
});
