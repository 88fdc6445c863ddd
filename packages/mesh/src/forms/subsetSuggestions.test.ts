import { describe, expect, it } from 'vitest';
import { emptySubsetForm, type DestinationRuleForm, type LabelForm } from './destinationRuleForm.ts';
import {
  addVersionSubsets,
  type LabelledWorkload,
  labelSuggestions,
  missingVersions,
  subsetSelector,
  subsetWorkloads,
} from './subsetSuggestions.ts';

const reviews: LabelledWorkload[] = [
  { name: 'reviews-v1', labels: { app: 'reviews', version: 'v1' } },
  { name: 'reviews-v2', labels: { app: 'reviews', version: 'v2', track: 'canary' } },
  { name: 'reviews-v3', labels: { app: 'reviews', version: 'v3' } },
];

const labels = (o: Record<string, string>): LabelForm[] =>
  Object.entries(o).map(([name, value]) => ({ name, value }));

const form = (...subsets: Array<[string, Record<string, string>]>): DestinationRuleForm => ({
  host: 'reviews',
  trafficPolicy: { connectionPool: {}, outlierDetection: {} },
  subsets: subsets.map(([name, l], i) => ({ ...emptySubsetForm(`subsets[${i}]`, name), labels: labels(l) })),
});

describe('subsetWorkloads', () => {
  it.each([
    { what: 'one version', labels: { version: 'v2' }, matches: ['reviews-v2'] },
    {
      what: 'two labels, both must match',
      labels: { version: 'v2', track: 'canary' },
      matches: ['reviews-v2'],
    },
    { what: 'a label no workload has', labels: { version: 'v9' }, matches: [] },
    {
      what: 'a label shared by all',
      labels: { app: 'reviews' },
      matches: ['reviews-v1', 'reviews-v2', 'reviews-v3'],
    },
    { what: 'no labels: every endpoint', labels: {}, matches: ['reviews-v1', 'reviews-v2', 'reviews-v3'] },
  ])('$what', ({ labels: l, matches }) => {
    expect(subsetWorkloads(labels(l as Record<string, string>), reviews).map((w) => w.name)).toEqual(matches);
  });

  it('ignores rows without a name, as the mapping does', () => {
    expect(
      subsetSelector([
        { name: ' ', value: 'x' },
        { name: 'version', value: 'v1' },
      ]),
    ).toEqual({ version: 'v1' });
    expect(subsetWorkloads([{ name: '', value: 'v1' }], reviews)).toHaveLength(3);
  });
});

describe('labelSuggestions', () => {
  it('lists each key with its values, sorted', () => {
    expect(labelSuggestions(reviews)).toEqual([
      { key: 'app', values: ['reviews'] },
      { key: 'track', values: ['canary'] },
      { key: 'version', values: ['v1', 'v2', 'v3'] },
    ]);
    expect(labelSuggestions([])).toEqual([]);
  });
});

describe('a subset per version', () => {
  it('adds the versions no subset covers, by name or by labels, after the others', () => {
    const before = form(['v1', { version: 'v1' }], ['canary', { version: 'v3' }]);
    expect(missingVersions(before, reviews)).toEqual(['v2']);
    const after = addVersionSubsets(before, reviews);
    expect(after.subsets.slice(0, 2)).toEqual(before.subsets);
    expect(after.subsets[2]).toEqual({
      ...emptySubsetForm('new-1', 'v2'),
      labels: labels({ version: 'v2' }),
    });
  });

  it('adds every version to an empty rule, each with its own key', () => {
    const after = addVersionSubsets(form(), reviews);
    expect(after.subsets.map((s) => [s.key, s.name, s.labels])).toEqual([
      ['new-1', 'v1', labels({ version: 'v1' })],
      ['new-2', 'v2', labels({ version: 'v2' })],
      ['new-3', 'v3', labels({ version: 'v3' })],
    ]);
  });

  it('a subset with more labels than the version does not cover it', () => {
    expect(missingVersions(form(['stable', { version: 'v1', track: 'x' }]), reviews)).toEqual([
      'v1',
      'v2',
      'v3',
    ]);
  });

  it('changes nothing when every version is covered or no workload has one', () => {
    const full = form(['v1', { version: 'v1' }], ['v2', { version: 'v2' }], ['v3', { version: 'v3' }]);
    expect(addVersionSubsets(full, reviews)).toBe(full);
    expect(addVersionSubsets(form(), [{ name: 'x', labels: { app: 'x' } }]).subsets).toEqual([]);
  });
});
