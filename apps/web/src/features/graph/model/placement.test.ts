import { describe, expect, it } from 'vitest';
import { placeNewNodes } from './placement.ts';

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('placeNewNodes', () => {
  const known = { a: { x: 0, y: 0 }, b: { x: 700, y: 0 }, c: { x: 700, y: 700 } };

  it.each([
    { name: 'next to its one neighbour', edges: [{ source: 'a', target: 'n' }], near: known.a },
    { name: 'next to a callee', edges: [{ source: 'n', target: 'c' }], near: known.c },
    {
      name: 'between two neighbours',
      edges: [
        { source: 'b', target: 'n' },
        { source: 'n', target: 'c' },
      ],
      near: { x: 700, y: 350 },
    },
  ])('puts a new node $name', ({ edges, near }) => {
    const placed = placeNewNodes({ newIds: ['n'], known, edges });
    expect(dist(placed.n!, near)).toBeLessThanOrEqual(2 * 70);
  });

  it('never moves known nodes and never stacks two nodes on one cell', () => {
    const edges = ['n1', 'n2', 'n3', 'n4'].map((id) => ({ source: 'a', target: id }));
    const placed = placeNewNodes({ newIds: ['n1', 'n2', 'n3', 'n4'], known, edges });
    expect(Object.keys(placed).sort()).toEqual(['n1', 'n2', 'n3', 'n4']);
    const cells = [...Object.values(placed), ...Object.values(known)].map((p) => `${p.x},${p.y}`);
    expect(new Set(cells).size).toBe(cells.length);
    for (const p of Object.values(placed)) expect(dist(p, known.a)).toBeLessThan(3 * 70);
  });

  it('grows a new chain from where it joins the drawing', () => {
    const edges = [
      { source: 'b', target: 'x' },
      { source: 'x', target: 'y' },
    ];
    // y is listed first but has no placed neighbour until x is placed.
    const placed = placeNewNodes({ newIds: ['y', 'x'], known, edges });
    expect(dist(placed.x!, known.b)).toBeLessThanOrEqual(2 * 70);
    expect(dist(placed.y!, placed.x!)).toBeLessThanOrEqual(2 * 70);
  });

  it('puts an unconnected node beside its box, else right of the drawing', () => {
    const parentOf = new Map([
      ['a', 'box:1'],
      ['lonely', 'box:1'],
      ['stranger', 'box:2'],
    ]);
    const placed = placeNewNodes({ newIds: ['lonely', 'stranger'], known, edges: [], parentOf });
    expect(dist(placed.lonely!, known.a)).toBeLessThanOrEqual(2 * 70);
    expect(placed.stranger!.x).toBeGreaterThan(700);
  });

  it('places nodes on an empty drawing', () => {
    const placed = placeNewNodes({ newIds: ['a', 'b'], known: {}, edges: [] });
    expect(placed.a).not.toEqual(placed.b);
  });
});
