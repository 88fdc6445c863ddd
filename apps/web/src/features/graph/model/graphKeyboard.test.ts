import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from '../__fixtures__/bookinfoGraphs.ts';
import {
  cycle,
  describeEdge,
  describeElement,
  describeNode,
  graphNav,
  keyAction,
  nearestInDirection,
  revealPan,
  type Box,
  type Direction,
  type KeyAction,
  type KeyInput,
  type Margins,
  type Placed,
} from './graphKeyboard.ts';
import { toGraphView } from './graphView.ts';

describe('keyAction', () => {
  const cases: Array<[KeyInput, KeyAction | undefined]> = [
    [{ key: 'ArrowRight' }, { kind: 'move', direction: 'right' }],
    [{ key: 'ArrowLeft' }, { kind: 'move', direction: 'left' }],
    [{ key: 'ArrowUp' }, { kind: 'move', direction: 'up' }],
    [{ key: 'ArrowDown' }, { kind: 'move', direction: 'down' }],
    [{ key: 'n' }, { kind: 'cycle', step: 1 }],
    [{ key: ']' }, { kind: 'cycle', step: 1 }],
    [{ key: 'p' }, { kind: 'cycle', step: -1 }],
    [{ key: '[' }, { kind: 'cycle', step: -1 }],
    [{ key: 'Home' }, { kind: 'first' }],
    [{ key: 'End' }, { kind: 'last' }],
    [{ key: 'e' }, { kind: 'edge', step: 1 }],
    [
      { key: 'E', shiftKey: true },
      { kind: 'edge', step: -1 },
    ],
    [{ key: 'Enter' }, { kind: 'select' }],
    [{ key: ' ' }, { kind: 'select' }],
    [{ key: 'Escape' }, { kind: 'clear' }],
    [{ key: '+', shiftKey: true }, { kind: 'zoomIn' }],
    [{ key: '=' }, { kind: 'zoomIn' }],
    [{ key: '-' }, { kind: 'zoomOut' }],
    [{ key: '0' }, { kind: 'fit' }],
    [{ key: '?', shiftKey: true }, { kind: 'help' }],
    // Left to the browser: Tab leaves the canvas, chords are browser shortcuts.
    [{ key: 'Tab' }, undefined],
    [{ key: 'Tab', shiftKey: true }, undefined],
    [{ key: '+', ctrlKey: true }, undefined],
    [{ key: '0', metaKey: true }, undefined],
    [{ key: 'ArrowLeft', altKey: true }, undefined],
    [{ key: 'x' }, undefined],
  ];
  it.each(cases)('%o -> %o', (input, action) => {
    expect(keyAction(input)).toEqual(action);
  });
});

describe('nearestInDirection', () => {
  const at = (id: string, x: number, y: number): Placed => ({ id, x, y });
  // A dagre-like layout: columns left to right, screen y grows downwards.
  //   a(0,0)   b(200,-80)   d(400,0)
  //            c(200,80)
  //            e(200,0)
  const grid = [at('a', 0, 0), at('b', 200, -80), at('c', 200, 80), at('e', 200, 0), at('d', 400, 0)];
  const cases: Array<[string, Placed, Placed[], Direction, string | undefined]> = [
    ['straight ahead wins', at('a', 0, 0), grid, 'right', 'e'],
    ['up within a column', at('e', 200, 0), grid, 'up', 'b'],
    ['down within a column', at('e', 200, 0), grid, 'down', 'c'],
    ['left back to the caller', at('e', 200, 0), grid, 'left', 'a'],
    ['nothing further that way', at('d', 400, 0), grid, 'right', undefined],
    ['nothing above the top', at('b', 200, -80), grid, 'up', undefined],
    [
      'the cone beats a closer node that is more sideways than ahead',
      at('o', 0, 0),
      [at('near-but-below', 50, 100), at('far-ahead', 500, 0)],
      'right',
      'far-ahead',
    ],
    [
      'outside the cone when nothing is inside it',
      at('o', 0, 0),
      [at('below-right', 50, 100), at('left', -10, 0)],
      'right',
      'below-right',
    ],
    [
      'less sideways offset wins at equal distance ahead',
      at('o', 0, 0),
      [at('x', 100, 40), at('y', 100, -10)],
      'right',
      'y',
    ],
    ['ties go to the smaller id', at('o', 0, 0), [at('z', 100, 10), at('k', 100, -10)], 'right', 'k'],
    ['a node at the same place is no step', at('o', 0, 0), [at('same', 0.2, 0)], 'right', undefined],
    ['an empty graph', at('o', 0, 0), [], 'left', undefined],
  ];
  it.each(cases)('%s', (_name, from, candidates, direction, expected) => {
    expect(nearestInDirection(from, candidates, direction)).toBe(expected);
  });
});

describe('cycle', () => {
  const cases: Array<[string[], string | undefined, 1 | -1, string | undefined]> = [
    [['a', 'b', 'c'], 'a', 1, 'b'],
    [['a', 'b', 'c'], 'c', 1, 'a'],
    [['a', 'b', 'c'], 'a', -1, 'c'],
    [['a', 'b', 'c'], undefined, 1, 'a'],
    [['a', 'b', 'c'], undefined, -1, 'c'],
    [['a', 'b', 'c'], 'gone', 1, 'a'],
    [['a'], 'a', 1, 'a'],
    [[], undefined, 1, undefined],
  ];
  it.each(cases)('%o from %s by %i -> %s', (list, current, step, expected) => {
    expect(cycle(list, current, step)).toBe(expected);
  });
});

describe('revealPan', () => {
  const viewport = { width: 800, height: 600 };
  const even = { top: 40, right: 40, bottom: 40, left: 40 };
  // Room for the controls at the top and the cursor caption at the bottom.
  const floating = { top: 60, right: 40, bottom: 90, left: 40 };
  const cases: Array<[string, Box, Margins, { dx: number; dy: number }]> = [
    ['inside: no pan', { x1: 100, y1: 100, x2: 140, y2: 140 }, even, { dx: 0, dy: 0 }],
    ['off the left', { x1: -50, y1: 100, x2: -10, y2: 140 }, even, { dx: 90, dy: 0 }],
    ['off the right and bottom', { x1: 790, y1: 590, x2: 830, y2: 630 }, even, { dx: -70, dy: -70 }],
    ['inside the margin counts as off', { x1: 20, y1: 100, x2: 60, y2: 140 }, even, { dx: 20, dy: 0 }],
    ['under the caption', { x1: 100, y1: 500, x2: 140, y2: 540 }, floating, { dx: 0, dy: -30 }],
    ['under the controls', { x1: 100, y1: 30, x2: 140, y2: 70 }, floating, { dx: 0, dy: 30 }],
    ['too wide: centred', { x1: -100, y1: 100, x2: 900, y2: 140 }, even, { dx: 0, dy: 0 }],
    [
      'too tall and off: centred in the room',
      { x1: 100, y1: -400, x2: 140, y2: 500 },
      floating,
      { dx: 0, dy: 235 },
    ],
  ];
  it.each(cases)('%s', (_name, box, margin, expected) => {
    expect(revealPan(box, viewport, margin)).toEqual(expected);
  });
});

describe('graphNav and the announcements over the Bookinfo fixture', () => {
  const view = toGraphView(bookinfoGraph(), { edgeLabel: 'rate', namespaces: ['bookinfo'] });
  const nav = graphNav(view);
  const byName = (name: string) => {
    const n = view.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n.id;
  };
  const edgeBetween = (source: string, target: string) => {
    const e = view.edges.find((x) => x.source === byName(source) && x.target === byName(target));
    if (!e) throw new Error(`no edge ${source} -> ${target}`);
    return e.id;
  };

  it('orders nodes by name, every node once', () => {
    const names = nav.order.map((id) => nav.nodes.get(id)?.name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(new Set(nav.order).size).toBe(view.nodes.length);
  });

  it("lists a node's outgoing edges before its incoming ones", () => {
    const edges = nav.edgesOf.get(byName('reviews v2')) ?? [];
    expect(edges[0]).toBe(edgeBetween('reviews v2', 'ratings'));
    expect(edges.at(-1)).toBe(edgeBetween('reviews', 'reviews v2'));
  });

  it.each([
    ['reviews v2', 'reviews v2, app, Failure, 3.65 rps in, 0% errors, 2 edges'],
    [
      'ratings',
      'ratings, service, Failure, 7.25 rps in, 25% errors, 3 edges, Istio config: VirtualService, Circuit breaker, Fault injection',
    ],
    ['mongodb v1', 'mongodb v1, app, Healthy, 800 B/s TCP in, 1 edge'],
    ['unknown', 'unknown, unknown caller, No health data, 1 rps out, 0% errors, 1 edge'],
    [
      'istio-ingressgateway latest',
      'istio-ingressgateway latest, gateway, Healthy, namespace istio-system, 10 rps out, 0% errors, 1 edge',
    ],
  ])('describes the node %s from the view model', (name, text) => {
    expect(describeNode(nav, byName(name))).toBe(text);
  });

  it.each([
    ['reviews v2', 'ratings', 'edge reviews v2 → ratings, 3.6 rps, 50% errors, Failure, mTLS'],
    ['reviews v3', 'ratings', 'edge reviews v3 → ratings, 3.65 rps, partial mTLS'],
    ['ratings v1', 'mongodb', 'edge ratings v1 → mongodb, 800 B/s, TCP, mTLS'],
    ['unknown', 'productpage', 'edge unknown → productpage, 1 rps'],
    ['details v1', 'www.googleapis.com', 'edge details v1 → www.googleapis.com, 2 rps'],
  ])('describes the edge %s → %s', (source, target, text) => {
    expect(describeEdge(nav, edgeBetween(source, target))).toBe(text);
  });

  it('adds the place among the edges walked and the selection', () => {
    const id = edgeBetween('reviews v2', 'ratings');
    expect(describeElement(nav, id, { anchor: byName('reviews v2') })).toMatch(/, mTLS, 1 of 2$/);
    // ratings: out to ratings v1 first, then in from reviews v2 and reviews v3.
    expect(describeElement(nav, id, { anchor: byName('ratings') })).toMatch(/, mTLS, 2 of 3$/);
    expect(describeElement(nav, id, { selected: true })).toMatch(/, mTLS, selected$/);
    expect(describeElement(nav, byName('reviews v2'), { selected: true })).toMatch(/, selected$/);
    expect(describeNode(nav, 'nope')).toBe('');
  });

  it('says nothing when there is no cursor', () => {
    expect(describeElement(nav, undefined)).toBe('');
  });
});
