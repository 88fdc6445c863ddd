import type { Validation } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { editStatus, type EditStatus } from './editStatus.ts';

const warning: Validation = { severity: 'warning', message: 'no subset', path: 'spec' } as Validation;

describe('editStatus', () => {
  it.each<[string, Parameters<typeof editStatus>[0], EditStatus]>([
    [
      'a syntax error is never "Valid", even on a stored object without findings',
      { unchanged: false, syntaxErrors: 1, problems: [{ severity: 'error' }], stored: [] },
      { severity: 'error', text: 'YAML syntax error', subject: 'edit' },
    ],
    [
      'several syntax errors',
      { unchanged: false, syntaxErrors: 2, problems: [], stored: [] },
      { severity: 'error', text: '2 YAML syntax errors', subject: 'edit' },
    ],
    [
      'the unchanged text is the stored object',
      { unchanged: true, syntaxErrors: 0, problems: [], stored: [] },
      { severity: 'valid', text: 'Valid', subject: 'stored' },
    ],
    [
      'the stored object with a warning',
      { unchanged: true, syntaxErrors: 0, problems: [], stored: [warning] },
      { severity: 'warning', text: '1 warning', subject: 'stored' },
    ],
    [
      'an edit with an error found locally or by the live check',
      {
        unchanged: false,
        syntaxErrors: 0,
        problems: [{ severity: 'error' }, { severity: 'warning' }],
        stored: [],
      },
      { severity: 'error', text: '1 error, 1 warning', subject: 'edit' },
    ],
    [
      'an edit with warnings only',
      { unchanged: false, syntaxErrors: 0, problems: [{ severity: 'warning' }], stored: [] },
      { severity: 'warning', text: '1 warning', subject: 'edit' },
    ],
    [
      'a clean edit is not claimed valid before its review',
      { unchanged: false, syntaxErrors: 0, problems: [], stored: [] },
      { severity: 'info', text: 'Edited · no problems found', subject: 'edit' },
    ],
  ])('%s', (_, input, expected) => expect(editStatus(input)).toEqual(expected));
});
