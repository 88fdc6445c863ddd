import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { toDiagnostics } from './diagnostics.ts';

const doc = Text.of(['kind: VirtualService', 'spec:', '  http:', '', '    - route: []']);

describe('toDiagnostics', () => {
  it.each([
    { name: 'a top-level line: the whole line', line: 1, from: 0, to: 20 },
    { name: 'an indented line: from its first non-blank', line: 3, from: 29, to: 34 },
    { name: 'a list item: from the dash', line: 5, from: 40, to: 51 },
    { name: 'a blank line: a point', line: 4, from: 35, to: 35 },
    { name: 'beyond the end: the last line', line: 99, from: 40, to: 51 },
    { name: 'line 0 (unknown): the first line', line: 0, from: 0, to: 20 },
  ])('places $name', ({ line, from, to }) => {
    const [d] = toDiagnostics(doc, [{ line, message: 'm', severity: 'warning' }]);
    expect(d).toEqual({ from, to, severity: 'warning', message: 'm' });
  });

  it('keeps severity, message and source', () =>
    expect(
      toDiagnostics(doc, [
        { line: 2, message: 'Subset "v9" not found', severity: 'error', source: 'VS_SUBSET_NOT_FOUND' },
        { line: 2, message: 'weights', severity: 'info' },
      ]),
    ).toEqual([
      {
        from: 21,
        to: 26,
        severity: 'error',
        message: 'Subset "v9" not found',
        source: 'VS_SUBSET_NOT_FOUND',
      },
      { from: 21, to: 26, severity: 'info', message: 'weights' },
    ]));
});
