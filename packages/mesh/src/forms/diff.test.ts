import type { DiffLine } from '@sextant/contracts';
import { diffLineSchema } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { reviewsVirtualService } from './__fixtures__/objects.ts';
import { rng } from './__fixtures__/random.ts';
import { diffLines, diffObjects, SERVER_MANAGED_PATHS } from './diff.ts';
import { cloneJson } from './json.ts';
import { formToVirtualService, virtualServiceToForm } from './virtualServiceForm.ts';

const changes = (lines: readonly DiffLine[]) => lines.filter((l) => l.op !== 'context');

const live = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', managedFields: [{ manager: 'kubectl' }] },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
          { destination: { host: 'reviews', subset: 'v2' }, weight: 50 },
        ],
      },
    ],
  },
};

describe('diffObjects', () => {
  it('shows only context for equal objects, and leaves managedFields out', () => {
    const lines = diffObjects(live, cloneJson(live));
    expect(changes(lines)).toEqual([]);
    expect(lines.map((l) => l.text)).not.toContain('managedFields:');
    expect(lines[0]).toEqual({
      op: 'context',
      text: 'apiVersion: networking.istio.io/v1',
      oldLine: 1,
      newLine: 1,
    });
  });

  it('a weight change is one removed and one added line, with line numbers on both sides', () => {
    const edited = cloneJson(live);
    edited.spec.http[0]!.route[0]!.weight = 70;
    edited.spec.http[0]!.route[1]!.weight = 30;
    expect(changes(diffObjects(live, edited))).toEqual([
      { op: 'remove', text: '      weight: 50', oldLine: 14 },
      { op: 'add', text: '      weight: 70', newLine: 14 },
      { op: 'remove', text: '      weight: 50', oldLine: 18 },
      { op: 'add', text: '      weight: 30', newLine: 18 },
    ]);
  });

  it('ignores key order: the edited side is printed in the live order', () => {
    const reordered = {
      spec: { http: live.spec.http, hosts: ['reviews'] },
      metadata: { namespace: 'bookinfo', name: 'reviews' },
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1',
    };
    expect(changes(diffObjects(live, reordered))).toEqual([]);
  });

  it('new keys come after the known ones', () => {
    const edited = cloneJson(live) as any;
    edited.spec.http[0] = { timeout: '5s', ...edited.spec.http[0] };
    expect(changes(diffObjects(live, edited))).toEqual([{ op: 'add', text: '    timeout: 5s', newLine: 19 }]);
  });

  it('keeps the requested context and can print JSON', () => {
    const edited = cloneJson(live);
    edited.spec.hosts = ['reviews', 'reviews.bookinfo'];
    const lines = diffObjects(live, edited, { context: 1 });
    expect(lines.map((l) => `${l.op[0]} ${l.text}`)).toEqual([
      'c   - reviews',
      'a   - reviews.bookinfo',
      'c   http:',
    ]);
    const json = diffObjects(live, edited, { format: 'json', context: 0 });
    expect(json).toEqual([
      { op: 'remove', text: '      "reviews"', oldLine: 10 },
      { op: 'add', text: '      "reviews",', newLine: 10 },
      { op: 'add', text: '      "reviews.bookinfo"', newLine: 11 },
    ]);
  });

  it('leaves out what the server manages when asked to (the 409 view of their change)', () => {
    const loaded = {
      metadata: { name: 'r', resourceVersion: '5', generation: 2, uid: 'u1' },
      spec: { a: 1 },
    };
    const current = {
      metadata: { name: 'r', resourceVersion: '9', generation: 3, uid: 'u1', creationTimestamp: 'x' },
      spec: { a: 2 },
      status: { observedGeneration: 3 },
    };
    const changed = changes(diffObjects(loaded, current, { omit: SERVER_MANAGED_PATHS })).map((l) => l.text);
    expect(changed).toEqual(['  a: 1', '  a: 2']);
  });

  it('a create (nothing live) is all additions; omit can be changed', () => {
    const lines = diffObjects(undefined, live, { omit: [] });
    expect(lines.every((l) => l.op === 'add')).toBe(true);
    expect(lines.map((l) => l.text)).toContain('  managedFields:');
  });

  it('quotes YAML-ambiguous strings, so a value that reads as a number or boolean is not shown as one', () => {
    const lines = diffObjects({ a: '1', b: 'true', c: 'x: y' }, { a: 1, b: true, c: 'x: y' });
    expect(changes(lines).map((l) => l.text)).toEqual(['a: "1"', 'b: "true"', 'a: 1', 'b: true']);
  });

  it('on a real form edit shows just the edit', () => {
    const form = virtualServiceToForm(reviewsVirtualService);
    form.http[0]!.timeout = '20s';
    const edited = formToVirtualService(form, reviewsVirtualService);
    expect(
      changes(diffObjects(reviewsVirtualService, edited)).map((l) => `${l.op} ${l.text.trim()}`),
    ).toEqual(['remove timeout: 10s', 'add timeout: 20s']);
    for (const line of diffObjects(reviewsVirtualService, edited))
      expect(diffLineSchema.parse(line)).toEqual(line);
  });
});

/** Longest common subsequence length, the size of a minimal diff's context. */
function lcs(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

describe('diffLines (property)', () => {
  it('reproduces both sides, numbers lines in order, and is minimal', () => {
    const r = rng(7);
    for (let n = 0; n < 600; n++) {
      const alphabet = ['a', 'b', 'c', 'd'].slice(0, r.int(1, 4));
      const a = r.times(0, 14, () => r.pick(alphabet));
      const b = r.maybe(0.3)
        ? a.map((x) => (r.maybe(0.2) ? r.pick(alphabet) : x))
        : r.times(0, 14, () => r.pick(alphabet));
      const lines = diffLines(a, b);
      const ctx = JSON.stringify({ a, b });
      expect(
        lines.filter((l) => l.op !== 'add').map((l) => l.text),
        ctx,
      ).toEqual(a);
      expect(
        lines.filter((l) => l.op !== 'remove').map((l) => l.text),
        ctx,
      ).toEqual(b);
      expect(
        lines.flatMap((l) => (l.oldLine ? [l.oldLine] : [])),
        ctx,
      ).toEqual(a.map((_, i) => i + 1));
      expect(
        lines.flatMap((l) => (l.newLine ? [l.newLine] : [])),
        ctx,
      ).toEqual(b.map((_, i) => i + 1));
      expect(lines.filter((l) => l.op === 'context').length, ctx).toBe(lcs(a, b));
    }
  });

  it('handles large inputs', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const b = a.map((x, i) => (i % 100 === 0 ? `${x} changed` : x));
    const lines = diffLines(a, b);
    expect(lines.filter((l) => l.op === 'add')).toHaveLength(50);
    const unrelated = diffLines(
      a,
      a.map((x) => `${x}!`),
    );
    expect(unrelated.filter((l) => l.op === 'remove')).toHaveLength(5000);
  });
});
