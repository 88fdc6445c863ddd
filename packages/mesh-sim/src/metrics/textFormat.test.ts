import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatSampleValue, joinLabels } from './textFormat.ts';

describe('escapeLabelValue', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a"b', 'a\\"b'],
    ['back\\slash', 'back\\\\slash'],
    ['line\nfeed', 'line\\nfeed'],
    ['all\\"\n', 'all\\\\\\"\\n'],
    ['tab\tstays', 'tab\tstays'],
    ['spiffe://cluster.local/ns/a/sa/b', 'spiffe://cluster.local/ns/a/sa/b'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected);
  });
});

describe('escapeHelp', () => {
  it('escapes backslash and newline but not quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });
});

describe('formatSampleValue', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [1.5, '1.5'],
    [1e6, '1000000'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%d -> %s', (value, text) => {
    expect(formatSampleValue(value)).toBe(text);
  });
});

describe('joinLabels', () => {
  it('joins names and escaped values in order', () => {
    expect(joinLabels(['a', 'b'], ['x', 'say "hi"'])).toBe('a="x",b="say \\"hi\\""');
  });
  it('refuses mismatched arity', () => {
    expect(() => joinLabels(['a'], [])).toThrow(/arity/);
  });
});
